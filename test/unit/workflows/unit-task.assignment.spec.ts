/**
 * Who in the unit handles its task, decided by the UnitTask state class without Temporal: claim,
 * assign (reassign, clear) and hand back, each a change of its own that keeps the status, and
 * the refusals the API answers with 409.
 */
import { UnitTask } from '@dondoc/workflows/unit-task/unit-task';
import { DAY, T0, commit, iso, newTask, refusal } from './unit-task-support';

const OFFICER = { actor: 'can.bo.1', actorUnitId: 'so-tai-chinh', httpRequestId: 'req-7' };
const OTHER_OFFICER = { actor: 'can.bo.2', actorUnitId: 'so-tai-chinh' };
const HEAD = { actor: 'truong.phong', actorUnitId: 'so-tai-chinh' };

describe('UnitTask: who handles the task', () => {
  it('an officer claims an unassigned task: recorded as a change that keeps the status, the view names them', () => {
    const task = newTask();
    const record = commit(task, task.claim(OFFICER, T0 + DAY));
    expect(record).toMatchObject({
      action: 'claim',
      actor: 'can.bo.1',
      actorUnitId: 'so-tai-chinh',
      httpRequestId: 'req-7',
      fromStatus: 'assigned',
      toStatus: 'assigned',
      sequence: 1,
      patch: { assignee: 'can.bo.1' },
      data: { assignee: 'can.bo.1', previousAssignee: null },
    });
    expect(record.patch).not.toHaveProperty('acknowledgedAt');
    expect(task.view()).toMatchObject({
      status: 'assigned',
      assignee: 'can.bo.1',
      assignmentActions: ['assign', 'hand_back'],
    });
  });

  it('refuses a claim while someone handles the task, naming them', () => {
    const task = newTask();
    commit(task, task.claim(OFFICER, T0));
    const failure = refusal(() => task.claim(OTHER_OFFICER, T0));
    expect(failure.type).toBe('CONFLICT');
    expect(failure.message).toContain('đã có người xử lý (can.bo.1)');
    expect(refusal(() => task.claim(OFFICER, T0)).message).toBe('Bạn đã nhận xử lý công việc này rồi.');
    expect(task.state.sequence).toBe(1);
  });

  it('the head assigns, reassigns and clears; assigning whoever already has it is refused', () => {
    const task = newTask();
    expect(commit(task, task.assign({ ...HEAD, assignee: 'can.bo.1' }, T0))).toMatchObject({
      action: 'assign',
      actor: 'truong.phong',
      data: { assignee: 'can.bo.1', previousAssignee: null },
    });
    expect(commit(task, task.assign({ ...HEAD, assignee: 'can.bo.2' }, T0))).toMatchObject({
      data: { assignee: 'can.bo.2', previousAssignee: 'can.bo.1' },
      patch: { assignee: 'can.bo.2' },
    });
    expect(refusal(() => task.assign({ ...HEAD, assignee: 'can.bo.2' }, T0)).message).toBe(
      'Công việc này đã được giao cho can.bo.2.',
    );
    expect(commit(task, task.assign({ ...HEAD, assignee: null }, T0))).toMatchObject({
      patch: { assignee: null },
      data: { assignee: null, previousAssignee: 'can.bo.2' },
    });
    expect(task.view().assignee).toBeNull();
    expect(refusal(() => task.assign({ ...HEAD, assignee: null }, T0)).type).toBe('CONFLICT');
  });

  it('only the assignee hands the task back; then nobody handles it and it can be claimed again', () => {
    const task = newTask();
    expect(refusal(() => task.handBack(OFFICER, T0)).message).toBe(
      'Công việc này chưa giao cho ai nên không thể trả lại.',
    );
    commit(task, task.claim(OFFICER, T0));
    expect(refusal(() => task.handBack(OTHER_OFFICER, T0)).message).toBe(
      'Chỉ người đang xử lý công việc (can.bo.1) mới trả lại được.',
    );
    expect(commit(task, task.handBack(OFFICER, T0))).toMatchObject({
      action: 'hand_back',
      patch: { assignee: null },
      data: { assignee: null, previousAssignee: 'can.bo.1' },
    });
    commit(task, task.claim(OTHER_OFFICER, T0));
    expect(task.view().assignee).toBe('can.bo.2');
  });

  it('refuses every assignment action once the task is closed, and offers none', () => {
    const task = newTask();
    commit(task, task.claim(OFFICER, T0));
    commit(task, task.submit({ ...OFFICER, report: 'Đã xong' }, T0));
    commit(task, task.accept({ actor: 'pho-chanh-van-phong' }, T0));
    expect(task.view()).toMatchObject({ status: 'completed', assignee: 'can.bo.1', assignmentActions: [] });
    for (const act of [
      () => task.claim(OTHER_OFFICER, T0),
      () => task.assign({ ...HEAD, assignee: 'can.bo.2' }, T0),
      () => task.handBack(OFFICER, T0),
    ]) {
      const failure = refusal(act);
      expect(failure.type).toBe('CONFLICT');
      expect(failure.message).toMatch(/^Công việc đã kết thúc \(trạng thái completed\)/);
    }
  });

  it('names the assignee in reminders and overdue notices, and nothing while nobody handles the task', () => {
    const task = newTask();
    const due = T0 + 10 * DAY;
    const before = commit(
      task,
      task.remind({ kind: 'reminder', at: due - DAY, offset: 'P1D before', sequence: 0 }, due - DAY),
    );
    expect(before.data).not.toHaveProperty('assignee');
    commit(task, task.claim(OFFICER, due - DAY));
    const reminder = commit(task, task.remind({ kind: 'reminder', at: due, offset: 'at deadline', sequence: 0 }, due));
    expect(reminder.data).toMatchObject({ assignee: 'can.bo.1' });
    const overdue = commit(
      task,
      task.overdue({ kind: 'overdue', at: due + DAY, offset: 'P1D after', sequence: 1 }, due + DAY),
    );
    expect(overdue.data).toMatchObject({ assignee: 'can.bo.1', sequence: 1 });
    // The notice's wording stays as people know it.
    expect(overdue.notifications?.[0]?.message).toBe(`Overdue (P1D after): this task was due ${iso(due)}.`);
  });

  it('a run continued from a state carried before assignments existed has nobody as assignee', () => {
    const first = newTask();
    const { assignee: _none, ...carriedBefore } = { ...first.state, assignee: undefined };
    const resumed = new UnitTask({ ...first.input, carried: carriedBefore }, T0, true);
    expect(resumed.view()).toMatchObject({ assignee: null, assignmentActions: ['claim', 'assign'] });
    commit(resumed, resumed.claim(OFFICER, T0));
    expect(resumed.continuedInput().carried).toMatchObject({ assignee: 'can.bo.1' });
  });
});
