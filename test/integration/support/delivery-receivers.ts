/**
 * Real receivers for the dispatcher's tests: an HTTP server that verifies Standard Webhooks
 * signatures with the `standardwebhooks` package and removes repeats by `webhook-id` as a
 * receiver should, and an in-process SMTP server that parses what it is sent. No mocked transport.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { Webhook } from 'standardwebhooks';

/** What one path of the receiver answers: a status, or never (the request hangs until closed). */
export type WebhookBehaviour = (attempt: number) => number | 'hang';

/** One request as the receiver saw it. */
export interface ReceivedWebhook {
  path: string;
  webhookId: string;
  body: unknown;
  /** Which of the path's secrets verified the signature (index into the path's secrets). */
  verifiedWith: number;
  status: number;
  at: number;
}

/** A webhook receiver: per path, the secrets it verifies with and what it answers. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  /** Requests refused because no secret verified them. */
  readonly unverified: string[] = [];
  private readonly paths = new Map<
    string,
    { secrets: string[]; behaviour: WebhookBehaviour; attempts: number; delayMs: number }
  >();
  private readonly hanging = new Set<ServerResponse>();
  private readonly server = http.createServer((request, response) => void this.handle(request, response));
  private port = 0;

  /** Starts listening on a free loopback port. */
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Answers `path` per `behaviour` after `delayMs`, accepting a signature by any of `secrets`; returns its URL. */
  route(path: string, secrets: string[], behaviour: WebhookBehaviour = () => 200, delayMs = 0): string {
    this.paths.set(path, { secrets, behaviour, attempts: 0, delayMs });
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** The distinct webhook-ids accepted (2xx) on `path`: what a receiver removing repeats keeps. */
  acceptedIds(path: string): Set<string> {
    return new Set(this.accepted(path).map((request) => request.webhookId));
  }

  /** The requests answered 2xx on `path`, repeats included. */
  accepted(path: string): ReceivedWebhook[] {
    return this.received.filter((request) => request.path === path && request.status < 300);
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = request.url ?? '/';
    const route = this.paths.get(path);
    if (route === undefined) return void response.writeHead(404).end();
    const headers = request.headers as Record<string, string>;
    const verifiedWith = route.secrets.findIndex((secret) => {
      try {
        new Webhook(secret).verify(raw, headers);
        return true;
      } catch {
        return false;
      }
    });
    if (verifiedWith < 0) {
      this.unverified.push(headers['webhook-id'] ?? '');
      return void response.writeHead(400).end();
    }
    route.attempts += 1;
    if (route.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, route.delayMs));
    const answer = route.behaviour(route.attempts);
    if (answer === 'hang') {
      this.hanging.add(response);
      return;
    }
    this.received.push({
      path,
      webhookId: headers['webhook-id'] ?? '',
      body: JSON.parse(raw) as unknown,
      verifiedWith,
      status: answer,
      at: Date.now(),
    });
    response.writeHead(answer).end();
  }
}

/** A real SMTP server in this process that keeps every message it accepts, parsed. */
export class MailCatcher {
  readonly received: ParsedMail[] = [];
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, _session, callback) => {
      simpleParser(stream)
        .then((mail) => {
          this.received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });

  /** Starts on a free loopback port; returns the `smtp://` URL to send to. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
