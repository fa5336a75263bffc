/**
 * Who may call what, on the real stack: every endpoint against every role and every kind of bad
 * token, then the hardening around them (request id, headers, body limit, rate limit).
 * Roles are checked here; which units and directives a role reaches (scope) is not built yet.
 */
import { randomUUID } from 'node:crypto';
import { startStack, type Stack } from './support/stack';

const STACK_START_MS = 180_000;
const RATE_LIMIT = 400;

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ env: { DONDOC_BODY_LIMIT: '64kb', DONDOC_RATE_LIMIT: String(RATE_LIMIT) } });
}, STACK_START_MS);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

type Role = 'officer' | 'clerk' | 'supervisor' | 'admin';
const EVERY: Role[] = ['officer', 'clerk', 'supervisor', 'admin'];
const id = randomUUID();

/** Every endpoint with the roles that may use it; ids name nothing, so an allowed call answers 4xx from the handler. */
const ENDPOINTS: { method: 'GET' | 'POST'; path: string; roles: Role[] }[] = [
  { method: 'POST', path: '/units', roles: ['admin'] },
  { method: 'GET', path: '/units', roles: EVERY },
  { method: 'POST', path: '/units/import', roles: ['admin'] },
  { method: 'GET', path: '/units/export', roles: EVERY },
  { method: 'GET', path: '/units/nowhere/subtree', roles: EVERY },
  { method: 'GET', path: '/units/nowhere', roles: EVERY },
  { method: 'POST', path: '/directives', roles: ['clerk'] },
  { method: 'GET', path: '/directives', roles: EVERY },
  { method: 'GET', path: `/directives/${id}`, roles: EVERY },
  { method: 'GET', path: `/directives/${id}/tasks`, roles: EVERY },
  { method: 'POST', path: `/directives/${id}/withdraw`, roles: ['clerk'] },
  { method: 'POST', path: `/directives/${id}/amendments`, roles: ['clerk'] },
  { method: 'GET', path: `/directives/${id}/tree`, roles: EVERY },
  { method: 'GET', path: '/tasks', roles: EVERY },
  { method: 'GET', path: `/tasks/${id}`, roles: EVERY },
  { method: 'GET', path: `/tasks/${id}/events`, roles: EVERY },
  { method: 'GET', path: `/tasks/${id}/path`, roles: EVERY },
  { method: 'POST', path: `/tasks/${id}/acknowledge`, roles: ['officer'] },
  { method: 'POST', path: `/tasks/${id}/progress`, roles: ['officer'] },
  { method: 'POST', path: `/tasks/${id}/submit`, roles: ['officer'] },
  { method: 'POST', path: `/tasks/${id}/extension-requests`, roles: ['officer'] },
  { method: 'POST', path: `/tasks/${id}/accept`, roles: ['clerk'] },
  { method: 'POST', path: `/tasks/${id}/return`, roles: ['clerk'] },
  { method: 'POST', path: `/tasks/${id}/implement`, roles: ['clerk'] },
  { method: 'GET', path: `/extension-requests/${id}`, roles: ['officer', 'clerk', 'supervisor'] },
  { method: 'POST', path: `/extension-requests/${id}/approve`, roles: ['clerk'] },
  { method: 'POST', path: `/extension-requests/${id}/reject`, roles: ['clerk'] },
  { method: 'GET', path: '/escalations', roles: ['supervisor'] },
  { method: 'GET', path: `/escalations/${id}`, roles: ['supervisor'] },
  { method: 'POST', path: `/escalations/${id}/resolve`, roles: ['supervisor'] },
  { method: 'GET', path: '/notifications', roles: EVERY },
  { method: 'POST', path: '/intake', roles: ['clerk'] },
  { method: 'POST', path: '/intake/confirm', roles: ['clerk'] },
  { method: 'GET', path: '/audit', roles: ['admin'] },
];

async function call(method: string, path: string, token: string | null, body?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  return fetch(`${stack.baseUrl}${path}`, { method, headers, ...(method === 'POST' ? { body: body ?? '{}' } : {}), signal: AbortSignal.timeout(30_000) });
}

