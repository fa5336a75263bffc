/**
 * The console's browser tests in one line: `const browser = useBrowser()` at the top of a file
 * launches Debian's Chromium (playwright-core, headless, no browser download) before the tests
 * and closes it after. Pages open on a stack's API origin, which serves the built console.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Stack } from '../../support/stack';

const repoRoot = path.resolve(__dirname, '../../../..');

/** Where each run's screenshots go (a CI artifact); the best are copied to docs/console by hand. */
export const SCREENSHOT_DIR = path.join(repoRoot, '.data', 'screenshots', 'console');

/**
 * Chromium's flags on this machine: headless as root, and nothing that phones home (the network
 * is closed; without these Chromium retries Google's hosts at every start).
 */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A desktop screen, and the phone width the console must stay usable at. */
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** What a browser test uses. */
export interface BrowserHandle {
  /** A fresh context (its own storage: a new person) with one page, on the stack's console. */
  open(stack: Stack, viewport?: { width: number; height: number }): Promise<Page>;
}

/**
 * Launches Chromium for the file's tests and closes it (and every context) after them.
 * `extraArgs`, read at launch, adds flags (the OIDC test trusts its provider's certificate).
 */
export function useBrowser(extraArgs: () => string[] = () => []): BrowserHandle {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    browser = await chromium
      .launch({ executablePath, headless: true, args: [...CHROMIUM_FLAGS, ...extraArgs()] })
      .catch((error: unknown) => {
        throw new Error(`Chromium did not start from ${executablePath} (run bash infra/chromium.sh): ${String(error)}`);
      });
  }, 60_000);
  // Every page as the test left it, so a failure can be seen, not guessed.
  afterEach(async () => {
    const name = (expect.getState().currentTestName ?? 'test').replace(/[^\p{L}\d]+/gu, '-').slice(0, 80);
    const pages = contexts.flatMap((context) => context.pages());
    await Promise.all(pages.map((page, i) => screenshot(page, `after/${name}-${i}`).catch(() => undefined)));
  });
  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
  }, 30_000);
  return {
    async open(stack, viewport = DESKTOP) {
      if (browser === undefined) throw new Error('useBrowser: Chromium did not start');
      const context = await browser.newContext({
        baseURL: consoleOrigin(stack),
        viewport,
        locale: 'vi-VN',
        timezoneId: 'Asia/Ho_Chi_Minh',
      });
      context.setDefaultTimeout(30_000);
      contexts.push(context);
      return context.newPage();
    },
  };
}

/** The origin the stack's API serves the console on. */
export function consoleOrigin(stack: Stack): string {
  return new URL(stack.baseUrl).origin;
}

/** Who signs in on the development sign-in page. */
export interface Person {
  sub: string;
  unitId: string;
  roles: readonly ('officer' | 'clerk' | 'supervisor' | 'admin')[];
}

const ROLE_LABELS = { officer: 'Cán bộ', clerk: 'Văn thư', supervisor: 'Giám sát', admin: 'Quản trị' } as const;

/** Signs in through the development sign-in page as a person does: unit, roles, person id. */
export async function signIn(page: Page, person: Person): Promise<void> {
  await page.goto('/');
  await page.getByRole('heading', { name: 'Đăng nhập thử (môi trường phát triển)' }).waitFor();
  const unit = page.getByLabel(/^Đơn vị/).first();
  await unit.fill(person.unitId);
  await page.getByRole('option', { name: new RegExp(`\\(${escapeRegExp(person.unitId)}\\)$`) }).click();
  for (const [role, label] of Object.entries(ROLE_LABELS)) {
    const box = page.getByRole('checkbox', { name: label, exact: true });
    if ((person.roles as readonly string[]).includes(role)) await box.check();
    else await box.uncheck();
  }
  await page.getByLabel(/^Mã người dùng/).fill(person.sub);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor({ state: 'attached' });
}

/** Saves a screenshot of the page as a test artifact, under a name that says what it shows. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The serious and critical accessibility violations axe finds on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await animationsSettled(page);
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((n) => n.html.slice(0, 200)).join('; ')})`,
    );
}

/**
 * Waits, at most 3 s, until no finite CSS transition or animation runs (a spinner's endless one
 * does not count): axe reads colours as they are, and a dialog still fading in has paler text
 * than it will have (a contrast violation seen once in CI on the extension dialog's button).
 */
async function animationsSettled(page: Page): Promise<void> {
  await page
    .waitForFunction(
      "document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity)",
      undefined,
      { timeout: 3_000, polling: 50 },
    )
    .catch(() => undefined);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
