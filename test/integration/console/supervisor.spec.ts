/**
 * The supervisor's console in Chromium against the real stack: an escalation the engine opened on
 * its own (a deadline passed), checked in the resolve dialog before sending, and resolved.
 */
import { asSupervisor, getTask, type EscalationView, type Page } from '../support/api';
import { anOrg, isoIn, SECOND, type Org } from '../support/builders';
import { pollUntil } from '../support/stack';
import { useStack } from '../support/use-stack';
import { screenshot, seriousViolations, signIn, useBrowser } from './support/browser';
import { issueTask, typedDateIn } from './support/console-data';

const stack = useStack({ env: { DONDOC_DEV_SIGN_IN: 'true' } });
const browser = useBrowser();
let org: Org;

beforeAll(async () => {
  org = await anOrg().withRecipients(1).create(stack);
});

describe('the supervisor console', () => {
  it('resolves an escalation the engine opened, refusing an extension without a date first', async () => {
    const issued = await issueTask(stack, org, org.recipients[0]!, {
      dueAt: isoIn(3 * SECOND),
      policy: { before: [], atDeadline: false, overdueEvery: null, escalateAfter: 'PT1S' },
    });
    const supervisor = asSupervisor(org.coordinator);
    const [escalation] = (
      await pollUntil(
        () => stack.http.get<Page<EscalationView>>(`/escalations?taskId=${issued.taskId}`, supervisor),
        (response) => response.status === 200 && response.body.items.length > 0,
        { timeoutMs: 60_000, description: 'the engine to open the escalation' },
      )
    ).body.items;

    const page = await browser.open(stack);
    await signIn(page, { sub: 'giam.sat', unitId: org.coordinator, roles: ['supervisor'] });
    await page.getByRole('heading', { name: 'Hàng đợi kiến nghị' }).waitFor();
    const row = page.getByTestId('escalation-row').filter({ hasText: issued.instructions });
    await row.waitFor();
    await screenshot(page, 'supervisor-escalations');
    expect(await seriousViolations(page)).toEqual([]);

    await row.getByRole('button', { name: 'Xử lý' }).click();
    const dialog = page.getByRole('dialog', { name: 'Xử lý kiến nghị' });
    await dialog.getByRole('button', { name: 'Xác nhận' }).click();
    await dialog.getByText('Cần nhập hạn mới theo dạng dd/mm/yyyy.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByLabel(/Hạn mới/).fill(typedDateIn(7));
    await screenshot(page, 'supervisor-resolve');
    await dialog.getByRole('button', { name: 'Xác nhận' }).click();
    await row.waitFor({ state: 'detached' });

    const resolved = await stack.http.get<EscalationView>(`/escalations/${escalation?.id}`, supervisor);
    expect(resolved.body).toMatchObject({ status: 'resolved' });
    const task = await getTask(stack, issued.taskId, supervisor);
    expect(new Date(task.dueAt).getTime()).toBeGreaterThan(Date.now() + 5 * 86_400_000);
  });
});
