/**
 * The supervisor's and administrator's views in Chromium against the real stack: a cascade tree
 * with its roll-up counts and an overdue branch, the on-time heatmap and statistics with their
 * XLSX download, the organisation tree searched and a unit edited, the audit trail filtered with
 * the chain's check. Each screen also at phone width and through axe.
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import {
  asClerk,
  asAdmin,
  asOfficer,
  expectStatus,
  tasksOf,
  taskOfUnit,
  waitUntilAllActive,
  type DirectiveView,
  type TaskView,
  type UnitView,
} from '../support/api';
import { aDirective, anOrg, DAY, isoIn, SECOND, unique, type Org } from '../support/builders';
import { pollUntil } from '../support/stack';
import { useStack } from '../support/use-stack';
import { PHONE, screenshot, seriousViolations, signIn, useBrowser } from './support/browser';

const stack = useStack({ env: { DONDOC_DEV_SIGN_IN: 'true' } });
const browser = useBrowser();

/** A cascade: the root to two districts; one district done on time, the other carrying it out through an overdue sub-directive. */
interface Cascade {
  org: Org;
  root: DirectiveView;
  done: TaskView;
  implemented: TaskView;
  sub: DirectiveView;
  overdue: TaskView;
}
let cascade: Cascade;

/** What a test reads of the browser's window in `evaluate` (the tests compile without the DOM's types). */
interface BrowserWindow {
  getComputedStyle(element: unknown): { borderLeftColor: string };
}

/** `MM/yyyy` of an instant in Vietnam time, as the heatmap heads its months. */
function vietnamMonth(iso: string): string {
  const [year, month] = new Date(new Date(iso).getTime() + 7 * 3_600_000).toISOString().slice(0, 7).split('-');
  return `${month}/${year}`;
}

beforeAll(async () => {
  const org = await anOrg().withRecipients(2).create(stack);
  const [first, second] = [org.recipients[0]!, org.recipients[1]!];
  const root = await aDirective(org)
    .to(first, 'lead', isoIn(10 * DAY))
    .to(second, 'lead', isoIn(10 * DAY))
    .issue(stack);
  await waitUntilAllActive(stack, root.id, undefined, asClerk(org.issuer));
  const rootTasks = await tasksOf(stack, root.id, asClerk(org.issuer));
  const done = expectStatus(
    await stack.http.post<TaskView>(
      `/tasks/${taskOfUnit(rootTasks, second).id}/submit`,
      { report: 'Đã hoàn thành' },
      asOfficer(second),
    ),
    200,
    'submitting the second district’s task',
  );
  const implemented = taskOfUnit(rootTasks, first);
  const sub = expectStatus(
    await stack.http.post<DirectiveView>(
      `/tasks/${implemented.id}/implement`,
      {
        number: `${unique()}-CV/HU`,
        subject: 'Triển khai thực hiện ở cấp huyện',
        issuedAt: new Date().toISOString(),
        reminderPolicy: { before: [], atDeadline: false, overdueEvery: null, escalateAfter: null },
        assignments: [
          { unitId: org.spares[0]!, role: 'lead', instructions: 'Báo cáo kết quả', dueAt: isoIn(4 * SECOND) },
        ],
      },
      asClerk(first),
    ),
    201,
    'implementing the first district’s task',
  );
  await waitUntilAllActive(stack, sub.id, undefined, asClerk(first));
  const [overdue] = await pollUntil(
    () => tasksOf(stack, sub.id, asClerk(first)),
    (tasks) => tasks[0]?.overdue === true,
    { timeoutMs: 30_000, description: 'the sub-directive’s task to be overdue' },
  );
  cascade = { org, root, done, implemented, sub, overdue: overdue! };
}, 180_000);

async function signInAsSupervisor(page: Page): Promise<void> {
  await signIn(page, { sub: 'giam.sat', unitId: cascade.org.coordinator, roles: ['supervisor'] });
}

