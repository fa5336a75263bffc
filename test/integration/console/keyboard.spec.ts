/**
 * Each role's main job with the keyboard alone (Tab, Enter, Space, the arrows in a list box), in
 * Chromium, every step on an element whose focus can be seen: an officer opens a task from
 * "Việc của tôi", acknowledges it and reports progress; a supervisor opens an escalation from the
 * queue and waives it through the dialog; a clerk opens a directive and accepts a unit's report.
 */
import {
  asClerk,
  asOfficer,
  asSupervisor,
  expectStatus,
  getTask,
  type EscalationView,
  type Page,
} from '../support/api';
import { anOrg, DAY, isoIn, SECOND, type Org } from '../support/builders';
import { pollUntil } from '../support/stack';
import { useStack } from '../support/use-stack';
import { signIn, useBrowser } from './support/browser';
import { issueTask, type IssuedTask } from './support/console-data';
import { tabTo } from './support/keyboard';

const stack = useStack({ env: { DONDOC_DEV_SIGN_IN: 'true' } });
const browser = useBrowser();
let org: Org;

beforeAll(async () => {
  org = await anOrg().withRecipients(2).create(stack);
});

describe('the officer console by keyboard', () => {
  it('opens a task, acknowledges it and reports progress with Tab, Enter and Space only', async () => {
    const unit = org.recipients[0]!;
    const issued = await issueTask(stack, org, unit, { review: true, dueAt: isoIn(5 * DAY) });
    const page = await browser.open(stack);
    await signIn(page, { sub: 'can.bo.1', unitId: unit, roles: ['officer'] });
    await page.getByTestId('inbox-row').filter({ hasText: issued.instructions }).waitFor();

    await tabTo(page, new RegExp(issued.instructions));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: issued.instructions }).waitFor();

    await tabTo(page, /^Xác nhận đã nhận$/);
    await page.keyboard.press('Space');
    await page.getByRole('form', { name: 'Báo cáo tiến độ' }).waitFor();
    await pollUntil(
      () => getTask(stack, issued.taskId, asOfficer(unit)),
      (task) => task.status === 'acknowledged',
      { timeoutMs: 10_000, description: 'the task to be acknowledged' },
    );

    // The next action is the next stop: the keyboard does not start again from the top of the page.
    expect(await tabTo(page, /^Phần trăm hoàn thành/)).toBeLessThanOrEqual(2);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('60');
    await tabTo(page, /^Ghi chú/);
    await page.keyboard.type('Đã triển khai tới các xã');
    await tabTo(page, /^Báo cáo tiến độ$/);
    await page.keyboard.press('Enter');
    await page.getByText('60% — Đã triển khai tới các xã').waitFor();

    const task = await getTask(stack, issued.taskId, asOfficer(unit));
    expect(task).toMatchObject({ status: 'in_progress', progress: { percent: 60 } });
  });
});

/** The escalation the engine opens on its own a second after the task's deadline passes. */
async function anEscalatedTask(): Promise<{ issued: IssuedTask; escalation: EscalationView }> {
  const issued = await issueTask(stack, org, org.recipients[1]!, {
    dueAt: isoIn(3 * SECOND),
    policy: { before: [], atDeadline: false, overdueEvery: null, escalateAfter: 'PT1S' },
  });
  const response = await pollUntil(
    () => stack.http.get<Page<EscalationView>>(`/escalations?taskId=${issued.taskId}`, asSupervisor(org.coordinator)),
    (answer) => answer.status === 200 && answer.body.items.length > 0,
    { timeoutMs: 60_000, description: 'the engine to open the escalation' },
  );
  return { issued, escalation: response.body.items[0]! };
}

describe('the supervisor console by keyboard', () => {
  it('opens an escalation from the queue and resolves it through the dialog, the action chosen with the arrows', async () => {
    const { issued, escalation } = await anEscalatedTask();
    const page = await browser.open(stack);
    await signIn(page, { sub: 'giam.sat', unitId: org.coordinator, roles: ['supervisor'] });
    const row = page.getByTestId('escalation-row').filter({ hasText: issued.instructions });
    await row.waitFor();

    await tabTo(page, /^Xử lý$/);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Xử lý kiến nghị' });
    await dialog.waitFor();
    // The list box of actions: opened and walked with the arrows, chosen with Enter.
    await tabTo(page, /^Cách xử lý/);
    const waive = page.getByRole('option', { name: 'Miễn thực hiện' });
    await page.keyboard.press('ArrowDown');
    await waive.waitFor();
    for (let step = 0; step < 4 && (await waive.getAttribute('data-combobox-selected')) === null; step += 1) {
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await expect(dialog.getByLabel('Cách xử lý').inputValue()).resolves.toBe('Miễn thực hiện');
    await tabTo(page, /^Ghi chú/);
    await page.keyboard.type('Đơn vị đã sáp nhập, không còn phải thực hiện.');
    await tabTo(page, /^Xác nhận$/);
    await page.keyboard.press('Enter');
    await row.waitFor({ state: 'detached' });

    const resolved = expectStatus(
      await stack.http.get<EscalationView>(`/escalations/${escalation.id}`, asSupervisor(org.coordinator)),
      200,
    );
    expect(resolved).toMatchObject({ status: 'resolved' });
    const task = await getTask(stack, issued.taskId, asSupervisor(org.coordinator));
    expect(task.status).toBe('waived');
  });
});

describe('the clerk console by keyboard', () => {
  it('opens a directive from the list and accepts a unit’s submitted report', async () => {
    const unit = org.recipients[0]!;
    const issued = await issueTask(stack, org, unit, { review: true, dueAt: isoIn(5 * DAY) });
    expectStatus(
      await stack.http.post(
        `/tasks/${issued.taskId}/submit`,
        { report: 'Đã tuyên truyền tới các chi bộ' },
        asOfficer(unit),
      ),
      200,
      'the unit submits its report',
    );
    const page = await browser.open(stack);
    await signIn(page, { sub: 'van.thu', unitId: org.issuer, roles: ['clerk'] });
    await page.getByRole('link', { name: issued.directive.number }).waitFor();

    await tabTo(page, new RegExp(issued.directive.number));
    await page.keyboard.press('Enter');
    await page.getByText('Đã tuyên truyền tới các chi bộ').waitFor();
    await tabTo(page, /^Chấp nhận báo cáo$/);
    await page.keyboard.press('Space');
    await page.getByRole('row').filter({ hasText: unit }).getByText('Hoàn thành').waitFor();

    const task = await pollUntil(
      () => getTask(stack, issued.taskId, asClerk(org.issuer)),
      (current) => current.status === 'completed',
      { timeoutMs: 10_000, description: 'the report to be accepted' },
    );
    expect(task.status).toBe('completed');
  });
});
