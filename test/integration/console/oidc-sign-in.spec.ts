/**
 * The console's sign-in in oidc mode, in a real Chromium against a real provider (panva's
 * oidc-provider over https, support/oidc-provider.ts): Authorization Code with PKCE on the
 * provider's own login page, the officer's tasks after it, the token held in memory only, no
 * development sign-in, and silent renewal keeping the console working past the token's lifetime.
 *
 * The directive is issued with a token of the provider's client-credentials grant for a test
 * client (the clerk's unit and role in its claims): `npm run token` signs with a key the API does
 * not trust in oidc mode, and a second browser sign-in as a clerk would test nothing this file is about.
 */
import type { Page, Request } from 'playwright-core';
import { asAdmin, expectStatus, type UnitView } from '../support/api';
import { anOrg, DAY, isoIn } from '../support/builders';
import { pollUntil } from '../support/stack';
import { useStack } from '../support/use-stack';
import { consoleOrigin, screenshot, useBrowser } from './support/browser';
import { issueTask, type IssuedTask } from './support/console-data';
import { OidcTestProvider } from './support/oidc-provider';

/** Long enough for a sign-in; oidc-client-ts renews a minute before expiry, so at once and then every ~15 s. */
const TOKEN_TTL_SECONDS = 75;
const { org, units } = anOrg().withRecipients(1).build();
const officerUnit = org.recipients[0] ?? '';
const provider = new OidcTestProvider({
  people: { 'can.bo.oidc': { unitId: officerUnit, roles: ['officer'] } },
  consoleTokenTtlSeconds: TOKEN_TTL_SECONDS,
});
const env: Record<string, string> = {};
beforeAll(() => provider.prepare(env));
const stack = useStack({ env, identityToken: (identity) => provider.testClientToken(identity) });
beforeAll(() => provider.start(consoleOrigin(stack)), 60_000);
afterAll(() => provider.stop());
const browser = useBrowser(() => provider.chromiumArgs());
let issued: IssuedTask;

beforeAll(async () => {
  expectStatus(await stack.http.post<{ items: UnitView[] }>('/units', { units }, asAdmin()), 200, 'POST /units');
  issued = await issueTask(stack, org, officerUnit, { dueAt: isoIn(5 * DAY) });
}, 120_000);

/** The bearer tokens the page sent to the API, each with the status the API answered. */
function recordApiCalls(page: Page): { token: string; status: number; at: number }[] {
  const calls: { token: string; status: number; at: number }[] = [];
  page.on('requestfinished', (request: Request) => {
    void (async () => {
      const authorization = (await request.allHeaders())['authorization'];
      const response = await request.response();
      if (!request.url().includes('/api/v1/') || authorization === undefined || response === null) return;
      calls.push({ token: authorization.replace(/^Bearer /, ''), status: response.status(), at: Date.now() });
    })();
  });
  return calls;
}

/** A JWT's `exp`, in milliseconds. */
function expiryOf(token: string): number {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { exp: number };
  return payload.exp * 1_000;
}

describe('signing in to the console with an OIDC provider', () => {
  it('has no development sign-in in oidc mode, and tells the console where the provider is', async () => {
    expect((await stack.http.get('/dev/sign-in', { token: null })).status).toBe(404);
    expect((await stack.http.get('/dev/sign-in', asAdmin())).status).toBe(404);
    expect(expectStatus(await stack.http.get('/console/settings', { token: null }), 200)).toMatchObject({
      authMode: 'oidc',
      devSignIn: false,
      oidc: { authority: provider.issuer, clientId: 'dondoc-console' },
    });
  });

  it('lets the console frame its silent-renewal page only, and its pages call and frame the provider', async () => {
    const headersOf = async (path: string): Promise<Headers> =>
      (await fetch(`${consoleOrigin(stack)}${path}`, { headers: { accept: 'text/html' } })).headers;
    const silent = await headersOf('/sign-in/silent');
    expect(silent.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(silent.get('content-security-policy')).toContain("frame-ancestors 'self'");
    const inbox = await headersOf('/inbox');
    expect(inbox.get('x-frame-options')).toBe('DENY');
    expect(inbox.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(inbox.get('content-security-policy')).toContain(`connect-src 'self' ${provider.issuer}`);
    expect(inbox.get('content-security-policy')).toContain(`frame-src ${provider.issuer}`);
  });

  it('signs an officer in at the provider, shows their unit’s task, keeps the token in memory and renews it', async () => {
    const page = await browser.open(stack);
    const calls = recordApiCalls(page);
    page.on('console', (m) => process.stderr.write(`BROWSER ${m.type()}: ${m.text()}\n`));
    page.on('pageerror', (e) => process.stderr.write(`PAGEERROR ${String(e)}\n`));
    page.on('requestfailed', (r) => process.stderr.write(`REQFAILED ${r.url()} ${r.failure()?.errorText}\n`));
    await page.goto('/');
    await page.getByRole('button', { name: 'Đăng nhập bằng tài khoản cơ quan' }).click();

    // The provider's own pages: its login form, then its consent.
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.locator('input[name="login"]').fill('can.bo.oidc');
    await page.locator('input[name="password"]').fill('mat-khau');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.waitForURL((url) => url.origin === consoleOrigin(stack));
    await page.getByRole('heading', { name: 'Việc của tôi' }).waitFor();
    await page.getByTestId('inbox-row').filter({ hasText: issued.instructions }).waitFor();
    await screenshot(page, 'oidc-inbox');

    const first = calls.find((call) => call.status === 200);
    expect(first).toBeDefined();
    const firstToken = first?.token ?? '';
    const stored = await page.evaluate(
      '[...Object.values(localStorage), ...Object.values(sessionStorage), ...Object.keys(localStorage), ...Object.keys(sessionStorage)].join("\\n")',
    );
    expect(typeof stored === 'string' && stored.includes(firstToken)).toBe(false);
    expect(String(stored)).not.toContain('oidc.user');

    // Past the first token's lifetime, the console still acts: its calls carry a renewed token.
    const firstExpiry = expiryOf(firstToken);
    const afterExpiry = await pollUntil(
      async () => {
        await page.getByRole('link', { name: issued.instructions }).click();
        await page.getByRole('heading', { name: issued.instructions }).waitFor();
        await page.goBack();
        await page.getByTestId('inbox-row').filter({ hasText: issued.instructions }).waitFor();
        return calls.filter((call) => call.at > firstExpiry + 1_000);
      },
      (later) => later.length > 0,
      { timeoutMs: (TOKEN_TTL_SECONDS + 60) * 1_000, intervalMs: 5_000, description: 'an API call after expiry' },
    );
    expect(afterExpiry.every((call) => call.status === 200 && call.token !== firstToken)).toBe(true);
    expect(afterExpiry.every((call) => expiryOf(call.token) > Date.now() - 1_000)).toBe(true);
    expect(calls.filter((call) => call.status === 401)).toEqual([]);
  }, 240_000);
});
