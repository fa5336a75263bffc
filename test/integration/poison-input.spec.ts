/**
 * Text PostgreSQL cannot store, sent through HTTP to a running task: the answer is a 400 at once
 * (never a 503 after retries), the task's workflow and its read model still agree, and the next
 * valid change goes through and is in the task's history. Real stack: API, worker, Temporal
 * dev server and PostgreSQL.
 */
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { FailureType } from '@dondoc/workflows/shared/failures';
import { reportProgressUpdate, taskStateQuery, unitTaskWorkflowId } from '@dondoc/workflows/unit-task/contract';
import {
  asClerk,
  asOfficer,
  eventsOf,
  expectError,
  expectStatus,
  getTask,
  postRaw,
  taskOfUnit,
  tasksOf,
  waitUntilAllActive,
  type TaskView,
} from './support/api';
import { aDirective, anOrg, type Org } from './support/builders';
import { useStack } from './support/use-stack';

/** A refusal of bad text must not wait for retries: well under the API's Update budget. */
const QUICK_MS = 10_000;

const stack = useStack();
let org: Org;
let temporal: Client;
let connection: Connection;

beforeAll(async () => {
  org = await anOrg().withRecipients(2).create(stack);
  connection = await Connection.connect({ address: stack.temporalAddress });
  temporal = new Client({ connection, namespace: stack.namespace });
}, 120_000);

afterAll(async () => {
  await connection?.close();
});

/** The task's status as its workflow holds it. */
async function workflowStatus(task: TaskView): Promise<string> {
  const view = await temporal.workflow
    .getHandle(unitTaskWorkflowId(task.directiveId, task.unitId))
    .query(taskStateQuery);
  return view.status;
}

describe('poison input in a task change', () => {
  it.each([
    ['a NUL character', '{"percent":40,"note":"Đã xong\\u0000 phần 1"}'],
    ['an unpaired surrogate', '{"percent":40,"note":"Đã xong \\ud83d phần 1"}'],
  ])(
    '%s in a progress note answers 400 at once; workflow and read model agree; the next valid update is recorded',
    async (_what, body) => {
      const unit = org.recipients[0]!;
      const directive = await aDirective(org).to(unit).issue(stack);
      const clerk = asClerk(org.issuer);
      await waitUntilAllActive(stack, directive.id, undefined, clerk);
      const task = taskOfUnit(await tasksOf(stack, directive.id, clerk), unit);
      const officer = asOfficer(unit);
      const before = await getTask(stack, task.id, officer);
      const eventsBefore = await eventsOf(stack, task.id, officer);

      const started = Date.now();
      const refused = await postRaw(stack, `/tasks/${task.id}/progress`, body, 'application/json', officer);
      const elapsed = Date.now() - started;
      const error = expectError(refused, 400, 'the poisoned progress update');
      expect(error.errors?.map((e) => e.field).join(' ')).toMatch(/note/);
      expect(elapsed).toBeLessThan(QUICK_MS);

      const after = await getTask(stack, task.id, officer);
      expect(after).toEqual(before);
      expect(await workflowStatus(task)).toBe(after.status);
      expect(await eventsOf(stack, task.id, officer)).toEqual(eventsBefore);

      expectStatus(
        await stack.http.post(`/tasks/${task.id}/progress`, { percent: 40, note: 'Đã xong phần 1' }, officer),
        200,
        'the valid progress update',
      );
      const recorded = await getTask(stack, task.id, officer);
      expect(recorded).toMatchObject({ status: 'in_progress', progress: { percent: 40, note: 'Đã xong phần 1' } });
      expect(await workflowStatus(task)).toBe('in_progress');
      const events = await eventsOf(stack, task.id, officer);
      expect(events.slice(eventsBefore.length).map((e) => [e.action, e.data.note])).toEqual([
        ['progress', 'Đã xong phần 1'],
      ]);
      // The refused change wrote nothing, so the valid one has the next sequence, with no gap.
      expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + (events[0]?.sequence ?? 0)));
    },
  );

  it('sent to the workflow itself, past any check at the edge, the real projection refuses it: DATA_REJECTED at once, nothing written, the next change recorded', async () => {
    const unit = org.recipients[1]!;
    const clerk = asClerk(org.issuer);
    const directive = await aDirective(org).to(unit).issue(stack);
    await waitUntilAllActive(stack, directive.id, undefined, clerk);
    const task = taskOfUnit(await tasksOf(stack, directive.id, clerk), unit);
    const officer = asOfficer(unit);
    const before = await getTask(stack, task.id, officer);
    const handle = temporal.workflow.getHandle(unitTaskWorkflowId(task.directiveId, task.unitId));

    const started = Date.now();
    const outcome = await handle
      .executeUpdate(reportProgressUpdate, { args: [{ actor: 'can.bo', percent: 40, note: 'Đã xong\u0000' }] })
      .catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(QUICK_MS);
    expect(outcome).toBeInstanceOf(WorkflowUpdateFailedError);
    const failure = (outcome as WorkflowUpdateFailedError).cause;
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({
      type: FailureType.DataRejected,
      details: [{ field: 'note', sqlState: '22P05', conflict: false }],
    });
    expect(await getTask(stack, task.id, officer)).toEqual(before);
    expect(await workflowStatus(task)).toBe(before.status);

    expect(
      await handle.executeUpdate(reportProgressUpdate, { args: [{ actor: 'can.bo', percent: 40, note: 'Đã xong' }] }),
    ).toMatchObject({ status: 'in_progress' });
    expect(await getTask(stack, task.id, officer)).toMatchObject({
      status: 'in_progress',
      progress: { percent: 40, note: 'Đã xong' },
    });
  });
});