describe('every endpoint × role', () => {
  it.each(ENDPOINTS)('$method $path: 403 for the roles that may not use it, through to the handler for those that may', async ({ method, path, roles }) => {
    for (const role of EVERY) {
      const response = await call(method, path, await stack.token({ sub: `p.${role}`, roles: [role] }));
      if (roles.includes(role)) {
        expect([role, response.status]).not.toEqual([role, 401]);
        expect([role, response.status]).not.toEqual([role, 403]);
        expect([role, response.status < 500]).toEqual([role, true]);
      } else {
        expect([role, response.status]).toEqual([role, 403]);
        expect(((await response.json()) as { message: string }).message).toMatch(/role/i);
      }
    }
  });
});

describe('every endpoint × bad token', () => {
  const BAD: [string, () => Promise<string | null>, string][] = [
    ['no token', async () => null, 'TOKEN_MISSING'],
    ['an expired token', () => stack.token({ ttlSeconds: -120 }), 'TOKEN_EXPIRED'],
    ['a forged signature', () => stack.token({ forged: true }), 'TOKEN_BAD_SIGNATURE'],
    ['the wrong audience', () => stack.token({ audience: 'another-api' }), 'TOKEN_WRONG_AUDIENCE'],
  ];
  it.each(ENDPOINTS)('$method $path: 401 naming why, with WWW-Authenticate', async ({ method, path }) => {
    for (const [what, token, code] of BAD) {
      const response = await call(method, path, await token());
      expect([what, response.status]).toEqual([what, 401]);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect([what, ((await response.json()) as { details?: { code?: string } }).details?.code]).toEqual([what, code]);
    }
  });

  it('changes nothing when refused: a unit posted without a valid token does not exist', async () => {
    const unit = { id: `auth-${randomUUID().slice(0, 8)}`, name: 'Đơn vị thử', level: 'agency' };
    expect((await call('POST', '/units', await stack.token({ ttlSeconds: -120, roles: ['admin'] }), JSON.stringify({ units: [unit] }))).status).toBe(401);
    expect((await call('GET', `/units/${unit.id}`, await stack.token())).status).toBe(404);
  });
});

describe('open endpoints and hardening', () => {
  it('serves health and the API documents without a token', async () => {
    expect((await call('GET', '/health', null)).status).toBe(200);
    const docs = await fetch(`${stack.baseUrl.replace(/\/api\/v1$/, '')}/api/docs/json`);
    expect(docs.status).toBe(200);
    expect(((await docs.json()) as { components?: { securitySchemes?: Record<string, unknown> } }).components?.securitySchemes).toHaveProperty('bearer');
  });

  it('answers every request with a request id (its own, or the caller’s when sane) and security headers', async () => {
    const generated = await call('GET', '/units?limit=1', await stack.token());
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.headers.get('x-content-type-options')).toBe('nosniff');
    expect(generated.headers.get('x-powered-by')).toBeNull();
    const kept = await fetch(`${stack.baseUrl}/units?limit=1`, { headers: { authorization: `Bearer ${await stack.token()}`, 'x-request-id': 'req-12345' } });
    expect(kept.headers.get('x-request-id')).toBe('req-12345');
    const refused = await call('GET', '/units', null);
    expect(refused.headers.get('x-request-id')).not.toBeNull();
  });

  it('refuses a body over the limit with 413, writing nothing', async () => {
    const units = Array.from({ length: 2_000 }, (_, i) => ({ id: `big-${i}`, name: 'Đơn vị có tên khá dài để vượt giới hạn', level: 'agency' }));
    const response = await call('POST', '/units', await stack.token({ roles: ['admin'] }), JSON.stringify({ units }));
    expect(response.status).toBe(413);
    expect((await call('GET', '/units/big-0', await stack.token())).status).toBe(404);
  });

  it(`limits each identity to ${RATE_LIMIT} requests a minute: then 429 with Retry-After, others unaffected`, async () => {
    const flood = await stack.token({ sub: 'flood' });
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < RATE_LIMIT + 20 && limited === undefined; i += 20) {
      const batch = await Promise.all(Array.from({ length: 20 }, () => call('GET', '/units?limit=1', flood)));
      statuses.push(...batch.map((r) => r.status));
      limited = batch.find((r) => r.status === 429);
    }
    expect(limited).toBeDefined();
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(RATE_LIMIT - 20);
    // Another person is not held back by the first one's flood.
    expect((await call('GET', '/units?limit=1', await stack.token({ sub: 'calm' }))).status).toBe(200);
    // Health stays open to the load balancer whatever the flood.
    expect((await call('GET', '/health', null)).status).toBe(200);
  });
});
