/**
 * The unit task's decisions without Temporal: what each action is allowed to do, the change it
 * records, and the state the task takes once that change is written.
 */
import type { CalendarDefinition } from '@dondoc/domain';
import { UnitTask } from '@dondoc/workflows/unit-task/unit-task';
import {
  CLERK,
  DAY,
  HOUR,
  REVIEWER,
  T0,
  commit,
  escalatedTask,
  iso,
  newTask,
  refusal,
  taskInput,
} from './unit-task-support';

describe('UnitTask', () => {
  describe('a new task', () => {
    it('starts assigned with nothing fired, so instants already past are caught up', () => {
      const task = newTask();
      expect(task.state).toMatchObject({
        status: 'assigned',
        dueAt: T0 + 10 * DAY,
        sequence: 0,
        cursor: 0,
        openEscalationId: null,
      });
    });

    it('starts its schedule at the start for runs from before the catch-up patch', () => {
      expect(new UnitTask(taskInput(), T0, false).state.cursor).toBe(T0);
    });

    it('carries on from the state a previous run handed over', () => {
      const first = newTask();
      commit(first, first.acknowledge(CLERK, T0));
      const resumed = new UnitTask(first.continuedInput(), T0 + DAY, true);
      expect(resumed.state).toEqual(first.state);
    });

    it('shows the actions allowed now, and none once closed', () => {
      const task = newTask();
      expect(task.view()).toEqual({
        taskId: 'task-1',
        status: 'assigned',
        dueAt: iso(T0 + 10 * DAY),
        allowedActions: [
          'acknowledge',
          'progress',
          'submit',
          'request_extension',
          'extend',
          'remind',
          'cancel',
          'waive',
          'reassign',
        ],
        openEscalationId: null,
        pendingExtensionIds: [],
        assignee: null,
        assignmentActions: ['claim', 'assign'],
      });
      commit(task, task.cancel({ actor: 'ubnd-tinh.admin', reason: 'Thu hồi', cascade: null }, T0));
      expect(task.view()).toMatchObject({ status: 'cancelled', allowedActions: [] });
    });
  });

  describe('a person acting', () => {
    it('prepares a change on a copy: the state moves only when the change is taken', () => {
      const task = newTask();
      const prepared = task.acknowledge(CLERK, T0 + HOUR);
      expect(task.state.status).toBe('assigned');
      expect(prepared.next).toMatchObject({ status: 'acknowledged', sequence: 1 });
      commit(task, prepared);
      expect(task.state).toMatchObject({ status: 'acknowledged', sequence: 1 });
    });

    it('records who acknowledged, from which unit and request, and when', () => {
      const task = newTask();
      expect(task.acknowledge(CLERK, T0 + HOUR).record).toEqual({
        taskId: 'task-1',
        directiveId: 'directive-1',
        sequence: 1,
        actor: 'chuyen-vien',
        actorUnitId: 'so-tai-chinh',
        httpRequestId: 'req-1',
        action: 'acknowledge',
        fromStatus: 'assigned',
        toStatus: 'acknowledged',
        occurredAt: iso(T0 + HOUR),
        patch: { acknowledgedAt: iso(T0 + HOUR) },
        data: {},
      });
    });

    it('refuses to acknowledge twice, naming what is allowed instead', () => {
      const task = newTask();
      commit(task, task.acknowledge(CLERK, T0));
      const failure = refusal(() => task.acknowledge(CLERK, T0));
      expect(failure.type).toBe('ILLEGAL_TRANSITION');
      expect(failure.details).toEqual([
        expect.objectContaining({
          status: 'acknowledged',
          action: 'acknowledge',
          allowedActions: expect.arrayContaining(['submit']),
        }),
      ]);
    });

    it('completes an inform task when it is acknowledged: reading it is the whole job', () => {
      const task = newTask({ role: 'inform' });
      const record = commit(task, task.acknowledge(CLERK, T0));
      expect(record).toMatchObject({
        toStatus: 'completed',
        patch: { acknowledgedAt: iso(T0), closedAt: iso(T0), completedAt: iso(T0) },
      });
    });

    it('refuses to submit an inform task', () => {
      expect(refusal(() => newTask({ role: 'inform' }).submit({ ...CLERK, report: 'Đã đọc' }, T0)).type).toBe(
        'ILLEGAL_TRANSITION',
      );
    });

    it('accepts progress as a whole percentage, moving the task into progress and marking it acknowledged', () => {
      const task = newTask();
      const record = commit(task, task.reportProgress({ ...CLERK, percent: 40, note: 'Đang tổng hợp' }, T0 + HOUR));
      expect(record).toMatchObject({
        action: 'progress',
        toStatus: 'in_progress',
        patch: { progressPercent: 40, progressNote: 'Đang tổng hợp', acknowledgedAt: iso(T0 + HOUR) },
        data: { percent: 40, note: 'Đang tổng hợp' },
      });
      expect(task.state.progressPercent).toBe(40);
    });

    it.each([101, -1, 2.5])('refuses progress of %p percent', (percent) => {
      const failure = refusal(() => newTask().reportProgress({ ...CLERK, percent, note: null }, T0));
      expect(failure.type).toBe('VALIDATION');
      expect(failure.details).toEqual([{ field: 'percent', problem: 'must be a whole number from 0 to 100' }]);
    });

    it('sends a submitted report to review when the directive asks for one', () => {
      const task = newTask();
      const record = commit(task, task.submit({ ...CLERK, report: 'Báo cáo' }, T0 + DAY));
      expect(record).toMatchObject({
        toStatus: 'submitted',
        patch: { report: 'Báo cáo', submittedAt: iso(T0 + DAY), returnReason: null },
        data: { report: 'Báo cáo' },
      });
      expect(record.patch.progressPercent).toBeUndefined();
    });

    it('completes the task on submission when no review is required', () => {
      const task = newTask({ reviewRequired: false });
      const record = commit(task, task.submit({ ...CLERK, report: 'Báo cáo' }, T0 + DAY));
      expect(record).toMatchObject({
        toStatus: 'completed',
        patch: { progressPercent: 100, completedAt: iso(T0 + DAY), closedAt: iso(T0 + DAY) },
      });
    });

    it('accepts only a submitted report', () => {
      const task = newTask();
      expect(refusal(() => task.accept(REVIEWER, T0)).type).toBe('ILLEGAL_TRANSITION');
      commit(task, task.submit({ ...CLERK, report: 'Báo cáo' }, T0));
      expect(commit(task, task.accept(REVIEWER, T0 + DAY))).toMatchObject({
        toStatus: 'completed',
        patch: { progressPercent: 100 },
      });
    });

    it('returns a report for more work, resuming reminders from now rather than replaying those missed under review', () => {
      const task = newTask();
      commit(task, task.submit({ ...CLERK, report: 'Báo cáo' }, T0));
      const record = commit(task, task.returnReport({ ...REVIEWER, reason: 'Thiếu số liệu' }, T0 + 2 * DAY));
      expect(record).toMatchObject({
        toStatus: 'in_progress',
        patch: { returnReason: 'Thiếu số liệu' },
        data: { reason: 'Thiếu số liệu' },
      });
      expect(task.state.cursor).toBe(T0 + 2 * DAY);
    });
  });

  describe('the deadline', () => {
    const request = { ...CLERK, requestId: 'ext-1', requestedDueAt: iso(T0 + 15 * DAY), reason: 'Chờ số liệu' };

    it('takes a request for a later deadline as pending, without moving the deadline', () => {
      const task = newTask();
      const record = commit(task, task.requestExtension(request, T0));
      expect(record).toMatchObject({
        action: 'request_extension',
        toStatus: 'assigned',
        extensionRequest: { op: 'create', requestId: 'ext-1', requestedDueAt: iso(T0 + 15 * DAY) },
      });
      expect(task.view()).toMatchObject({ dueAt: iso(T0 + 10 * DAY), pendingExtensionIds: ['ext-1'] });
    });

    it('refuses a request that is not later than the current deadline, or one already pending', () => {
      const task = newTask();
      expect(
        refusal(() => task.requestExtension({ ...request, requestedDueAt: iso(T0 + 10 * DAY) }, T0)).details,
      ).toEqual([{ field: 'requestedDueAt', problem: `must be later than ${iso(T0 + 10 * DAY)}` }]);
      commit(task, task.requestExtension(request, T0));
      expect(refusal(() => task.requestExtension(request, T0)).details).toEqual([
        { field: 'requestId', problem: 'is already pending' },
      ]);
    });

    it('moves the deadline when a request is approved, restarting the schedule from now', () => {
      const task = newTask();
      commit(task, task.requestExtension(request, T0));
      const record = commit(
        task,
        task.decideExtension({ ...REVIEWER, requestId: 'ext-1', approve: true, reason: null }, T0 + DAY),
      );
      expect(record).toMatchObject({
        action: 'approve_extension',
        patch: { dueAt: iso(T0 + 15 * DAY) },
        extensionRequest: { op: 'decide', approved: true },
      });
      expect(task.state).toMatchObject({
        dueAt: T0 + 15 * DAY,
        cursor: T0 + DAY,
        cursorKind: null,
        escalatedForDeadline: false,
        pendingExtensions: [],
      });
    });

    it('keeps the deadline when a request is rejected', () => {
      const task = newTask();
      commit(task, task.requestExtension(request, T0));
      const record = commit(
        task,
        task.decideExtension({ ...REVIEWER, requestId: 'ext-1', approve: false, reason: 'Không đủ lý do' }, T0 + DAY),
      );
      expect(record).toMatchObject({
        action: 'reject_extension',
        patch: {},
        data: { requestId: 'ext-1', reason: 'Không đủ lý do' },
      });
      expect(task.state).toMatchObject({ dueAt: T0 + 10 * DAY, pendingExtensions: [] });
    });

    it('answers not found for a request that is not pending, and conflict when approving would not move the deadline later', () => {
      const task = newTask();
      expect(
        refusal(() => task.decideExtension({ ...REVIEWER, requestId: 'nope', approve: true, reason: null }, T0)).type,
      ).toBe('NOT_FOUND');
      commit(task, task.requestExtension(request, T0));
      commit(task, task.amendDeadline({ ...REVIEWER, dueAt: iso(T0 + 20 * DAY), reason: null }, T0));
      expect(
        refusal(() => task.decideExtension({ ...REVIEWER, requestId: 'ext-1', approve: true, reason: null }, T0)).type,
      ).toBe('CONFLICT');
    });

    it('amends the deadline of an open task to a later instant only', () => {
      const task = newTask();
      expect(
        refusal(() => task.amendDeadline({ ...REVIEWER, dueAt: iso(T0 - DAY), reason: null }, T0)).details,
      ).toEqual([{ field: 'dueAt', problem: `must be later than ${iso(T0)}` }]);
      expect(refusal(() => task.amendDeadline({ ...REVIEWER, dueAt: 'soon', reason: null }, T0)).details).toEqual([
        { field: 'dueAt', problem: 'must be an ISO-8601 date-time' },
      ]);
      const record = commit(
        task,
        task.amendDeadline({ ...REVIEWER, dueAt: iso(T0 + 20 * DAY), reason: 'Điều chỉnh' }, T0),
      );
      expect(record).toMatchObject({
        action: 'amend_deadline',
        toStatus: 'assigned',
        patch: { dueAt: iso(T0 + 20 * DAY) },
        data: { dueAt: iso(T0 + 20 * DAY), reason: 'Điều chỉnh' },
      });
      commit(task, task.cancel({ actor: 'admin', reason: null, cascade: null }, T0));
      expect(refusal(() => task.amendDeadline({ ...REVIEWER, dueAt: iso(T0 + 30 * DAY), reason: null }, T0)).type).toBe(
        'ILLEGAL_TRANSITION',
      );
    });
  });

  describe('the plan', () => {
    it('is re-planned when what the schedule depends on changes, not for a progress note', () => {
      const task = newTask();
      commit(task, task.acknowledge(CLERK, T0));
      const revision = task.planRevision;
      commit(task, task.reportProgress({ ...CLERK, percent: 10, note: null }, T0));
      commit(task, task.reportProgress({ ...CLERK, percent: 20, note: null }, T0));
      expect(task.planRevision).toBe(revision + 1); // the first moved the status to in_progress
    });

    it('follows a newer calendar and ignores an older revision arriving late', () => {
      const task = newTask();
      const calendar = (revision: number): CalendarDefinition => ({ statutory: true, announced: [], revision });
      task.replaceCalendar(calendar(2));
      expect(task.planRevision).toBe(1);
      task.replaceCalendar(calendar(1));
      expect(task.planRevision).toBe(1);
      expect(task.continuedInput().calendar).toMatchObject({ revision: 2 });
    });

    it('gives up a sequence number whose write is in doubt, so the next change takes the one after it', () => {
      const task = newTask();
      const lost = task.acknowledge(CLERK, T0);
      task.skipSequence(lost.record.sequence);
      expect(task.state.status).toBe('assigned');
      expect(task.acknowledge(CLERK, T0).record.sequence).toBe(2);
    });
  });

  describe('a withdrawal', () => {
    it('cancels the task, naming who withdrew the directive and why', () => {
      const task = newTask();
      const record = commit(
        task,
        task.cancel({ actor: 'ubnd-tinh.admin', reason: 'Ban hành nhầm', cascade: null }, T0 + DAY),
      );
      expect(record).toMatchObject({
        action: 'cancel',
        actor: 'ubnd-tinh.admin',
        toStatus: 'cancelled',
        patch: { closedAt: iso(T0 + DAY) },
      });
      expect(record.data).toEqual({
        cause: 'directive withdrawn',
        directiveId: 'directive-1',
        reason: 'Ban hành nhầm',
      });
    });

    it('names the root of the cascade when the withdrawal came down from a parent directive, and closes an open escalation', () => {
      const { task } = escalatedTask();
      const cascade = { rootDirectiveId: 'root', rootDirectiveNumber: '12/CT-UBND', parentDirectiveId: 'parent' };
      const record = commit(task, task.cancel({ actor: 'admin', reason: null, cascade }, T0 + 13 * DAY));
      expect(record.data).toEqual({
        cause: 'parent directive withdrawn',
        directiveId: 'directive-1',
        reason: null,
        ...cascade,
      });
      expect(record).toMatchObject({ escalation: { op: 'close', escalationId: 'esc-1' }, patch: { escalated: false } });
      expect(task.result()).toEqual({ taskId: 'task-1', unitId: 'so-tai-chinh', status: 'cancelled', successor: null });
    });
  });
});
