/**
 * A scene for the keyboard sweep: every main screen of every role with something on it, so the
 * sweep judges each screen as a person works in it, not empty.
 */
import {
  asClerk,
  asOfficer,
  asSupervisor,
  expectStatus,
  tasksOf,
  taskOfUnit,
  waitUntilAllActive,
  type DirectiveView,
  type EscalationView,
  type ExtensionRequestView,
  type NotificationView,
  type Page as ListPage,
  type TaskView,
} from '../../support/api';
import { aDirective, anOrg, DAY, isoIn, SECOND, unique, type Org } from '../../support/builders';
import { pollUntil, type Stack } from '../../support/stack';
import { issueTask, type IssuedTask } from './console-data';

/**
 * A directive with a report to accept and a task carried out below (a cascade with a branch), an
 * extension asked for, an escalation open and a notice in the second district's bell.
 */
export interface SweepScene {
  org: Org;
  root: DirectiveView;
  reportText: string;
  asked: IssuedTask;
  askedReason: string;
  escalated: IssuedTask;
}

/** Makes the scene through the API as the people who would, and waits until the engine has acted. */
export async function aSweepScene(stack: Stack): Promise<SweepScene> {
  const org = await anOrg().withRecipients(2).create(stack);
  const [first, second] = [org.recipients[0]!, org.recipients[1]!];
  // Its deadline passes at once: a notice for the officer's bell, then an escalation for the queue.
  const escalating = issueTask(stack, org, second, {
    dueAt: isoIn(3 * SECOND),
    policy: { before: [], atDeadline: true, overdueEvery: null, escalateAfter: 'PT1S' },
  });
  const root = await aDirective(org)
    .to(first, 'lead', isoIn(10 * DAY))
    .to(second, 'lead', isoIn(10 * DAY))
    .withReview()
    .issue(stack);
  await waitUntilAllActive(stack, root.id, undefined, asClerk(org.issuer));
  const rootTasks = await tasksOf(stack, root.id, asClerk(org.issuer));
  const reportText = `Đã hoàn thành ${unique()}`;
  expectStatus(
    await stack.http.post<TaskView>(
      `/tasks/${taskOfUnit(rootTasks, second).id}/submit`,
      { report: reportText },
      asOfficer(second),
    ),
    200,
    'the second district submits its report',
  );
  const sub = expectStatus(
    await stack.http.post<DirectiveView>(
      `/tasks/${taskOfUnit(rootTasks, first).id}/implement`,
      {
        number: `${unique()}-CV/HU`,
        subject: 'Triển khai thực hiện ở cấp huyện',
        issuedAt: new Date().toISOString(),
        reminderPolicy: { before: [], atDeadline: false, overdueEvery: null, escalateAfter: null },
        assignments: [{ unitId: org.spares[0]!, role: 'lead', instructions: 'Báo cáo kết quả', dueAt: isoIn(5 * DAY) }],
      },
      asClerk(first),
    ),
    201,
    'the first district carries its task out below',
  );
  await waitUntilAllActive(stack, sub.id, undefined, asClerk(first));
  const asked = await issueTask(stack, org, second, { dueAt: isoIn(10 * DAY) });
  const askedReason = `Chờ số liệu của Sở ${unique()}`;
  expectStatus(
    await stack.http.post<ExtensionRequestView>(
      `/tasks/${asked.taskId}/extension-requests`,
      { requestedDueAt: isoIn(30 * DAY), reason: askedReason },
      asOfficer(second),
    ),
    201,
    'the second district asks for more time',
  );
  const escalated = await escalating;
  await pollUntil(
    () =>
      stack.http.get<ListPage<EscalationView>>(
        `/escalations?taskId=${escalated.taskId}`,
        asSupervisor(org.coordinator),
      ),
    (response) => response.status === 200 && response.body.items.length > 0,
    { timeoutMs: 60_000, description: 'the engine to open the escalation' },
  );
  await pollUntil(
    () => stack.http.get<ListPage<NotificationView>>(`/notifications?unitId=${second}`, asOfficer(second)),
    (response) => response.status === 200 && response.body.items.length > 0,
    { timeoutMs: 30_000, description: 'a notice for the second district' },
  );
  return { org, root, reportText, asked, askedReason, escalated };
}
