/**
 * Everything on every main screen reachable by keyboard, in Chromium: for each role, each screen
 * its menu lists (the shell's menu is the list of main screens) and the screens those lead to
 * (a task, a directive, its cascade tree, the units import) is Tabbed through from the top until
 * the focus comes back round; every visible control must have been reached, with a focus one can
 * see, and each roving-focus widget must move by its arrow keys.
 */
import type { Locator, Page } from 'playwright-core';
import { aDistrictLetter } from '../support/district-letter';
import { pollUntil } from '../support/stack';
import { useStack } from '../support/use-stack';
import { PHONE, seriousViolations, signIn, useBrowser, type Person } from './support/browser';
import { sweepByTab, sweepDialogOpenedBy, sweepFailed, tabTo, type Sweep } from './support/keyboard';
import { aSweepScene, type SweepScene } from './support/sweep-scene';

const stack = useStack({ env: { DONDOC_DEV_SIGN_IN: 'true' } });
const browser = useBrowser();

let seeded: SweepScene;

beforeAll(async () => {
  seeded = await aSweepScene(stack);
}, 180_000);

/** What shows that a screen has its data: the sweep must see the screen as a person works in it. */
const READY: Record<string, (page: Page) => Locator> = {
  '/inbox': (page) => page.getByTestId('inbox-row').first(),
  '/directives': (page) => page.getByRole('link', { name: seeded.root.number }),
  '/directives/new': (page) => page.getByRole('heading', { name: 'Ban hành văn bản mới' }),
  '/intake': (page) => page.getByRole('heading', { name: 'Đọc công văn' }),
  '/extension-requests': (page) => page.getByText(seeded.askedReason),
  '/escalations': (page) => page.getByTestId('escalation-row').filter({ hasText: seeded.escalated.instructions }),
  '/statistics': (page) => page.getByTestId('heatmap').getByRole('img').first(),
  '/units': (page) => page.locator(`[data-unit-id="${seeded.org.province}"]`),
  '/audit': (page) => page.getByRole('status').filter({ hasText: 'Chuỗi kiểm toán hợp lệ' }),
};

/** A screen a menu entry leads to, with what shows it has its data. */
interface Screen {
  path: string;
  ready: (page: Page) => Locator;
}

/** The screens each role reaches from its menu's screens (not themselves menu entries). */
function screensBeyondTheMenu(role: Person['roles'][number]): Screen[] {
  switch (role) {
    case 'officer':
      return [
        {
          path: `/tasks/${seeded.asked.taskId}`,
          ready: (page) => page.getByRole('heading', { name: seeded.asked.instructions }),
        },
      ];
    case 'clerk':
      return [{ path: `/directives/${seeded.root.id}`, ready: (page) => page.getByText(seeded.reportText) }];
    case 'supervisor':
      return [{ path: `/directives/${seeded.root.id}/tree`, ready: (page) => page.getByText(/^Toàn bộ: /) }];
    case 'admin':
      return [{ path: '/units/import', ready: (page) => page.getByRole('heading', { name: 'Nhập đơn vị' }) }];
  }
}

/** Paths already swept by an earlier role's test (statistics is on three menus). */
const swept = new Set<string>();

/** Signs in as the person, then sweeps each menu screen and each screen beyond; answers what failed, by path. */
async function sweepScreensOf(person: Person): Promise<{ page: Page; failures: Record<string, Sweep> }> {
  const page = await browser.open(stack);
  await signIn(page, person);
  const links = await page.getByRole('navigation', { name: 'Menu' }).getByRole('link').all();
  const menu = await Promise.all(links.map(async (link) => (await link.getAttribute('href')) ?? ''));
  // A screen added to the menu needs its readiness here before the sweep can judge it.
  expect(menu.filter((path) => READY[path] === undefined)).toEqual([]);
  const screens: Screen[] = [
    ...menu.map((path) => ({ path, ready: READY[path]! })),
    ...person.roles.flatMap(screensBeyondTheMenu),
  ];
  const failures: Record<string, Sweep> = {};
  for (const screen of screens.filter(({ path }) => !swept.has(path))) {
    swept.add(screen.path);
    await page.goto(screen.path);
    await screen.ready(page).waitFor();
    const sweep = await sweepByTab(page);
    if (sweepFailed(sweep)) failures[screen.path] = sweep;
    expect(sweep.controls).toBeGreaterThan(0);
  }
  return { page, failures };
}

