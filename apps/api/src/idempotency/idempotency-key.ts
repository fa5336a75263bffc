/**
 * The `Idempotency-Key` of the request being served, and the ids derived from it. A retried
 * request must not act twice even when the first died half-way (its answer never recorded), so
 * what the first created or sent carries an id derived from the key: a directive's id, an
 * extension request's id, the id of every Workflow Update (Temporal answers a repeated Update id
 * with the first Update's outcome instead of running it again).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { FieldErrors } from '../errors/errors';

/** The header, as the API names it in messages and in the OpenAPI document. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** Marks an answer replayed from the first request with the same key. */
export const REPLAYED_HEADER = 'Idempotent-Replayed';
export const MAX_KEY_LENGTH = 255;

/** A key as the caller sent it, scoped to the caller: two callers' equal keys are different keys. */
export interface CallerKey {
  readonly sub: string;
  readonly unitId: string;
  readonly key: string;
}

const storage = new AsyncLocalStorage<CallerKey>();

/** Runs `fn` (the handler) with `key` as the current request's key. */
export function runWithIdempotencyKey<T>(key: CallerKey, fn: () => T): T {
  return storage.run(key, fn);
}

/**
 * The header's value, checked: printable ASCII (space to tilde), 1 to 255 characters.
 * @throws FieldErrors naming the header.
 */
export function parseIdempotencyKey(raw: string | string[] | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const problem = (p: string): FieldErrors => new FieldErrors([{ field: IDEMPOTENCY_HEADER, problem: p }]);
  if (Array.isArray(raw)) throw problem('must be sent once');
  if (raw.length === 0) throw problem('must not be empty');
  if (raw.length > MAX_KEY_LENGTH) throw problem(`must be at most ${MAX_KEY_LENGTH} characters (got ${raw.length})`);
  if (!/^[\x20-\x7e]+$/.test(raw)) throw problem('must be printable ASCII characters (space to ~)');
  return raw;
}

function digest(...parts: string[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest();
}

function scoped(key: CallerKey, ...parts: string[]): Buffer {
  return digest('dondoc-idempotency', key.sub, key.unitId, key.key, ...parts);
}

/**
 * A UUID derived from the current request's key and `purpose` (RFC 9562 version 8, name-based
 * on SHA-256), or undefined when the request has no key.
 */
export function idempotentUuid(purpose: string): string | undefined {
  const key = storage.getStore();
  if (key === undefined) return undefined;
  const bytes = scoped(key, purpose).subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The Update id for sending `updateName` to `workflowId` under the current request's key, if it has one. */
export function idempotentUpdateId(workflowId: string, updateName: string): string | undefined {
  const key = storage.getStore();
  if (key === undefined) return undefined;
  return `idem-${scoped(key, 'update', workflowId, updateName).toString('hex').slice(0, 40)}`;
}

/** Deeper than this the body is refused by validation anyway; hashing it need not be canonical. */
const CANONICAL_DEPTH = 64;

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` are the same request. */
export function canonicalJson(value: unknown, depth = 0): string {
  if (depth > CANONICAL_DEPTH) return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, depth + 1)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k], depth + 1)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What makes two requests the same request: method, path with query, canonical body. */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  const text = typeof body === 'string' ? `text:${body}` : `json:${canonicalJson(body ?? null)}`;
  return digest(method.toUpperCase(), url, text).toString('hex');
}
