/**
 * The officer's console in a real Chromium against the real stack: signing in on the development
 * page, "Việc của tôi", a task acknowledged, progressed and submitted, the phone-width inbox, and
 * a 403 and a 409 said in words a person acts on.
 */
import { asOfficer, expectStatus, getTask } from '../support/api';
import { anOrg, DAY, isoIn, type Org } from '../support/builders';
import { pollUntil } from '../support/stack';
import { useStack } from '../support/use-stack';
import { PHONE, screenshot, seriousViolations, signIn, useBrowser } from './support/browser';
import { issueTask } from './support/console-data';

const stack = useStack({ env: { DONDOC_DEV_SIGN_IN: 'true' } });
const browser = useBrowser();
let org: Org;

beforeAll(async () => {
  org = await anOrg().withRecipients(2).create(stack);
});

describe('the officer console', () => {
  it('lists the unit’s tasks, least time left first, then acknowledges, reports progress and submits one', async () => {
    const unit = org.recipients[0]!;
    const later = await issueTask(stack, org, unit, { review: true, dueAt: isoIn(20 * DAY) });
    const sooner = await issueTask(stack, org, unit, { review: true, dueAt: isoIn(6 * DAY) });
    const page = await browser.open(stack);
    await signIn(page, { sub: 'can.bo.1', unitId: unit, roles: ['officer'] });

    await page.getByRole('heading', { name: 'Việc của tôi' }).waitFor();
    const rows = page.getByTestId('inbox-row');
    await rows.filter({ hasText: later.instructions }).waitFor();
    const texts = await rows.allInnerTexts();
    expect(texts.findIndex((t) => t.includes(sooner.instructions))).toBeLessThan(
      texts.findIndex((t) => t.includes(later.instructions)),
    );
    await expect(rows.filter({ hasText: sooner.instructions }).innerText()).resolves.toMatch(/Còn \d+ ngày làm việc/);
    await screenshot(page, 'officer-inbox');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('link', { name: sooner.instructions }).click();
    await page.getByRole('heading', { name: sooner.instructions }).waitFor();
    await page.getByText(`${sooner.directive.number} — ${sooner.directive.subject}`).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('form', { name: 'Xác nhận đã nhận' }).getByRole('button').click();
    await page.getByRole('form', { name: 'Báo cáo tiến độ' }).waitFor();
    await pollUntil(
      () => getTask(stack, sooner.taskId, asOfficer(unit)),
      (task) => task.status === 'acknowledged',
      { timeoutMs: 10_000, description: 'the task to be acknowledged' },
    );

    const progress = page.getByRole('form', { name: 'Báo cáo tiến độ' });
    await progress.getByRole('textbox', { name: 'Phần trăm hoàn thành' }).fill('40');
    await progress.getByRole('textbox', { name: 'Ghi chú' }).fill('Đã họp triển khai với các phòng');
    await progress.getByRole('button', { name: 'Báo cáo tiến độ' }).click();
    await page.getByText('40% — Đã họp triển khai với các phòng').waitFor();

    const submit = page.getByRole('form', { name: 'Nộp báo cáo' });
    await submit.getByRole('textbox', { name: 'Nội dung báo cáo' }).fill('Đã hoàn thành toàn bộ nội dung được giao.');
    await submit.getByRole('button', { name: 'Nộp báo cáo' }).click();
    await page.getByText('Đã hoàn thành toàn bộ nội dung được giao.').waitFor();
    await page.getByText('Đã báo cáo').first().waitFor();
    const timeline = page.getByRole('region', { name: 'Diễn biến' });
    for (const step of ['Xác nhận đã nhận', 'Báo cáo tiến độ', 'Nộp báo cáo']) {
      await timeline.getByText(step, { exact: true }).waitFor();
    }
    await screenshot(page, 'officer-task');

    const task = await getTask(stack, sooner.taskId, asOfficer(unit));
    expect(task).toMatchObject({ status: 'submitted', progress: { percent: 40 } });
  });

  it('shows the inbox on a 390-pixel phone without sideways scrolling', async () => {
    const unit = org.recipients[1]!;
    const issued = await issueTask(stack, org, unit, { dueAt: isoIn(3 * DAY) });
    const page = await browser.open(stack, PHONE);
    await signIn(page, { sub: 'can.bo.2', unitId: unit, roles: ['officer'] });
    await page.getByTestId('inbox-row').filter({ hasText: issued.instructions }).waitFor();
    // A string, evaluated in the page: the test's own TypeScript has no DOM.
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    expect(overflow).toBeLessThanOrEqual(0);
    await expect(page.getByRole('link', { name: issued.instructions }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'officer-inbox-phone');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('says "this changed meanwhile, reload" for a 409 and "not allowed" for a 403', async () => {
    const unit = org.recipients[1]!;
    const issued = await issueTask(stack, org, unit, { dueAt: isoIn(9 * DAY) });
    const page = await browser.open(stack);
    await signIn(page, { sub: 'can.bo.3', unitId: unit, roles: ['officer'] });
    await page.goto(`/tasks/${issued.taskId}`);
    const acknowledge = page.getByRole('form', { name: 'Xác nhận đã nhận' });
    await acknowledge.waitFor();
    // A colleague acknowledges it first, while this page still offers the action.
    expectStatus(
      await stack.http.post(`/tasks/${issued.taskId}/acknowledge`, {}, asOfficer(unit, 'dong.nghiep')),
      200,
      'the colleague’s acknowledgement',
    );
    await acknowledge.getByRole('button').click();
    const conflict = page
      .getByRole('alert')
      .filter({ hasText: 'Nội dung đã thay đổi trong lúc bạn xem, hãy tải lại.' });
    await conflict.waitFor();
    await screenshot(page, 'error-409');
    await conflict.getByRole('button', { name: 'Tải lại' }).click();
    await page.getByRole('form', { name: 'Xác nhận đã nhận' }).waitFor({ state: 'detached' });

    // The issuing unit's clerk may read the task but, though also an officer, may not act for the recipient.
    const other = await issueTask(stack, org, unit, { dueAt: isoIn(9 * DAY) });
    const issuer = await browser.open(stack);
    await signIn(issuer, { sub: 'van.thu', unitId: org.issuer, roles: ['clerk', 'officer'] });
    await issuer.goto(`/tasks/${other.taskId}`);
    await issuer.getByRole('form', { name: 'Xác nhận đã nhận' }).getByRole('button').click();
    await issuer.getByRole('alert').filter({ hasText: 'Bạn không được phép làm việc này.' }).waitFor();
    await screenshot(issuer, 'error-403');
  });
});
