/**
 * The API serves the built console at `/` (client routes fall back to its page, the API's paths
 * never do), and the development sign-in exists only when DONDOC_DEV_SIGN_IN=true in local mode.
 */
import { asAdmin, expectStatus } from '../support/api';
import { anOrg, type Org } from '../support/builders';
import { useStack } from '../support/use-stack';
import { consoleOrigin } from './support/browser';

describe('without DONDOC_DEV_SIGN_IN', () => {
  const stack = useStack();

  it('has no development sign-in: its paths answer 404, and the console is told not to offer it', async () => {
    expect((await stack.http.get('/dev/sign-in', { token: null })).status).toBe(404);
    expect(
      (await stack.http.post('/dev/sign-in', { unitId: 'x', roles: ['admin'], sub: 'x' }, { token: null })).status,
    ).toBe(404);
    expect(expectStatus(await stack.http.get('/console/settings', { token: null }), 200)).toEqual({
      authMode: 'local',
      devSignIn: false,
      oidc: null,
      unitClaim: 'dondoc_unit',
      rolesClaim: 'dondoc_roles',
    });
  });

  it('serves the console at / and at client routes, and leaves the API’s paths to the API', async () => {
    const origin = consoleOrigin(stack);
    for (const path of ['/', '/tasks/some-task', '/inbox']) {
      const response = await fetch(`${origin}${path}`, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<div id="root">');
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    }
    const missing = await fetch(`${origin}/api/v1/nowhere`, { headers: { accept: 'text/html' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/json');
    expect(missing.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});

describe('with DONDOC_DEV_SIGN_IN=true', () => {
  const stack = useStack({ env: { DONDOC_DEV_SIGN_IN: 'true' } });
  let org: Org;
  beforeAll(async () => {
    org = await anOrg().withRecipients(1).create(stack);
  });

  it('lists units and roles and signs a token the API accepts, without a token of its own', async () => {
    const options = expectStatus(
      await stack.http.get<{ units: { id: string }[]; roles: string[] }>('/dev/sign-in', { token: null }),
      200,
    );
    expect(options.units.map((unit) => unit.id)).toContain(org.recipients[0]);
    expect(options.roles).toEqual(['officer', 'clerk', 'supervisor', 'admin', 'head']);
    const { token } = expectStatus(
      await stack.http.post<{ token: string }>(
        '/dev/sign-in',
        { unitId: org.recipients[0], roles: ['officer'], sub: 'can.bo.1' },
        { token: null },
      ),
      200,
    );
    expectStatus(await stack.http.get(`/tasks?unitId=${encodeURIComponent(org.recipients[0] ?? '')}`, { token }), 200);
  });

  it('names the field of a unit that does not exist', async () => {
    const refused = await stack.http.post<{ errors: { field: string }[] }>(
      '/dev/sign-in',
      { unitId: 'no-such/unit', roles: ['officer'], sub: 'x' },
      { token: null },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e) => e.field)).toEqual(['unitId']);
    expect(expectStatus(await stack.http.get('/console/settings', asAdmin()), 200)).toMatchObject({ devSignIn: true });
  });
});
