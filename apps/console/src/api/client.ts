import { ApiError } from './api-error';
import type { ErrorBody } from './types';

/** Where the API is: the same origin that served the console. */
const API_ROOT = '/api/v1';

let sessionToken: string | null = null;
let onUnauthorized: () => void = () => undefined;

/**
 * The token requests carry from now on (null: none). Set by the session as soon as it knows it,
 * before any screen asks for data, so no first request goes out without it.
 */
export function setSessionToken(token: string | null): void {
  sessionToken = token;
}

/** What a 401 does: the session ends, and the person signs in again. */
export function onSessionRefused(handler: () => void): void {
  onUnauthorized = handler;
}

/** The signed-in person's token, for the rare call the JSON client does not make (a file upload). */
export function currentToken(): Promise<string | null> {
  return Promise.resolve(sessionToken);
}

/**
 * Headers for a call the JSON client does not make (a file sent or fetched): the person's token
 * and the language the API should answer errors in.
 */
export async function callHeaders(): Promise<Record<string, string>> {
  const token = await currentToken();
  return { 'accept-language': answerLanguage(), ...(token === null ? {} : { authorization: `Bearer ${token}` }) };
}

/**
 * The language the API should write its error texts in: the console's own (set on <html> by the
 * i18n start-up and every switch), Vietnamese unless English was chosen.
 */
export function answerLanguage(): 'vi' | 'en' {
  return document.documentElement.lang === 'en' ? 'en' : 'vi';
}

/** A GET's last answer and its ETag, so polling asks "changed?" and the server can say 304. */
const validated = new Map<string, { etag: string; body: unknown }>();

/** Forgets what polling remembered (on sign-out, so nobody sees another person's answers). */
export function forgetValidatedAnswers(): void {
  validated.clear();
}

/** Options of one request. */
export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  /** A body sent as it is, with its own media type (a CSV file), instead of JSON. */
  text?: { contentType: string; content: string };
  signal?: AbortSignal;
}

/**
 * One call of the API with the person's token. A GET sends the ETag of its last answer and reuses
 * that answer on 304. Anything but 2xx throws {@link ApiError}; a 401 also ends the session.
 */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': answerLanguage() };
  const token = sessionToken;
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.text !== undefined) headers['content-type'] = options.text.contentType;
  const remembered = method === 'GET' ? validated.get(path) : undefined;
  if (remembered !== undefined) headers['if-none-match'] = remembered.etag;
  let response: Response;
  try {
    response = await fetch(`${API_ROOT}${path}`, {
      method,
      headers,
      body: options.text?.content ?? (options.body === undefined ? null : JSON.stringify(options.body)),
      signal: options.signal ?? null,
      cache: 'no-store',
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, null);
  }
  if (response.status === 304 && remembered !== undefined) return remembered.body as T;
  const body: unknown = await readBody(response);
  if (!response.ok) {
    if (response.status === 401) onUnauthorized();
    throw new ApiError(response.status, isErrorBody(body) ? body : null);
  }
  const etag = response.headers.get('etag');
  if (method === 'GET' && etag !== null) validated.set(path, { etag, body });
  return body as T;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function isErrorBody(body: unknown): body is ErrorBody {
  return typeof body === 'object' && body !== null && 'statusCode' in body && 'message' in body;
}

/** `/tasks?unitId=…`: a path with its query, leaving out what is unset. */
export function withQuery(path: string, query: Record<string, string | number | boolean | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}
