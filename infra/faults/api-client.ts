/**
 * The fault suite's HTTP client: plain fetch against the balancer, tokens signed with the local
 * key pair the cluster's APIs trust (as `npm run token` signs them), and actions retried the way
 * a careful client retries them — same Idempotency-Key, only on answers that say "try again".
 */
import { issueToken, readSigningKey, type Role } from '@dondoc/auth';
import { loadAuthSettings } from '@dondoc/config';

/** A response: status and parsed JSON (the text when it is not JSON); status 0 for a network error. */
export interface Answer<T = unknown> {
  status: number;
  body: T;
  /** The Retry-After header, when the answer has one. */
  retryAfter?: string;
}

/** Statuses after which the same request may be sent again: the change did not happen, or the key replays it. */
const RETRYABLE = new Set([0, 429, 502, 503, 504]);

/**
 * Whether a careful client sends the request again. Besides the statuses above, a 409 that says
 * when to retry: the Idempotency-Key is still held by an earlier attempt (after an outage cut it
 * short, until its lease lapses), which is "not yet", where a refused transition (409 without
 * Retry-After) is final.
 */
export function worthRetrying(answer: Pick<Answer, 'status' | 'retryAfter'>): boolean {
  return RETRYABLE.has(answer.status) || (answer.status === 409 && answer.retryAfter !== undefined);
}

const REQUEST_TIMEOUT_MS = 60_000;

/** Talks to the API as any person of any unit. */
export class ApiClient {
  private readonly tokens = new Map<string, Promise<string>>();
  private readonly signing = (() => {
    const settings = loadAuthSettings();
    return { settings, ...readSigningKey(settings.privateKeyFile) };
  })();

  constructor(readonly baseUrl: string) {}

  /** A token for `sub`, a `role` of `unitId`, valid for the whole run. */
  token(unitId: string, role: Role, sub = `${role}@${unitId}`): Promise<string> {
    const cacheKey = `${unitId}|${role}|${sub}`;
    let token = this.tokens.get(cacheKey);
    if (token === undefined) {
      const { settings, key, algorithm } = this.signing;
      token = issueToken({
        key,
        algorithm,
        issuer: settings.issuer,
        audience: settings.audience,
        unitClaim: settings.unitClaim,
        rolesClaim: settings.rolesClaim,
        now: new Date(),
        unitId,
        roles: [role],
        sub,
        ttlSeconds: 6 * 3600,
      });
      this.tokens.set(cacheKey, token);
    }
    return token;
  }

  /** One request; a network error or time-out answers status 0 with the error's message. */
  async send<T>(
    method: string,
    path: string,
    token: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> {
    try {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON (a balancer's error page): keep the text.
      }
      const retryAfter = response.headers.get('retry-after') ?? undefined;
      return { status: response.status, body: parsed as T, ...(retryAfter === undefined ? {} : { retryAfter }) };
    } catch (error) {
      return { status: 0, body: (error instanceof Error ? error.message : String(error)) as T };
    }
  }

  /** A request that must succeed: retried while the answer says "again", until `deadlineMs`. */
  async must<T>(method: string, path: string, token: string, body?: unknown, deadlineMs = 300_000): Promise<T> {
    const answer = await this.retrying<T>(method, path, token, body, {}, deadlineMs);
    if (answer.status >= 300) {
      throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 400)}`);
    }
    return answer.body;
  }

  /**
   * Sends until the answer is final (see {@link worthRetrying}) or the deadline passes; the last
   * answer either way. Callers that change something pass an Idempotency-Key in `headers`, so a
   * retry of a request that did act answers as the first did instead of acting again.
   */
  async retrying<T>(
    method: string,
    path: string,
    token: string,
    body: unknown,
    headers: Record<string, string>,
    deadlineMs: number,
  ): Promise<Answer<T> & { attempts: number }> {
    const deadline = Date.now() + deadlineMs;
    let attempts = 0;
    let pauseMs = 200;
    for (;;) {
      attempts += 1;
      const answer = await this.send<T>(method, path, token, body, headers);
      if (!worthRetrying(answer) || Date.now() >= deadline) return { ...answer, attempts };
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      pauseMs = Math.min(pauseMs * 2, 3_000);
    }
  }
}
