import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** Longest the SDK's own exporter may take to answer before a scrape goes on without its series. */
const SDK_SCRAPE_TIMEOUT_MS = 2_000;

/** What the worker's HTTP listener serves. */
export interface MetricsServerOptions {
  registry: Registry;
  /** Where the Temporal SDK's Prometheus exporter listens (its poller, slot and task metrics), if it does. */
  sdkMetricsUrl?: string;
}

/**
 * The worker's small HTTP listener for Prometheus: `/metrics` serves Dondoc's series, then the
 * SDK's, so each worker is one scrape target. Nothing else: the orchestrator's probes have a
 * listener of their own (DONDOC_WORKER_HEALTH_PORT), so a slow scrape never fails a probe.
 */
export function createMetricsServer(options: MetricsServerOptions): Server {
  return createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET') {
      response.writeHead(405, { Allow: 'GET' }).end();
      return;
    }
    if (path !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    scrape(options).then(
      (text) => response.writeHead(200, { 'Content-Type': options.registry.contentType }).end(text),
      (error: unknown) => response.writeHead(500).end(error instanceof Error ? error.message : String(error)),
    );
  });
}

/** Starts listening on `port` (0: any free port) and answers the port it got. */
export async function listen(server: Server, port: number, host = '0.0.0.0'): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** Stops accepting scrapes and waits for the open ones to end. */
export async function close(server: Server): Promise<void> {
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

async function scrape(options: MetricsServerOptions): Promise<string> {
  const ours = await options.registry.metrics();
  if (options.sdkMetricsUrl === undefined) return ours;
  try {
    const sdk = await fetch(options.sdkMetricsUrl, { signal: AbortSignal.timeout(SDK_SCRAPE_TIMEOUT_MS) });
    if (!sdk.ok) return `${ours}# the Temporal SDK's exporter answered ${sdk.status}\n`;
    return `${ours}${await sdk.text()}`;
  } catch (error) {
    // Dondoc's own series are still worth a scrape when the SDK's exporter does not answer.
    return `${ours}# the Temporal SDK's exporter did not answer: ${error instanceof Error ? error.message : String(error)}\n`;
  }
}