describe('the cascade tree', () => {
  it('shows each directive’s roll-up counts, the overdue branch highlighted and opened, the done one closed', async () => {
    const page = await browser.open(stack);
    await signInAsSupervisor(page);
    await page.goto(`/directives/${cascade.root.id}/tree`);
    await page.getByRole('heading', { name: `Cây triển khai ${cascade.root.number}` }).waitFor();
    await page.getByText('Toàn bộ: 2 văn bản, 3 việc').waitFor();

    const tree = page.getByRole('list', { name: 'Cây triển khai của văn bản' });
    const rootNode = tree.getByTestId('cascade-directive').first();
    // The root's own tasks: one open (carried out below), one done; nothing overdue of its own.
    await expect(rootNode.getByText('Đang mở 1').first().isVisible()).resolves.toBe(true);
    await expect(rootNode.getByText('Hoàn thành 1').first().isVisible()).resolves.toBe(true);

    // The implemented task's branch: expanded at once because something below is overdue.
    const branch = page.getByRole('button', { expanded: true }).filter({ hasText: cascade.implemented.unitId });
    await branch.getByText('Nhánh có việc quá hạn').waitFor();
    await branch.getByText('Quá hạn 1').waitFor();
    // The innermost item naming the sub-directive: the root's item holds its text too.
    const subNode = tree.getByTestId('cascade-directive').filter({ hasText: cascade.sub.number }).last();
    await subNode.getByText(cascade.overdue.unitId).waitFor();
    await expect(
      subNode.evaluate((node) => (globalThis as unknown as BrowserWindow).getComputedStyle(node).borderLeftColor),
    ).resolves.not.toBe('rgba(0, 0, 0, 0)');
    await screenshot(page, 'supervisor-cascade-tree');
    expect(await seriousViolations(page)).toEqual([]);

    // Collapsed by keyboard, the sub-directive goes; opened again, it comes back.
    await branch.focus();
    await page.keyboard.press('Enter');
    await subNode.waitFor({ state: 'detached' });
    await page.getByRole('button', { expanded: false }).filter({ hasText: cascade.implemented.unitId }).press('Enter');
    await subNode.waitFor();

    // Reachable from the directive page too, at phone width.
    const phone = await browser.open(stack, PHONE);
    await signIn(phone, { sub: 'van.thu', unitId: cascade.org.issuer, roles: ['clerk'] });
    await phone.goto(`/directives/${cascade.root.id}`);
    await phone.getByRole('link', { name: 'Cây triển khai' }).click();
    await phone.getByText('Toàn bộ: 2 văn bản, 3 việc').waitFor();
    expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await screenshot(phone, 'clerk-cascade-tree-phone');
  });
});

