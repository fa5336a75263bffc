import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request the receiver got, and which of its secrets verified it. */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  /** For each secret the receiver was given, whether `standardwebhooks` verified the request with it. */
  verifiedBy: boolean[];
}

/**
 * A real HTTP receiver, as an agency's system would run one: it verifies each request with the
 * `standardwebhooks` package against the secrets it holds, records it, and answers with the
 * status it is told to (200 unless `answer` says otherwise; `hang` never answers).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  answer: number | 'hang' = 200;
  private readonly server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      this.received.push({
        headers: request.headers,
        body,
        verifiedBy: this.secrets.map((secret) => verifies(secret, body, request.headers)),
      });
      if (this.answer === 'hang') return;
      response.writeHead(this.answer, { 'content-type': 'text/plain' }).end('ok');
    });
  });

  constructor(private readonly secrets: readonly string[]) {}

  /** Listens on a free loopback port; resolves to the receiver's URL. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/dondoc`;
  }

  /** Stops listening and drops connections a hanging answer left open. */
  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }
}

function verifies(secret: string, body: string, headers: IncomingHttpHeaders): boolean {
  try {
    new Webhook(secret).verify(body, headers as Record<string, string>);
    return true;
  } catch {
    return false;
  }
}
