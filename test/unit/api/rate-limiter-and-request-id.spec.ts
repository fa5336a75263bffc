import { corsOptions } from '../../../apps/api/src/http/cors';
import { ApiLogger, createApiLogger } from '../../../apps/api/src/http/logging';
import { MemoryThrottlerStorage } from '../../../apps/api/src/http/rate-limit/memory-throttler.storage';
import { chooseRequestId } from '../../../apps/api/src/http/request-id.middleware';

/** The answer for one request, as the guard reads it from the store. */
type RateDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

/** The in-memory ThrottlerStorage at `perMinute`, asked as the guard asks it (a window of a minute). */
class Bucket {
  constructor(
    private readonly storage: MemoryThrottlerStorage,
    readonly perMinute: number,
  ) {}

  async take(identity: string): Promise<RateDecision> {
    const record = await this.storage.increment(identity, 60_000, this.perMinute, 60_000, 'default');
    return record.isBlocked
      ? { allowed: false, retryAfterSeconds: record.timeToBlockExpire }
      : { allowed: true, remaining: this.perMinute - record.totalHits };
  }

  get size(): number {
    return this.storage.size;
  }
}

describe('token bucket rate limiter (the in-memory ThrottlerStorage)', () => {
  function limiter(perMinute: number, maxIdentities = 100): { limiter: Bucket; advance: (ms: number) => void } {
    let now = 0;
    return {
      limiter: new Bucket(new MemoryThrottlerStorage(() => now, maxIdentities), perMinute),
      advance: (ms) => (now += ms),
    };
  }

  it('allows a minute’s allowance at once, then refuses with the wait until the next token', async () => {
    const { limiter: l } = limiter(60);
    for (let i = 0; i < 60; i += 1) expect(await l.take('alice')).toEqual({ allowed: true, remaining: 59 - i });
    expect(await l.take('alice')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('refills continuously at the per-minute rate, never above the allowance', async () => {
    const { limiter: l, advance } = limiter(6); // one token every 10 s
    for (let i = 0; i < 6; i += 1) await l.take('bob');
    expect(await l.take('bob')).toEqual({ allowed: false, retryAfterSeconds: 10 });
    advance(4_000);
    expect(await l.take('bob')).toEqual({ allowed: false, retryAfterSeconds: 6 });
    advance(6_000);
    expect(await l.take('bob')).toMatchObject({ allowed: true });
    advance(3_600_000);
    for (let i = 0; i < 6; i += 1) expect((await l.take('bob')).allowed).toBe(true);
    expect((await l.take('bob')).allowed).toBe(false);
  });

  it('keeps each identity’s bucket apart', async () => {
    const { limiter: l } = limiter(1);
    expect((await l.take('sub:a')).allowed).toBe(true);
    expect((await l.take('sub:a')).allowed).toBe(false);
    expect((await l.take('sub:b')).allowed).toBe(true);
  });

  it('forgets the least recently seen identity beyond its capacity', async () => {
    const { limiter: l } = limiter(1, 2);
    await l.take('a');
    await l.take('b');
    await l.take('a'); // a is now the most recent
    await l.take('c'); // evicts b
    expect(l.size).toBe(2);
    expect((await l.take('a')).allowed).toBe(false); // still remembered: spent
    expect((await l.take('b')).allowed).toBe(true); // forgotten: a full bucket again
  });

  it('refuses a limit below one a minute', async () => {
    await expect(new Bucket(new MemoryThrottlerStorage(), 0).take('a')).rejects.toThrow(RangeError);
  });
});

describe('request id', () => {
  it('keeps ids from proxies and clients that are safe to log', () => {
    for (const id of [
      '0b7c3e9a-1d2f-4c5b-9a8e-7f6d5c4b3a21',
      'lb-7f3a:42',
      'Root=1-67891233-abcdef012345678912345678',
      'a/b+c=',
    ]) {
      expect(chooseRequestId(id, () => 'new')).toBe(id);
    }
    expect(chooseRequestId(['first', 'second'], () => 'new')).toBe('first');
  });

  it('replaces missing, empty, overlong or unsafe ids with a new one', () => {
    for (const id of [
      undefined,
      '',
      ' lead',
      'has space',
      'line\nbreak',
      '"quoted"',
      'x'.repeat(129),
      '-starts-with-dash',
    ]) {
      expect(chooseRequestId(id, () => 'new')).toBe('new');
    }
  });
});

describe('CORS options', () => {
  it('are off without configured origins, exact origins otherwise, and never with credentials', () => {
    expect(corsOptions([])).toBeNull();
    expect(corsOptions(['https://a.gov.vn'])).toMatchObject({
      origin: ['https://a.gov.vn'],
      credentials: false,
      exposedHeaders: expect.arrayContaining(['x-request-id', 'retry-after']),
    });
    expect(corsOptions(['*'])).toMatchObject({ origin: '*' });
  });
});

describe('JSON logger (nestjs-pino over pino)', () => {
  afterEach(() => jest.useRealTimers());

  it('writes one JSON object per line with time, level, context and message; errors keep their stack', () => {
    jest.useFakeTimers({ now: new Date('2026-11-22T00:00:00Z') });
    const lines: string[] = [];
    const logger = new ApiLogger(createApiLogger({ write: (line: string) => lines.push(line) }));
    logger.log('listening', 'NestApplication');
    logger.error('failed', 'Error: failed\n    at x', 'ErrorFilter');
    logger.warn({ odd: true });
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      { time: '2026-11-22T00:00:00.000Z', level: 'info', context: 'NestApplication', msg: 'listening' },
      {
        time: '2026-11-22T00:00:00.000Z',
        level: 'error',
        context: 'ErrorFilter',
        msg: 'failed',
        stack: 'Error: failed\n    at x',
      },
      { time: '2026-11-22T00:00:00.000Z', level: 'warn', msg: '{"odd":true}' },
    ]);
    expect(lines.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
  });

  it('never writes a bearer token, wherever a request’s headers are logged', () => {
    const lines: string[] = [];
    const logger = createApiLogger({ write: (line: string) => lines.push(line) });
    logger.info(
      { req: { method: 'GET', headers: { authorization: 'Bearer secret.token.value', accept: 'application/json' } } },
      'with a request',
    );
    logger.info({ headers: { authorization: 'Bearer secret.token.value' } }, 'with headers');
    expect(lines.join('')).not.toContain('secret.token.value');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      req: { headers: { authorization: '[redacted]', accept: 'application/json' } },
    });
  });
});
