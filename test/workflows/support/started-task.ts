/**
 * The opening most unit-task tests share: a fresh fake of the activities, a worker of its own,
 * and one task due a while after the next whole minute of server time, started — seeded first
 * when the test needs the task's row, as the API writes it — and, when asked, left idle before
 * the test acts on it.
 *
 *   await withStartedTask(testbed, { dueIn: '3 days' }, async ({ fake, input, due, handle }) => { … });
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { UnitTaskInput } from '@dondoc/workflows/unit-task/contract';
import type { unitTaskWorkflow } from '@dondoc/workflows/unit-task/unit-task.workflow';
import { aUnitTask } from './builders';
import { FakeDondocActivities } from './fake-activities';
import type { WorkerScope, WorkflowTestbed } from './testbed';
import { nextWholeMinute, type HumanDuration } from './time';

/** How the task is made and started. */
export interface StartedTaskOptions {
  /** The deadline, counted from the next whole minute of server time. */
  dueIn: HumanDuration;
  /** Seeds the fake with the task's row before the start, as the API writes it (default: not seeded). */
  seeded?: boolean;
  /** Waits until the workflow has no workflow task pending before the test acts (default: does not wait). */
  idle?: boolean;
  /** Other fields of the input, e.g. `{ reviewRequired: true }`. */
  with?: Partial<UnitTaskInput>;
}

/** What the test gets: the worker's scope, the fake behind it, and the started task. */
export interface StartedTask extends WorkerScope {
  fake: FakeDondocActivities;
  input: UnitTaskInput;
  /** The task's deadline, epoch milliseconds. */
  due: number;
  handle: WorkflowHandle<typeof unitTaskWorkflow>;
}

/** Runs `fn` with one task started on a fresh worker of `testbed` (see {@link WorkflowTestbed.withWorker}). */
export function withStartedTask<T>(
  testbed: WorkflowTestbed,
  options: StartedTaskOptions,
  fn: (task: StartedTask) => Promise<T>,
): Promise<T> {
  const fake = new FakeDondocActivities();
  return testbed.withWorker(fake, async (scope) => {
    const input = aUnitTask()
      .from(nextWholeMinute(await testbed.now()))
      .dueIn(options.dueIn)
      .with(options.with ?? {})
      .build();
    const handle = options.seeded === true ? await scope.startSeededTask(input) : await scope.startTask(input);
    if (options.idle === true) await testbed.untilIdle(handle);
    return fn({ ...scope, fake, input, due: Date.parse(input.dueAt), handle });
  });
}
