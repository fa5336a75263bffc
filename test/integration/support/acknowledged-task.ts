/**
 * One request that crosses every part of the stack — the API, a Temporal Update, the worker's
 * workflow and activity, PostgreSQL — for the tests that look at what the stack shows of a request
 * (its metrics, its trace) rather than at the request itself.
 */
import { asClerk, asOfficer, expectStatus, tasksOf, waitUntilAllActive, type TaskView } from './api';
import { aDirective, anOrg } from './builders';
import type { Stack } from './stack';

/**
 * Issues a directive to one unit of a fresh organisation, waits until its task's workflow runs,
 * and has the unit's officer acknowledge the task (200); answers the task as listed before that.
 */
export async function anAcknowledgedTask(stack: Stack): Promise<TaskView> {
  const org = await anOrg().create(stack);
  const [recipient] = org.recipients;
  if (recipient === undefined) throw new Error('the organisation built for the test has no recipient unit');
  const directive = await aDirective(org).to(recipient, 'lead').issue(stack);
  const clerk = asClerk(directive.issuerUnitId);
  await waitUntilAllActive(stack, directive.id, undefined, clerk);
  const [task] = await tasksOf(stack, directive.id, clerk);
  if (task === undefined) throw new Error(`directive ${directive.id} lists no task`);
  expectStatus(await stack.http.post(`/tasks/${task.id}/acknowledge`, {}, asOfficer(task.unitId)), 200);
  return task;
}
