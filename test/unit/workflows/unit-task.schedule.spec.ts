/** What a unit task's timer loop does next, and the scheduled notices it sends, without Temporal. */
import { nextClimbAt, nextStep, overdueEscalation } from '@dondoc/workflows/unit-task/unit-task.schedule';
import type { UnitTask } from '@dondoc/workflows/unit-task/unit-task';
import { CLERK, DAY, REVIEWER, T0, commit, escalatedTask, iso, newTask } from './unit-task-support';

const DUE = T0 + 10 * DAY;
const planOf = (task: UnitTask, catchUp = true) => ({
  policy: task.input.reminderPolicy,
  calendar: task.calendar,
  catchUp,
});

describe('unit task schedule', () => {
  it('wakes at the first reminder, three days before the deadline, and looks again then', () => {
    const task = newTask();
    expect(nextStep(task.state, planOf(task), T0)).toEqual({ kind: 'recheck', at: DUE - 3 * DAY });
  });

  it('fires the first reminder at its instant for runs from before the catch-up patch', () => {
    const task = newTask();
    expect(nextStep(task.state, planOf(task, false), T0)).toEqual({
      kind: 'fire',
      at: DUE - 3 * DAY,
      event: { kind: 'reminder', at: DUE - 3 * DAY, offset: 'P3D before', sequence: 0 },
    });
  });

  it('sends the latest missed reminder at once, marked late, when the task starts past it', () => {
    const task = newTask();
    const now = DUE - DAY + 3_600_000;
    const step = nextStep(task.state, planOf(task), now);
    expect(step).toEqual({
      kind: 'fire',
      at: DUE - DAY,
      event: { kind: 'reminder', at: DUE - DAY, offset: 'P1D before', sequence: 0, late: true },
    });
  });

  it('has nothing to fire while a report is under review', () => {
    const task = newTask();
    commit(task, task.submit({ ...CLERK, report: 'Báo cáo' }, T0));
    expect(nextStep(task.state, planOf(task), DUE + 5 * DAY)).toEqual({ kind: 'idle' });
  });

  it('escalates at once, marked late, when the escalation instant passed while the report was under review', () => {
    const task = newTask();
    commit(task, task.submit({ ...CLERK, report: 'Báo cáo' }, T0));
    const returnedAt = DUE + 3 * DAY;
    commit(task, task.returnReport({ ...REVIEWER, reason: 'Thiếu' }, returnedAt));
    const event = { kind: 'escalation', at: returnedAt, offset: 'P1D after (late)', sequence: 0 };
    expect(overdueEscalation(task.state, task.input.reminderPolicy, task.calendar, returnedAt)).toEqual(event);
    expect(nextStep(task.state, planOf(task), returnedAt)).toEqual({ kind: 'fire', at: returnedAt, event });
  });

  it('does not escalate late a task that already escalated for this deadline, or whose policy never escalates', () => {
    const { task, at } = escalatedTask();
    expect(overdueEscalation(task.state, task.input.reminderPolicy, task.calendar, at + DAY)).toBeUndefined();
    const never = newTask({}, { escalateAfter: null });
    commit(never, never.acknowledge(CLERK, T0));
    expect(
      overdueEscalation(
        { ...never.state, cursor: DUE + 5 * DAY },
        never.input.reminderPolicy,
        never.calendar,
        DUE + 5 * DAY,
      ),
    ).toBeUndefined();
  });

  it('climbs the open escalation once the body has let its grace run out', () => {
    const { task, at } = escalatedTask();
    expect(nextClimbAt(task.state)).toBe(at + 2 * DAY);
    const noOverdueNotices = { ...planOf(task), policy: { ...task.input.reminderPolicy, overdueEvery: null } };
    expect(nextStep(task.state, noOverdueNotices, at)).toEqual({ kind: 'climb', at: at + 2 * DAY });
  });

  it('climbs no further than the top of the chain', () => {
    const { task, at } = escalatedTask();
    commit(task, task.climb(at + 2 * DAY));
    expect(nextClimbAt(task.state)).toBeUndefined();
  });

  it('fires an overdue notice before a climb that falls later', () => {
    const { task, at } = escalatedTask();
    // The escalation fired at T0 + 12 days; the third daily overdue notice is due at T0 + 13 days, before the climb at T0 + 14.
    const step = nextStep(task.state, planOf(task, false), at);
    expect(step).toMatchObject({ kind: 'fire', at: DUE + 3 * DAY, event: { kind: 'overdue', sequence: 3 } });
  });

  it('sends reminders and overdue notices worded as the unit has always read them', () => {
    const task = newTask();
    const reminder = task.remind(
      { kind: 'reminder', at: DUE - 3 * DAY, offset: 'P3D before', sequence: 0 },
      DUE - 3 * DAY,
    ).record;
    expect(reminder).toMatchObject({
      action: 'remind',
      actor: 'system',
      data: { offset: 'P3D before', scheduledFor: iso(DUE - 3 * DAY) },
    });
    expect(reminder.notifications?.[0]?.message).toBe(`Reminder (P3D before): this task is due ${iso(DUE)}.`);
    const overdue = task.overdue(
      { kind: 'overdue', at: DUE + DAY, offset: 'P1D after', sequence: 1, late: true },
      DUE + 2 * DAY,
    );
    expect(overdue.record.data).toEqual({ offset: 'P1D after', sequence: 1, scheduledFor: iso(DUE + DAY), late: true });
    expect(overdue.record.notifications?.[0]?.message).toBe(
      `Overdue (P1D after) [gửi muộn — đúng lịch là ${iso(DUE + DAY)}]: this task was due ${iso(DUE)}.`,
    );
    expect(overdue.next).toMatchObject({ cursor: DUE + DAY, cursorKind: 'overdue' });
  });

  it('fires the kind of event it is given: a new id only for an escalation', () => {
    const task = newTask();
    const newId = jest.fn(() => 'esc-9');
    expect(
      task.fire({ kind: 'reminder', at: DUE, offset: 'at deadline', sequence: 0 }, DUE, [], newId).record.action,
    ).toBe('remind');
    expect(newId).not.toHaveBeenCalled();
    expect(
      task.fire({ kind: 'escalation', at: DUE + DAY, offset: 'P1D after', sequence: 0 }, DUE + DAY, [], newId).record
        .escalation,
    ).toMatchObject({ op: 'open', escalationId: 'esc-9' });
  });
});
