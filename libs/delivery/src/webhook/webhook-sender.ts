import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { signWebhook, type SigningSecrets } from './webhook-signing';
import { WebhookUrlRefusedError, guardedLookup, isPublicAddress, type WebhookUrlPolicy } from './webhook-url-guard';

/** One webhook request: the event's JSON body, signed, to the subscription's URL. */
export interface WebhookRequest {
  url: string;
  /** The delivery's stable id (`webhook-id`): the same on every retry, so a receiver removes repeats. */
  webhookId: string;
  /** The event as JSON, exactly the bytes that are signed. */
  body: string;
  secrets: SigningSecrets;
}

/** How the sender behaves for every request. */
export interface WebhookSenderOptions extends WebhookUrlPolicy {
  /** The whole request, from connecting to the end of the answer's headers, must fit in this. */
  timeoutMs: number;
  /** The clock that stamps `webhook-timestamp`; injected so tests can sign at a known time. */
  now?: () => Date;
}

/**
 * What the answer means for the delivery: `delivered` on any 2xx; `disable` on 410 Gone (the
 * receiver asks not to be called again: the subscription is turned off); `refused` when the URL
 * now leads to a private address (not sent at all); `retry` on anything else, a network error or
 * a time-out.
 */
export type WebhookOutcome =
  | { outcome: 'delivered'; status: number; durationMs: number }
  | { outcome: 'disable'; status: 410; durationMs: number }
  | { outcome: 'refused'; reason: string }
  | { outcome: 'retry'; status: number | null; error: string | null; durationMs: number };

/** The most of an answer's body read before the connection is dropped: receivers owe us nothing but a status. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** Sends signed webhooks and classifies the answers. */
export interface WebhookSender {
  send(request: WebhookRequest): Promise<WebhookOutcome>;
}

/** A webhook sender over node:http(s), with the address guard at connect time and a hard time-out. */
export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const lookup = guardedLookup(options);
  const now = options.now ?? (() => new Date());
  return {
    async send(request) {
      const url = new URL(request.url);
      const literal = url.hostname.replace(/^\[|\]$/g, '');
      const plainHttpRefused = url.protocol === 'http:' && !options.allowPrivate;
      if ((url.protocol !== 'https:' && url.protocol !== 'http:') || plainHttpRefused)
        return { outcome: 'refused', reason: 'only https:// URLs are accepted' };
      if (!options.allowPrivate && isIP(literal) && !isPublicAddress(literal))
        return { outcome: 'refused', reason: `${literal} is a loopback, private or link-local address` };
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'Dondoc-Webhooks/1',
        ...signWebhook(request.webhookId, now(), request.body, request.secrets),
      };
      const started = performance.now();
      const elapsed = (): number => Math.round(performance.now() - started);
      try {
        const status = await post(url, headers, request.body, options.timeoutMs, lookup);
        return classifyWebhookStatus(status, elapsed());
      } catch (error) {
        if (error instanceof WebhookUrlRefusedError) return { outcome: 'refused', reason: error.reason };
        const code = (error as NodeJS.ErrnoException).code;
        return { outcome: 'retry', status: null, error: code ?? (error as Error).message, durationMs: elapsed() };
      }
    },
  };
}

/** The meaning of an HTTP status for a delivery (see `WebhookOutcome`). */
export function classifyWebhookStatus(status: number, durationMs: number): WebhookOutcome {
  if (status >= 200 && status < 300) return { outcome: 'delivered', status, durationMs };
  if (status === 410) return { outcome: 'disable', status, durationMs };
  return { outcome: 'retry', status, error: null, durationMs };
}

/** POSTs the body and resolves with the answer's status once the answer has been read (or cut off). */
function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  lookup: ReturnType<typeof guardedLookup>,
): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup,
        agent: false,
      },
      (answer: IncomingMessage) => {
        let read = 0;
        answer.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) answer.destroy();
        });
        answer.on('close', () => {
          clearTimeout(timer);
          resolve(answer.statusCode ?? 0);
        });
      },
    );
    const timer = setTimeout(
      () => request.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })),
      timeoutMs,
    );
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(body);
  });
}
