/** The unit task's escalation without Temporal: opened by the schedule, climbed, resolved, closed. */
import { CLERK, DAY, REVIEWER, T0, commit, escalatedTask, iso, newTask, refusal } from './unit-task-support';

const SUPERVISOR = { actor: 'chanh-van-phong', actorUnitId: 'van-phong-ubnd' };

describe('UnitTask escalation', () => {
  it('opens at the first body of the chain, tells the coordinating body, and marks the task escalated', () => {
    const task = newTask();
    const at = T0 + 11 * DAY;
    const chain = [{ unitId: 'van-phong-ubnd', grace: 'P2D' }];
    const record = commit(
      task,
      task.escalate({ kind: 'escalation', at, offset: 'P1D after', sequence: 0 }, at + 5_000, chain, 'esc-1'),
    );
    expect(record).toMatchObject({
      action: 'escalate',
      actor: 'system',
      patch: { escalated: true },
      data: { escalationId: 'esc-1', level: 1, coordinatingUnitId: 'van-phong-ubnd', scheduledFor: iso(at) },
      escalation: { op: 'open', escalationId: 'esc-1', coordinatingUnitId: 'van-phong-ubnd', unitId: 'so-tai-chinh' },
    });
    expect(record.notifications).toEqual([
      {
        recipientUnitId: 'van-phong-ubnd',
        kind: 'escalation',
        message: `Escalated: unit so-tai-chinh has not submitted its task, due ${iso(T0 + 10 * DAY)}.`,
        scheduledFor: iso(at),
      },
    ]);
    expect(task.state).toMatchObject({
      escalatedForDeadline: true,
      openEscalationId: 'esc-1',
      cursor: at,
      cursorKind: 'escalation',
      climb: { chain, index: 0, since: at + 5_000 },
    });
    expect(task.view().openEscalationId).toBe('esc-1');
  });

  it('marks an escalation sent late with the instant it was due', () => {
    const task = newTask();
    const at = T0 + 11 * DAY;
    const record = task.escalate(
      { kind: 'escalation', at, offset: 'P1D after', sequence: 0, late: true },
      at + DAY,
      [],
      'esc-1',
    ).record;
    expect(record.data).toMatchObject({ late: true, scheduledFor: iso(at) });
    expect(record.notifications?.[0]?.message).toBe(
      `Escalated [gửi muộn — đúng lịch là ${iso(at)}]: unit so-tai-chinh has not submitted its task, due ${iso(T0 + 10 * DAY)}.`,
    );
  });

  it('climbs one level when the body lets its grace run out, telling the body above and the one passed over', () => {
    const { task, at } = escalatedTask();
    const now = at + 2 * DAY;
    const record = commit(task, task.climb(now));
    expect(record).toMatchObject({
      action: 'escalate_up',
      data: {
        escalationId: 'esc-1',
        level: 2,
        coordinatingUnitId: 'ubnd-tinh',
        fromUnitId: 'van-phong-ubnd',
        grace: 'P2D',
      },
      escalation: { op: 'climb', escalationId: 'esc-1', level: 2, coordinatingUnitId: 'ubnd-tinh' },
    });
    expect(record.notifications?.map((n) => [n.recipientUnitId, n.message])).toEqual([
      [
        'ubnd-tinh',
        `Escalated (level 2): unit so-tai-chinh has not submitted its task, due ${iso(T0 + 10 * DAY)}, and van-phong-ubnd did not resolve the escalation within P2D.`,
      ],
      [
        'van-phong-ubnd',
        "The escalation of unit so-tai-chinh's task was not resolved within P2D and has passed up to ubnd-tinh; it can still be resolved here.",
      ],
    ]);
    expect(task.state.climb).toMatchObject({ index: 1, since: now });
  });

  it('has no level to climb to from the top of its chain', () => {
    const { task, at } = escalatedTask();
    commit(task, task.climb(at + 2 * DAY));
    expect(() => task.climb(at + 5 * DAY)).toThrow('no open escalation has a level left to climb to');
  });

  it('answers not found for an escalation that is not the open one', () => {
    const { task } = escalatedTask();
    expect(
      refusal(() => task.resolveEscalation({ ...SUPERVISOR, escalationId: 'esc-0', action: 'waive', note: null }, T0))
        .type,
    ).toBe('NOT_FOUND');
  });

  it('leaves the escalation open when the supervisor only reminds the unit', () => {
    const { task, escalationId, at } = escalatedTask();
    const record = commit(
      task,
      task.resolveEscalation({ ...SUPERVISOR, escalationId, action: 'remind', note: 'Khẩn' }, at + DAY),
    );
    expect(record.escalation).toBeUndefined();
    expect(record.notifications).toEqual([
      {
        recipientUnitId: 'so-tai-chinh',
        kind: 'reminder',
        message: `The coordinating body asks for this task to be done: Khẩn; it is due ${iso(T0 + 10 * DAY)}.`,
        scheduledFor: iso(at + DAY),
      },
    ]);
    expect(task.state.openEscalationId).toBe(escalationId);
  });

  it('resolves by a new deadline, which restarts the schedule and may escalate again', () => {
    const { task, escalationId, at } = escalatedTask();
    const dueAt = iso(at + 7 * DAY);
    const record = commit(
      task,
      task.resolveEscalation({ ...SUPERVISOR, escalationId, action: 'extend', dueAt, note: null }, at + DAY),
    );
    expect(record).toMatchObject({
      action: 'extend',
      patch: { dueAt, escalated: false },
      escalation: { op: 'resolve', escalationId, resolution: { action: 'extend', note: null, dueAt } },
    });
    expect(task.state).toMatchObject({
      dueAt: at + 7 * DAY,
      cursor: at + DAY,
      escalatedForDeadline: false,
      openEscalationId: null,
      climb: null,
    });
  });

  it('refuses an extension to a deadline already past', () => {
    const { task, escalationId, at } = escalatedTask();
    expect(
      refusal(() =>
        task.resolveEscalation({ ...SUPERVISOR, escalationId, action: 'extend', dueAt: iso(at - DAY), note: null }, at),
      ).details,
    ).toEqual([{ field: 'dueAt', problem: `must be later than ${iso(at)}` }]);
  });

  it('resolves by waiving the task, which ends it', () => {
    const { task, escalationId, at } = escalatedTask();
    const record = commit(
      task,
      task.resolveEscalation({ ...SUPERVISOR, escalationId, action: 'waive', note: 'Không còn cần thiết' }, at + DAY),
    );
    expect(record).toMatchObject({
      toStatus: 'waived',
      patch: { closedAt: iso(at + DAY) },
      escalation: { op: 'resolve', resolution: { action: 'waive', note: 'Không còn cần thiết' } },
    });
    expect(task.view()).toMatchObject({ status: 'waived', allowedActions: [], openEscalationId: null });
  });

  describe('reassign', () => {
    const reassign = {
      ...SUPERVISOR,
      escalationId: 'esc-1',
      action: 'reassign' as const,
      toUnitId: 'so-xay-dung',
      successorTaskId: 'task-2',
      note: null,
    };

    it('ends the task as reassigned, naming the successor for another unit', () => {
      const { task, at } = escalatedTask();
      const dueAt = iso(at + 5 * DAY);
      const record = commit(task, task.resolveEscalation({ ...reassign, dueAt }, at + DAY));
      const successor = { taskId: 'task-2', unitId: 'so-xay-dung', role: 'lead', dueAt };
      expect(record).toMatchObject({
        toStatus: 'reassigned',
        patch: { reassignedToTaskId: 'task-2' },
        data: { escalationId: 'esc-1', action: 'reassign', dueAt, toUnitId: 'so-xay-dung', successorTaskId: 'task-2' },
        successor,
        escalation: { op: 'resolve', resolution: { action: 'reassign', dueAt, toUnitId: 'so-xay-dung' } },
      });
      expect(task.result()).toEqual({ taskId: 'task-1', unitId: 'so-tai-chinh', status: 'reassigned', successor });
    });

    it('keeps the current deadline for the successor while it is still ahead', () => {
      const task = escalatedTask().task;
      const record = task.resolveEscalation(reassign, T0 + 5 * DAY).record;
      expect(record.successor?.dueAt).toBe(iso(T0 + 10 * DAY));
    });

    it('requires a deadline once the current one has passed', () => {
      const { task, at } = escalatedTask();
      expect(refusal(() => task.resolveEscalation(reassign, at)).details).toEqual([
        { field: 'dueAt', problem: 'is required to reassign once the current deadline has passed' },
      ]);
    });

    it('refuses to reassign to the unit the task is assigned to, or without a successor id', () => {
      const { task, at } = escalatedTask();
      const dueAt = iso(at + 5 * DAY);
      expect(
        refusal(() => task.resolveEscalation({ ...reassign, dueAt, toUnitId: 'so-tai-chinh' }, at)).details,
      ).toEqual([{ field: 'toUnitId', problem: 'must be another unit than the one the task is assigned to' }]);
      expect(refusal(() => task.resolveEscalation({ ...reassign, dueAt, successorTaskId: '' }, at)).details).toEqual([
        { field: 'successorTaskId', problem: 'is required to reassign' },
      ]);
    });
  });

  it('closes when the task moves on: a submission, an approved extension, an amended deadline', () => {
    const submitted = escalatedTask();
    expect(submitted.task.submit({ ...CLERK, report: 'Báo cáo' }, submitted.at).record.escalation).toEqual({
      op: 'close',
      escalationId: 'esc-1',
    });
    const amended = escalatedTask();
    const record = commit(
      amended.task,
      amended.task.amendDeadline({ ...REVIEWER, dueAt: iso(amended.at + 3 * DAY), reason: null }, amended.at),
    );
    expect(record).toMatchObject({ escalation: { op: 'close', escalationId: 'esc-1' }, patch: { escalated: false } });
    expect(amended.task.state).toMatchObject({ openEscalationId: null, climb: null });
  });

  it('stays open through a progress note', () => {
    const { task, at } = escalatedTask();
    expect(commit(task, task.reportProgress({ ...CLERK, percent: 50, note: null }, at)).escalation).toBeUndefined();
    expect(task.state.openEscalationId).toBe('esc-1');
  });
});
