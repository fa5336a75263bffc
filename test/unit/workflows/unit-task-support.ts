/** Builders for the unit task's state-class specs: a task, a person acting on it, and its failures. */
import { ApplicationFailure } from '@temporalio/common';
import { DEFAULT_REMINDER_POLICY, type ReminderPolicy } from '@dondoc/domain';
import { UnitTask, type PreparedChange } from '@dondoc/workflows/unit-task/unit-task';
import type { UnitTaskInput } from '@dondoc/workflows/unit-task/contract';
import type { TaskChange } from '@dondoc/workflows/unit-task/task-change';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** When the tasks of these specs are assigned. */
export const T0 = Date.parse('2026-03-02T01:00:00.000Z');
export const iso = (ms: number): string => new Date(ms).toISOString();

/** A lead task of unit `so-tai-chinh`, due ten days after T0, reviewed by the issuer. */
export function taskInput(overrides: Partial<UnitTaskInput> = {}, policy: Partial<ReminderPolicy> = {}): UnitTaskInput {
  return {
    taskId: 'task-1',
    directiveId: 'directive-1',
    unitId: 'so-tai-chinh',
    role: 'lead',
    dueAt: iso(T0 + 10 * DAY),
    originalDueAt: iso(T0 + 10 * DAY),
    issuerUnitId: 'ubnd-tinh',
    coordinatingUnitId: 'van-phong-ubnd',
    reviewRequired: true,
    reminderPolicy: { ...DEFAULT_REMINDER_POLICY, before: [...DEFAULT_REMINDER_POLICY.before], ...policy },
    ...overrides,
  };
}

/** A new task (runs with the catch-up patch) at T0. */
export function newTask(overrides: Partial<UnitTaskInput> = {}, policy: Partial<ReminderPolicy> = {}): UnitTask {
  return new UnitTask(taskInput(overrides, policy), T0, true);
}

/** A person of the assigned unit, acting through the API. */
export const CLERK = { actor: 'chuyen-vien', actorUnitId: 'so-tai-chinh', httpRequestId: 'req-1' };
/** The issuer's reviewer. */
export const REVIEWER = { actor: 'pho-chanh-van-phong', actorUnitId: 'ubnd-tinh' };

/** Takes a prepared change as the workflow does once it is written; returns its record. */
export function commit(task: UnitTask, prepared: PreparedChange): TaskChange {
  task.take(prepared.next);
  return prepared.record;
}

/** The typed failure an action is refused with (what the API maps to 400, 404 or 409). */
export function refusal(act: () => unknown): ApplicationFailure {
  try {
    act();
  } catch (error) {
    if (error instanceof ApplicationFailure) return error;
    throw error;
  }
  throw new Error('expected the action to be refused');
}

/** A task whose escalation is open at level 1 of a two-body chain, two days after its deadline. */
export function escalatedTask(overrides: Partial<UnitTaskInput> = {}): {
  task: UnitTask;
  escalationId: string;
  at: number;
} {
  const task = newTask(overrides);
  const at = T0 + 12 * DAY;
  const chain = [
    { unitId: 'van-phong-ubnd', grace: 'P2D' },
    { unitId: 'ubnd-tinh', grace: 'P3D' },
  ];
  commit(task, task.escalate({ kind: 'escalation', at, offset: 'P1D after', sequence: 0 }, at, chain, 'esc-1'));
  return { task, escalationId: 'esc-1', at };
}
