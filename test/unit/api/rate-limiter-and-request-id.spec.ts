import { corsOptions } from '../../../apps/api/src/http/cors';
import { JsonLogger } from '../../../apps/api/src/http/json-logger';
import { TokenBucketLimiter } from '../../../apps/api/src/http/rate-limiter';
import { chooseRequestId } from '../../../apps/api/src/http/request-id.middleware';

describe('token bucket rate limiter', () => {
  function limiter(perMinute: number, maxIdentities = 100): { limiter: TokenBucketLimiter; advance: (ms: number) => void } {
    let now = 0;
    return { limiter: new TokenBucketLimiter(perMinute, () => now, maxIdentities), advance: (ms) => (now += ms) };
  }

  it('allows a minute’s allowance at once, then refuses with the wait until the next token', () => {
    const { limiter: l } = limiter(60);
    for (let i = 0; i < 60; i += 1) expect(l.take('alice')).toEqual({ allowed: true, remaining: 59 - i });
    expect(l.take('alice')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('refills continuously at the per-minute rate, never above the allowance', () => {
    const { limiter: l, advance } = limiter(6); // one token every 10 s
    for (let i = 0; i < 6; i += 1) l.take('bob');
    expect(l.take('bob')).toEqual({ allowed: false, retryAfterSeconds: 10 });
    advance(4_000);
    expect(l.take('bob')).toEqual({ allowed: false, retryAfterSeconds: 6 });
    advance(6_000);
    expect(l.take('bob')).toMatchObject({ allowed: true });
    advance(3_600_000);
    for (let i = 0; i < 6; i += 1) expect(l.take('bob').allowed).toBe(true);
    expect(l.take('bob').allowed).toBe(false);
  });

  it('keeps each identity’s bucket apart', () => {
    const { limiter: l } = limiter(1);
    expect(l.take('sub:a').allowed).toBe(true);
    expect(l.take('sub:a').allowed).toBe(false);
    expect(l.take('sub:b').allowed).toBe(true);
  });

  it('forgets the least recently seen identity beyond its capacity', () => {
    const { limiter: l } = limiter(1, 2);
    l.take('a');
    l.take('b');
    l.take('a'); // a is now the most recent
    l.take('c'); // evicts b
    expect(l.size).toBe(2);
    expect(l.take('a').allowed).toBe(false); // still remembered: spent
    expect(l.take('b').allowed).toBe(true); // forgotten: a full bucket again
  });

  it('refuses a limit below one a minute', () => {
    expect(() => new TokenBucketLimiter(0)).toThrow(RangeError);
  });
});

describe('request id', () => {
  it('keeps ids from proxies and clients that are safe to log', () => {
    for (const id of ['0b7c3e9a-1d2f-4c5b-9a8e-7f6d5c4b3a21', 'lb-7f3a:42', 'Root=1-67891233-abcdef012345678912345678', 'a/b+c=']) {
      expect(chooseRequestId(id, () => 'new')).toBe(id);
    }
    expect(chooseRequestId(['first', 'second'], () => 'new')).toBe('first');
  });

  it('replaces missing, empty, overlong or unsafe ids with a new one', () => {
    for (const id of [undefined, '', ' lead', 'has space', 'line\nbreak', '"quoted"', 'x'.repeat(129), '-starts-with-dash']) {
      expect(chooseRequestId(id, () => 'new')).toBe('new');
    }
  });
});

describe('CORS options', () => {
  it('are off without configured origins, exact origins otherwise, and never with credentials', () => {
    expect(corsOptions([])).toBeNull();
    expect(corsOptions(['https://a.gov.vn'])).toMatchObject({ origin: ['https://a.gov.vn'], credentials: false, exposedHeaders: expect.arrayContaining(['x-request-id', 'retry-after']) });
    expect(corsOptions(['*'])).toMatchObject({ origin: '*' });
  });
});

describe('JSON logger', () => {
  it('writes one JSON object per line with time, level, context and message; errors keep their stack', () => {
    const lines: string[] = [];
    const logger = new JsonLogger((line) => lines.push(line), () => new Date('2026-11-22T00:00:00Z'));
    logger.log('listening', 'NestApplication');
    logger.error('failed', 'Error: failed\n    at x', 'ErrorFilter');
    logger.warn({ odd: true });
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      { time: '2026-11-22T00:00:00.000Z', level: 'info', context: 'NestApplication', msg: 'listening' },
      { time: '2026-11-22T00:00:00.000Z', level: 'error', context: 'ErrorFilter', msg: 'failed', stack: 'Error: failed\n    at x' },
      { time: '2026-11-22T00:00:00.000Z', level: 'warn', msg: '{"odd":true}' },
    ]);
    expect(lines.every((line) => !line.includes('\n'))).toBe(true);
  });
});