describe('every main screen by keyboard', () => {
  it('the officer’s inbox and task page, and the notices the bell opens', async () => {
    const { page, failures } = await sweepScreensOf({
      sub: 'can.bo.1',
      unitId: seeded.org.recipients[1]!,
      roles: ['officer'],
    });
    await page.goto('/inbox');
    await READY['/inbox']!(page).waitFor();
    const notices = page.getByRole('dialog').filter({ hasText: 'Thông báo' });
    Object.assign(failures, await sweepDialogOpenedBy(page, /^Thông báo, \d+ chưa đọc$/, notices));

    // A file chosen for the task: its clear button joins the page, reached and named like the rest.
    await page.goto(`/tasks/${seeded.asked.taskId}`);
    const files = page.getByRole('region', { name: 'Tệp đính kèm' });
    await files.locator('input[type=file]').setInputFiles({
      name: 'bao-cao.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4 bao cao'),
    });
    await files.getByText('bao-cao.pdf').waitFor();
    const chosen = await sweepByTab(page);
    if (sweepFailed(chosen)) failures['/tasks/:id, a file chosen'] = chosen;
    expect(await seriousViolations(page)).toEqual([]);
    expect(failures).toEqual({});
  });

  it('the officer’s inbox at phone width, its menu a drawer opened from the keyboard', async () => {
    const page = await browser.open(stack, PHONE);
    await signIn(page, { sub: 'can.bo.1', unitId: seeded.org.recipients[1]!, roles: ['officer'] });
    await READY['/inbox']!(page).waitFor();
    expect(await sweepByTab(page)).toMatchObject({ unreached: [], undrawn: [], stuckWidgets: [], cameBackRound: true });
    await tabTo(page, /^Menu$/);
    await page.keyboard.press('Enter');
    await tabTo(page, /^Việc của tôi$/);
    // The drawer slides in: its entry, focused, ends on the screen.
    const entry = page.getByRole('link', { name: 'Việc của tôi' });
    await pollUntil(
      () => entry.boundingBox(),
      (box) => box !== null && box.x >= 0,
      { timeoutMs: 5_000, description: 'the focused menu entry to be on the screen' },
    );
  });

  it('the clerk’s directives, new directive, Đọc công văn with a letter read, extension requests, statistics and a directive', async () => {
    const { page, failures } = await sweepScreensOf({ sub: 'van.thu', unitId: seeded.org.issuer, roles: ['clerk'] });
    await page.goto('/extension-requests');
    await READY['/extension-requests']!(page).waitFor();
    const approve = page.getByRole('dialog', { name: 'Đồng ý gia hạn' });
    Object.assign(failures, await sweepDialogOpenedBy(page, /^Đồng ý gia hạn$/, approve));
    await page.goto(`/directives/${seeded.root.id}`);
    await page.getByText(seeded.reportText).waitFor();
    const amend = page.getByRole('dialog', { name: /^Sửa hạn của / });
    Object.assign(failures, await sweepDialogOpenedBy(page, /^Sửa hạn của /, amend));

    // A letter read in Đọc công văn: its draft, each unit's match a list box one can clear.
    const letter = await aDistrictLetter(stack);
    const reader = await browser.open(stack);
    await signIn(reader, { sub: 'van.thu', unitId: letter.issuer, roles: ['clerk'] });
    await reader.goto('/intake');
    await reader.getByLabel('Dán nội dung công văn').fill(letter.text);
    await tabTo(reader, /^Đọc$/);
    await reader.keyboard.press('Enter');
    await reader.getByRole('region', { name: 'Bản nháp đọc được' }).waitFor();
    const draft = await sweepByTab(reader);
    if (sweepFailed(draft)) failures['/intake, a letter read'] = draft;
    expect(failures).toEqual({});
  });

  it('the supervisor’s escalations, resolve dialog and cascade tree, whose branches open and close by keyboard', async () => {
    const { page, failures } = await sweepScreensOf({
      sub: 'giam.sat',
      unitId: seeded.org.coordinator,
      roles: ['supervisor'],
    });
    await page.goto('/escalations');
    await READY['/escalations']!(page).waitFor();
    const resolve = page.getByRole('dialog', { name: 'Xử lý kiến nghị' });
    Object.assign(failures, await sweepDialogOpenedBy(page, /^Xử lý$/, resolve));
    expect(failures).toEqual({});

    // The tree is a list of disclosure buttons, each its own Tab stop (no roving focus to arrow through).
    await page.goto(`/directives/${seeded.root.id}/tree`);
    await page.getByText(/^Toàn bộ: /).waitFor();
    await tabTo(page, new RegExp(seeded.org.recipients[0]!));
    const branch = page.getByRole('button', { name: new RegExp(seeded.org.recipients[0]!) });
    await expect(branch.getAttribute('aria-expanded')).resolves.toBe('false');
    await page.keyboard.press('Enter');
    await page.getByText(seeded.org.spares[0]!).waitFor();
    await page.keyboard.press('Space');
    await page.getByText(seeded.org.spares[0]!).waitFor({ state: 'detached' });
  });

  it('the administrator’s organisation, import, audit and unit dialog, the organisation tree opened and closed by keyboard', async () => {
    const { page, failures } = await sweepScreensOf({ sub: 'quan.tri', unitId: seeded.org.province, roles: ['admin'] });
    expect(failures).toEqual({});

    await page.goto('/units');
    const province = page.locator(`[data-unit-id="${seeded.org.province}"]`);
    await province.waitFor();
    await tabTo(page, /^▾\s*Tỉnh ủy/);
    await page.keyboard.press('Enter');
    await page.locator(`[data-unit-id="${seeded.org.issuer}"]`).waitFor({ state: 'detached' });
    await page.keyboard.press('Space');
    await page.locator(`[data-unit-id="${seeded.org.issuer}"]`).waitFor();
    // The next stop is the unit's edit button, which opens its dialog from the keyboard too.
    const edit = page.getByRole('dialog', { name: `Sửa đơn vị ${seeded.org.province}` });
    expect(await sweepDialogOpenedBy(page, /^Sửa Tỉnh ủy$/, edit)).toEqual({});
  });
});

