/**
 * The console's sign-in in oidc mode, in a real Chromium against a real provider (panva's
 * oidc-provider over https, support/oidc-provider.ts): Authorization Code with PKCE on the
 * provider's own login page, the officer's tasks after it, the token held in memory only, no
 * development sign-in, and silent renewal by refresh token keeping the console working past the
 * token's lifetime; without a refresh token, the hidden frame tried and what the person sees then.
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
  people: {
    'can.bo.oidc': { unitId: officerUnit, roles: ['officer'] },
    'can.bo.khung': { unitId: officerUnit, roles: ['officer'], refreshTokens: false },
  },
  consoleTokenTtlSeconds: TOKEN_TTL_SECONDS,
});
// No clock tolerance: a call with an expired token is refused, not let through for 30 s.
const env: Record<string, string> = { DONDOC_JWT_CLOCK_TOLERANCE_SECONDS: '0' };
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

/** What the page sent: its API calls (token and answer) and how it renewed at the provider. */
interface Traffic {
  api: { token: string; status: number; at: number }[];
  /** Token requests with a refresh token, and authorisation requests with prompt=none (the frame). */
  renewals: { by: 'refresh-token' | 'frame' }[];
}

function recordTraffic(page: Page): Traffic {
  const traffic: Traffic = { api: [], renewals: [] };
  page.on('requestfinished', (request: Request) => {
    void (async () => {
      const url = new URL(request.url());
      if (url.origin === provider.issuer) {
        if (url.pathname === '/token' && (request.postData() ?? '').includes('grant_type=refresh_token'))
          traffic.renewals.push({ by: 'refresh-token' });
        if (url.pathname === '/auth' && url.searchParams.get('prompt') === 'none')
          traffic.renewals.push({ by: 'frame' });
        return;
      }
      const authorization = (await request.allHeaders())['authorization'];
      const response = await request.response();
      if (!url.pathname.startsWith('/api/v1/') || authorization === undefined || response === null) return;
      traffic.api.push({ token: authorization.replace(/^Bearer /, ''), status: response.status(), at: Date.now() });
    })();
  });
  return traffic;
}

/** A JWT's `exp`, in milliseconds. */
function expiryOf(token: string): number {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { exp: number };
  return payload.exp * 1_000;
}

/** From the console's sign-in page through the provider's login and consent back to "Việc của tôi". */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Đăng nhập bằng tài khoản cơ quan' }).click();
  await page.waitForURL((url) => url.origin === provider.issuer);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('mat-khau');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((url) => url.origin === consoleOrigin(stack));
  await page.getByRole('heading', { name: 'Việc của tôi' }).waitFor();
  await page.getByTestId('inbox-row').filter({ hasText: issued.instructions }).waitFor();
}

/** Everything this origin keeps in the browser's storage, keys and values, as one text. */
async function storedText(page: Page): Promise<string> {
  // A string, evaluated in the page: the test's own TypeScript has no DOM.
  const text = await page.evaluate(
    '[localStorage, sessionStorage].flatMap((s) => Object.entries(s).flat()).join("\\n")',
  );
  return String(text);
}

/**
 * Past the first token's lifetime the console still acts: moving between the task and the inbox
 * (each a GET) until a call is made after that token expired, which must carry a newer token
 * and be answered 200; no call of the whole session may have been refused.
 */
async function expectWorkingPastExpiry(page: Page, traffic: Traffic): Promise<void> {
  const first = traffic.api.find((call) => call.status === 200);
  const firstToken = first?.token ?? '';
  expect(firstToken).not.toBe('');
  const firstExpiry = expiryOf(firstToken);
  const later = await pollUntil(
    async () => {
      await page.getByRole('link', { name: issued.instructions }).click();
      await page.getByRole('heading', { name: issued.instructions }).waitFor();
      await page.goBack();
      await page.getByTestId('inbox-row').filter({ hasText: issued.instructions }).waitFor();
      return traffic.api.filter((call) => call.at > firstExpiry + 1_000);
    },
    (calls) => calls.length > 0,
    { timeoutMs: (TOKEN_TTL_SECONDS + 60) * 1_000, intervalMs: 5_000, description: 'an API call after expiry' },
  );
  for (const call of later) {
    expect(call).toMatchObject({ status: 200 });
    expect(call.token).not.toBe(firstToken);
    expect(expiryOf(call.token)).toBeGreaterThan(call.at);
  }
  expect(traffic.api.filter((call) => call.status === 401)).toEqual([]);
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
    expect(inbox.get('content-security-policy')).toContain(`frame-src 'self' ${provider.issuer}`);
  });

  it('signs an officer in at the provider, shows their unit’s task, keeps the token in memory, renews it with a refresh token', async () => {
    const page = await browser.open(stack);
    const traffic = recordTraffic(page);
    await signInAtProvider(page, 'can.bo.oidc');
    await screenshot(page, 'oidc-inbox');
    const token = traffic.api.find((call) => call.status === 200)?.token ?? '';
    const stored = await storedText(page);
    expect(token).not.toBe('');
    expect(stored).not.toContain(token);
    expect(stored).not.toContain('oidc.user');

    await expectWorkingPastExpiry(page, traffic);
    expect(traffic.renewals.length).toBeGreaterThan(0);
    expect(traffic.renewals.every((renewal) => renewal.by === 'refresh-token')).toBe(true);
    expect(await storedText(page)).not.toContain('oidc.user');
  }, 240_000);

  it('without a refresh token tries the hidden frame; refused there without the provider’s cookie, it asks to sign in again', async () => {
    const page = await browser.open(stack);
    const traffic = recordTraffic(page);
    const frameAnswers: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame !== page.mainFrame() && frame.url().includes('/sign-in/silent')) frameAnswers.push(frame.url());
    });
    await signInAtProvider(page, 'can.bo.khung');
    const signInButton = page.getByRole('button', { name: 'Đăng nhập bằng tài khoản cơ quan' });
    // Chromium withholds the provider's session cookie from a frame of another site (the console
    // is http://127.0.0.1, the provider https://127.0.0.1), so prompt=none answers login_required;
    // once the token has expired, the API's 401 returns the person to the sign-in page.
    await pollUntil(
      async () => {
        if (await signInButton.isVisible()) return true;
        const link = page.getByRole('link', { name: issued.instructions });
        if (await link.isVisible()) await link.click({ timeout: 5_000 }).catch(() => undefined);
        else await page.goBack({ timeout: 5_000 }).catch(() => undefined);
        return signInButton.isVisible();
      },
      (back) => back,
      { timeoutMs: (TOKEN_TTL_SECONDS + 60) * 1_000, intervalMs: 5_000, description: 'the sign-in page again' },
    );
    expect(traffic.renewals.length).toBeGreaterThan(0);
    expect(traffic.renewals.every((renewal) => renewal.by === 'frame')).toBe(true);
    expect(frameAnswers.length).toBeGreaterThan(0);
    expect(frameAnswers.every((url) => url.includes('error=login_required'))).toBe(true);
  }, 240_000);
});
