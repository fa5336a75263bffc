/**
 * The benchmark's webhook receiver: a plain HTTP server on loopback, as an agency's system would
 * run one. It verifies every request with `standardwebhooks` against the secret of the path it
 * came to, and records when each event id first arrived (and how many arrivals repeated one).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** What the receiver saw of one event: its first arrival (epoch ms) and how often it came. */
export interface Arrival {
  firstAt: number;
  count: number;
}

/** A receiver with one secret per path: `/hooks/<n>` belongs to the n-th subscription. */
export class TimingReceiver {
  /** First arrival of each event id (the body's `id`). */
  readonly arrivals = new Map<string, Arrival>();
  unverified = 0;
  private readonly secrets = new Map<string, Webhook>();
  private readonly server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const at = Date.now();
      const body = Buffer.concat(chunks).toString('utf8');
      const verifier = this.secrets.get(request.url ?? '');
      try {
        if (verifier === undefined) throw new Error(`no secret for ${request.url}`);
        verifier.verify(body, request.headers as Record<string, string>);
      } catch {
        this.unverified += 1;
        response.writeHead(401).end();
        return;
      }
      const id = (JSON.parse(body) as { id: string }).id;
      const seen = this.arrivals.get(id);
      if (seen === undefined) this.arrivals.set(id, { firstAt: at, count: 1 });
      else seen.count += 1;
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  private base = '';

  /** Listens on a free loopback port. */
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The URL of the n-th subscription, whose requests are verified with `secret`. */
  urlFor(n: number, secret: string): string {
    const path = `/hooks/${n}`;
    this.secrets.set(path, new Webhook(secret));
    return `${this.base}${path}`;
  }

  /** How many distinct event ids starting with `prefix` have arrived. */
  countOf(prefix: string): number {
    let count = 0;
    for (const id of this.arrivals.keys()) if (id.startsWith(prefix)) count += 1;
    return count;
  }

  /** Arrivals beyond the first of an event id: at-least-once repeats the receiver removes. */
  repeats(): number {
    let extra = 0;
    for (const arrival of this.arrivals.values()) extra += arrival.count - 1;
    return extra;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }
}

/** p-th percentile (nearest rank) of ascending `sorted`; NaN for none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

/** p50, p95, p99 and max of a list of milliseconds, rounded. */
export function spread(values: readonly number[]): { p50: number; p95: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (n: number): number => Math.round(n);
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? Number.NaN),
  };
}
