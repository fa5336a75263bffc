import { isUtf8 } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FieldErrors } from '../errors/errors';

/**
 * A body parser `verify` hook that refuses bytes which are not UTF-8. Without it the parser
 * decodes them to U+FFFD and the text is stored changed without a word. The field is named by
 * decoding leniently and finding the first string holding U+FFFD (a client that itself sent
 * U+FFFD earlier in the body would see that field named instead; the refusal stands either way).
 */
export function refuseInvalidUtf8(_req: IncomingMessage, _res: ServerResponse, buffer: Buffer, encoding: string): void {
  if (!/^utf-?8$/i.test(encoding) || isUtf8(buffer)) return;
  const error = new FieldErrors([
    { field: fieldOfReplacement(buffer), problem: 'is not valid UTF-8: send the request body encoded in UTF-8' },
  ]);
  // The parser keeps a thrown error's status; without one it would answer 403.
  throw Object.assign(error, { status: 400, expose: true });
}

function fieldOfReplacement(buffer: Buffer): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8').decode(buffer));
  } catch {
    return 'body';
  }
  return find(parsed, '', 0) ?? 'body';
}

function find(value: unknown, field: string, depth: number): string | undefined {
  if (typeof value === 'string') return value.includes('\uFFFD') ? field || 'body' : undefined;
  if (value === null || typeof value !== 'object' || depth > 64) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = find(value[i], `${field}[${i}]`, depth + 1);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }
  for (const [key, child] of Object.entries(value)) {
    const keyField = field ? `${field}.${key}` : key;
    if (key.includes('\uFFFD')) return keyField;
    const hit = find(child, keyField, depth + 1);
    if (hit !== undefined) return hit;
  }
  return undefined;
}