describe('the statistics', () => {
  it('draws the on-time heatmap from the seeded tasks and downloads the same figures as XLSX', async () => {
    const page = await browser.open(stack);
    await signInAsSupervisor(page);
    await page.getByRole('link', { name: 'Thống kê' }).click();
    await page.getByRole('heading', { name: 'Thống kê đúng hạn' }).waitFor();
    const heatmap = page.getByTestId('heatmap');
    // Done on time: 100%; overdue: 0%; carried out below and not yet due: nothing due.
    await heatmap
      .getByRole('img', { name: `Huyện ủy 2, tháng ${vietnamMonth(cascade.done.dueAt)}: 100% đúng hạn` })
      .waitFor();
    await heatmap
      .getByRole('img', { name: `Sở 1, tháng ${vietnamMonth(cascade.overdue.dueAt)}: 0% đúng hạn` })
      .waitFor();
    await heatmap
      .getByRole('img', { name: `Huyện ủy 1, tháng ${vietnamMonth(cascade.implemented.dueAt)}: chưa có việc đến hạn` })
      .waitFor();
    const row = page.getByTestId('statistics-row').filter({ hasText: 'Huyện ủy 2' });
    await expect(row.getByRole('cell').last().innerText()).resolves.toBe('100%');
    await screenshot(page, 'supervisor-statistics');
    expect(await seriousViolations(page)).toEqual([]);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Tải bảng Excel (XLSX)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^Thống kê nhiệm vụ \d{4}-\d{2}-\d{2} đến \d{4}-\d{2}-\d{2}\.xlsx$/);
    const bytes = await readFile(await download.path());
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(String(sheet.getRow(1).getCell(1).value)).toBe('BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ THEO ĐƠN VỊ');
    const units: string[] = [];
    sheet.eachRow((sheetRow) => units.push(String(sheetRow.getCell(2).value)));
    expect(units).toEqual(expect.arrayContaining(['Huyện ủy 1', 'Huyện ủy 2', 'Sở 1', 'Tổng cộng']));

    // A date that is no date is named under its input, before anything is asked.
    await page.getByLabel('Từ ngày (dd/mm/yyyy)').fill('31/02/2026');
    await page.getByRole('button', { name: 'Xem', exact: true }).click();
    await page.getByText('Cần nhập ngày theo dạng dd/mm/yyyy.').waitFor();
  });

  it('stays usable at phone width, the heatmap scrolling inside its own frame', async () => {
    const page = await browser.open(stack, PHONE);
    await signInAsSupervisor(page);
    await page.goto('/statistics');
    await page.getByTestId('heatmap').getByRole('img').first().waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'supervisor-statistics-phone');
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe('the organisation tree', () => {
  it('finds a unit without diacritics, edits its name and coordinating body, and shows a stale edit as changed meanwhile', async () => {
    const org = cascade.org;
    const page = await browser.open(stack);
    await signIn(page, { sub: 'quan.tri', unitId: org.province, roles: ['admin'] });
    await page.getByRole('link', { name: 'Tổ chức' }).click();
    await page.getByRole('heading', { name: 'Cơ cấu tổ chức' }).waitFor();
    // Typed as a phone keyboard without Vietnamese input would: no diacritics ("Huyện ủy 2").
    await page.getByLabel('Tìm đơn vị (tên hoặc mã)').fill('huyen uy 2');
    const node = page.locator(`[data-unit-id="${org.recipients[1]}"]`);
    await node.waitFor();
    // The search shows the path down to the match: the province above it.
    await page.locator(`[data-unit-id="${org.province}"]`).waitFor();
    await screenshot(page, 'admin-organisation');
    expect(await seriousViolations(page)).toEqual([]);

    await node.getByRole('button', { name: 'Sửa Huyện ủy 2' }).click();
    const dialog = page.getByRole('dialog', { name: `Sửa đơn vị ${org.recipients[1]}` });
    await dialog.getByLabel('Tên đơn vị').fill('Huyện ủy Hai');
    await dialog.getByLabel('Cơ quan điều phối (nhận kiến nghị)').fill(org.coordinator);
    await page.getByRole('option', { name: new RegExp(`\\(${org.coordinator}\\)$`) }).click();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-unit-edit');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu đơn vị Huyện ủy Hai.').waitFor();
    const stored = expectStatus(await stack.http.get<UnitView>(`/units/${org.recipients[1]}`), 200);
    expect(stored).toMatchObject({ name: 'Huyện ủy Hai', coordinatingUnitId: org.coordinator });

    // Found by its new name; someone else changes it meanwhile: the stale copy's edit is a 409.
    await page.getByLabel('Tìm đơn vị (tên hoặc mã)').fill('huyen uy hai');
    await node.getByRole('button', { name: 'Sửa Huyện ủy Hai' }).click();
    expectStatus(await stack.http.patch(`/units/${org.recipients[1]}`, { kind: 'party-committee' }, asAdmin()), 200);
    await dialog.getByLabel('Tên đơn vị').fill('Huyện ủy Hai (lần 2)');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog
      .getByRole('alert')
      .getByRole('button', { name: /Tải lại/ })
      .waitFor();
    await dialog.getByRole('button', { name: 'Hủy' }).click();
  });
});

describe('the audit trail', () => {
  it('shows the chain intact, and the records filtered by action', async () => {
    const page = await browser.open(stack);
    await signIn(page, { sub: 'quan.tri', unitId: cascade.org.province, roles: ['admin'] });
    await page.getByRole('link', { name: 'Nhật ký' }).click();
    await page.getByRole('heading', { name: 'Nhật ký kiểm toán' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Chuỗi kiểm toán hợp lệ' }).waitFor();
    await page.getByLabel('Hành động').fill('task.submit');
    await page.getByRole('button', { name: 'Lọc' }).click();
    const row = page.getByTestId('audit-row').filter({ hasText: cascade.done.id });
    await row.waitFor();
    await expect(page.getByTestId('audit-row').allInnerTexts()).resolves.toEqual(
      expect.arrayContaining([expect.stringContaining('task.submit')]),
    );
    await screenshot(page, 'admin-audit');
    expect(await seriousViolations(page)).toEqual([]);

    const phone = await browser.open(stack, PHONE);
    await signIn(phone, { sub: 'quan.tri', unitId: cascade.org.province, roles: ['admin'] });
    await phone.goto('/audit');
    await phone.getByRole('status').filter({ hasText: 'Chuỗi kiểm toán hợp lệ' }).waitFor();
    expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
  });
});