describe('the sweep itself', () => {
  it('names a card only a mouse can click, a button out of the Tab order, a focus drawn nowhere and a field that holds the Tab key', async () => {
    const page = await browser.open(stack);
    await signIn(page, { sub: 'can.bo.1', unitId: seeded.org.recipients[1]!, roles: ['officer'] });
    await READY['/inbox']!(page).waitFor();
    await page.evaluate(`(() => {
      const main = document.querySelector('main');
      const card = document.createElement('div');
      card.textContent = 'Thẻ chỉ bấm được bằng chuột';
      card.style.cursor = 'pointer';
      card.addEventListener('click', () => undefined);
      const skipped = document.createElement('button');
      skipped.textContent = 'Nút ngoài thứ tự Tab';
      skipped.tabIndex = -1;
      const unseen = document.createElement('button');
      unseen.textContent = 'Nút không thấy tiêu điểm';
      unseen.style.outline = 'none';
      main.append(card, skipped, unseen);
    })()`);
    const sweep = await sweepByTab(page);
    expect(sweep.unreached).toEqual([
      expect.stringContaining('Thẻ chỉ bấm được bằng chuột'),
      expect.stringContaining('Nút ngoài thứ tự Tab'),
    ]);
    expect(sweep.undrawn).toEqual([expect.stringContaining('Nút không thấy tiêu điểm')]);
    expect(sweep.cameBackRound).toBe(true);

    // A field that swallows Tab holds the keyboard: the sweep never comes back round.
    await page.evaluate(`(() => {
      const trap = document.createElement('input');
      trap.setAttribute('aria-label', 'Ô giữ phím Tab');
      trap.addEventListener('keydown', (event) => { if (event.key === 'Tab') event.preventDefault(); });
      document.querySelector('main').append(trap);
      trap.focus();
    })()`);
    expect(await sweepByTab(page)).toMatchObject({ cameBackRound: false });
  });
});
