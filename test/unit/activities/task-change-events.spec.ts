import { EVENT_TYPES, type EventType } from '@dondoc/domain';
import { causesEvents, eventsOfTaskChange, type TaskEventContext } from '@dondoc/activities';
import type { TaskChange } from '@dondoc/workflows/unit-task/task-change';

const TASK_ID = '4f1c2b7e-0000-4000-8000-000000000276';
const DIRECTIVE_ID = '9a7d0c1e-0000-4000-8000-000000000001';
const ESCALATION_ID = 'c0ffee00-0000-4000-8000-000000000001';
const DUE = '2026-12-18T10:00:00.000Z';
const LATER = '2026-12-25T10:00:00.000Z';
const AT = '2026-12-17T02:00:00.000Z';

const CONTEXT: TaskEventContext = {
  unitId: 'bac-kan-city/ubnd',
  dueAt: DUE,
  directiveNumber: '276-CV/TU',
  directiveSubject: 'V/v triển khai thực hiện Công văn số 335-CV/TU của Tỉnh ủy',
  publicUrl: 'https://dondoc.bac-kan.gov.vn/',
};

const SYSTEM = { actor: 'system', actorUnitId: null };
const ISSUER = { actor: 'van.thu', actorUnitId: 'bac-kan-city/thanh-uy' };
const OFFICER = { actor: 'can.bo.1', actorUnitId: 'bac-kan-city/ubnd' };
const SUPERVISOR = { actor: 'truong.ban', actorUnitId: 'bac-kan-city/bcd35' };

/** A change as the unit-task workflow writes it: sequence 7 of the task, at {@link AT}. */
function aChange(overrides: Partial<TaskChange>): TaskChange {
  return {
    taskId: TASK_ID,
    directiveId: DIRECTIVE_ID,
    sequence: 7,
    actor: 'system',
    actorUnitId: null,
    httpRequestId: null,
    action: 'progress',
    fromStatus: 'in_progress',
    toStatus: 'in_progress',
    occurredAt: AT,
    patch: {},
    data: {},
    ...overrides,
  };
}

const notice = (recipientUnitId: string, kind: 'reminder' | 'overdue' | 'escalation') => ({
  recipientUnitId,
  kind,
  message: 'm',
  scheduledFor: AT,
});

/** One row per thing a task change can do: the change, and the type and data of each event it causes. */
const CASES: [string, TaskChange, [EventType, Record<string, unknown>][]][] = [
  [
    'a scheduled reminder',
    aChange({
      ...SYSTEM,
      action: 'remind',
      data: { offset: 'P1D before', scheduledFor: AT },
      notifications: [notice('bac-kan-city/ubnd', 'reminder')],
    }),
    [['task.reminder', { scheduledAt: AT, offset: 'P1D before', workingDaysLeft: null }]],
  ],
  [
    'an overdue notice',
    aChange({
      ...SYSTEM,
      action: 'overdue',
      data: { offset: 'P1D after', sequence: 2, scheduledFor: '2026-12-19T10:00:00.000Z' },
      notifications: [notice('bac-kan-city/ubnd', 'overdue')],
    }),
    [['task.overdue', { scheduledAt: '2026-12-19T10:00:00.000Z', offset: 'P1D after', sequence: 2 }]],
  ],
  [
    'an escalation opening',
    aChange({
      ...SYSTEM,
      action: 'escalate',
      patch: { escalated: true },
      data: {
        escalationId: ESCALATION_ID,
        level: 1,
        coordinatingUnitId: 'bac-kan-city/bcd35',
        scheduledFor: '2026-12-19T10:00:00.000Z',
      },
      escalation: {
        op: 'open',
        escalationId: ESCALATION_ID,
        coordinatingUnitId: 'bac-kan-city/bcd35',
        unitId: 'bac-kan-city/ubnd',
      },
      notifications: [notice('bac-kan-city/bcd35', 'escalation')],
    }),
    [
      [
        'escalation.opened',
        {
          escalationId: ESCALATION_ID,
          level: 1,
          coordinatingUnitId: 'bac-kan-city/bcd35',
          scheduledAt: '2026-12-19T10:00:00.000Z',
        },
      ],
    ],
  ],
  [
    'an escalation climbing (two bodies told, one event)',
    aChange({
      ...SYSTEM,
      action: 'escalate_up',
      data: {
        escalationId: ESCALATION_ID,
        level: 2,
        coordinatingUnitId: 'bac-kan/bcd35',
        fromUnitId: 'bac-kan-city/bcd35',
        grace: 'P2D',
      },
      escalation: { op: 'climb', escalationId: ESCALATION_ID, level: 2, coordinatingUnitId: 'bac-kan/bcd35' },
      notifications: [notice('bac-kan/bcd35', 'escalation'), notice('bac-kan-city/bcd35', 'escalation')],
    }),
    [
      [
        'escalation.climbed',
        {
          escalationId: ESCALATION_ID,
          level: 2,
          coordinatingUnitId: 'bac-kan/bcd35',
          fromUnitId: 'bac-kan-city/bcd35',
          grace: 'P2D',
        },
      ],
    ],
  ],
  [
    'an escalation resolved by extending the deadline',
    aChange({
      ...SUPERVISOR,
      action: 'extend',
      patch: { dueAt: LATER, escalated: false },
      data: { escalationId: ESCALATION_ID, action: 'extend', note: 'Gia hạn đến 25/12', dueAt: LATER },
      escalation: {
        op: 'resolve',
        escalationId: ESCALATION_ID,
        resolution: { action: 'extend', note: 'Gia hạn đến 25/12', dueAt: LATER },
      },
    }),
    [
      [
        'escalation.resolved',
        {
          escalationId: ESCALATION_ID,
          action: 'extend',
          by: { unitId: 'bac-kan-city/bcd35', sub: 'truong.ban' },
          note: 'Gia hạn đến 25/12',
        },
      ],
    ],
  ],
  [
    'an escalation resolved by waiving the task',
    aChange({
      ...SUPERVISOR,
      action: 'waive',
      toStatus: 'waived',
      data: { escalationId: ESCALATION_ID, action: 'waive', note: null },
      escalation: { op: 'resolve', escalationId: ESCALATION_ID, resolution: { action: 'waive', note: null } },
    }),
    [
      [
        'escalation.resolved',
        {
          escalationId: ESCALATION_ID,
          action: 'waive',
          by: { unitId: 'bac-kan-city/bcd35', sub: 'truong.ban' },
          note: null,
        },
      ],
    ],
  ],
  [
    'an escalation answered with a reminder (the notice, and the resolution; the escalation stays open)',
    aChange({
      ...SUPERVISOR,
      action: 'remind',
      data: { escalationId: ESCALATION_ID, action: 'remind', note: 'Đề nghị hoàn thành ngay' },
      notifications: [notice('bac-kan-city/ubnd', 'reminder')],
    }),
    [
      ['task.reminder', { scheduledAt: AT, offset: 'on request', workingDaysLeft: null }],
      [
        'escalation.resolved',
        {
          escalationId: ESCALATION_ID,
          action: 'remind',
          by: { unitId: 'bac-kan-city/bcd35', sub: 'truong.ban' },
          note: 'Đề nghị hoàn thành ngay',
        },
      ],
    ],
  ],
  [
    'a reassignment (the resolution and the hand-over)',
    aChange({
      ...SUPERVISOR,
      action: 'reassign',
      toStatus: 'reassigned',
      patch: { reassignedToTaskId: '7b8c9d0e-0000-4000-8000-000000000002' },
      data: {
        escalationId: ESCALATION_ID,
        action: 'reassign',
        note: null,
        toUnitId: 'bac-kan-city/phuong-duc-xuan',
        dueAt: LATER,
      },
      successor: {
        taskId: '7b8c9d0e-0000-4000-8000-000000000002',
        unitId: 'bac-kan-city/phuong-duc-xuan',
        role: 'lead',
        dueAt: LATER,
      },
      escalation: {
        op: 'resolve',
        escalationId: ESCALATION_ID,
        resolution: { action: 'reassign', note: null, dueAt: LATER, toUnitId: 'bac-kan-city/phuong-duc-xuan' },
      },
    }),
    [
      [
        'escalation.resolved',
        {
          escalationId: ESCALATION_ID,
          action: 'reassign',
          by: { unitId: 'bac-kan-city/bcd35', sub: 'truong.ban' },
          note: null,
        },
      ],
      [
        'task.reassigned',
        {
          by: { unitId: 'bac-kan-city/bcd35', sub: 'truong.ban' },
          toUnitId: 'bac-kan-city/phuong-duc-xuan',
          successorTaskId: '7b8c9d0e-0000-4000-8000-000000000002',
        },
      ],
    ],
  ],
  [
    'a returned report',
    aChange({
      ...ISSUER,
      action: 'return',
      fromStatus: 'submitted',
      patch: { returnReason: 'Thiếu số liệu quý IV' },
      data: { reason: 'Thiếu số liệu quý IV' },
    }),
    [['task.returned', { by: { unitId: 'bac-kan-city/thanh-uy', sub: 'van.thu' }, reason: 'Thiếu số liệu quý IV' }]],
  ],
  [
    'an accepted report, before the deadline',
    aChange({
      ...ISSUER,
      action: 'accept',
      fromStatus: 'submitted',
      toStatus: 'completed',
      patch: { progressPercent: 100, completedAt: AT, closedAt: AT },
    }),
    [['task.completed', { by: { unitId: 'bac-kan-city/thanh-uy', sub: 'van.thu' }, onTime: true }]],
  ],
  [
    'a submission that completes a task without review, after the deadline',
    aChange({
      ...OFFICER,
      action: 'submit',
      toStatus: 'completed',
      occurredAt: '2026-12-20T03:00:00.000Z',
      patch: { completedAt: '2026-12-20T03:00:00.000Z' },
      data: { report: 'r' },
    }),
    [['task.completed', { by: { unitId: 'bac-kan-city/ubnd', sub: 'can.bo.1' }, onTime: false }]],
  ],
  [
    'a request for more time',
    aChange({
      ...OFFICER,
      action: 'request_extension',
      data: {
        requestId: 'e0e0e0e0-0000-4000-8000-000000000002',
        requestedDueAt: LATER,
        reason: 'Chờ số liệu của các xã',
      },
      extensionRequest: {
        op: 'create',
        requestId: 'e0e0e0e0-0000-4000-8000-000000000002',
        requestedDueAt: LATER,
        reason: 'Chờ số liệu của các xã',
      },
    }),
    [
      [
        'extension.requested',
        {
          extensionId: 'e0e0e0e0-0000-4000-8000-000000000002',
          requestedDueAt: LATER,
          reason: 'Chờ số liệu của các xã',
          by: { unitId: 'bac-kan-city/ubnd', sub: 'can.bo.1' },
        },
      ],
    ],
  ],
  [
    'an approved request (the new deadline in force)',
    aChange({
      ...ISSUER,
      action: 'approve_extension',
      patch: { dueAt: LATER },
      data: { requestId: 'e0e0e0e0-0000-4000-8000-000000000002', dueAt: LATER, reason: null },
      extensionRequest: {
        op: 'decide',
        requestId: 'e0e0e0e0-0000-4000-8000-000000000002',
        approved: true,
        reason: null,
      },
    }),
    [
      [
        'extension.decided',
        {
          extensionId: 'e0e0e0e0-0000-4000-8000-000000000002',
          decision: 'approved',
          newDueAt: LATER,
          by: { unitId: 'bac-kan-city/thanh-uy', sub: 'van.thu' },
        },
      ],
    ],
  ],
  [
    'a rejected request',
    aChange({
      ...ISSUER,
      action: 'reject_extension',
      data: { requestId: 'e0e0e0e0-0000-4000-8000-000000000002', reason: 'Không có lý do' },
      extensionRequest: {
        op: 'decide',
        requestId: 'e0e0e0e0-0000-4000-8000-000000000002',
        approved: false,
        reason: 'Không có lý do',
      },
    }),
    [
      [
        'extension.decided',
        {
          extensionId: 'e0e0e0e0-0000-4000-8000-000000000002',
          decision: 'rejected',
          newDueAt: null,
          by: { unitId: 'bac-kan-city/thanh-uy', sub: 'van.thu' },
        },
      ],
    ],
  ],
  [
    'a cancellation by the directive’s withdrawal',
    aChange({
      actor: 'van.thu',
      action: 'cancel',
      toStatus: 'cancelled',
      data: { cause: 'directive withdrawn', directiveId: DIRECTIVE_ID, reason: 'Đã ban hành văn bản thay thế' },
    }),
    [['directive.withdrawn', { by: { unitId: null, sub: 'van.thu' }, reason: 'Đã ban hành văn bản thay thế' }]],
  ],
  [
    'a cancellation by a parent directive’s withdrawal',
    aChange({
      actor: 'van.thu',
      action: 'cancel',
      toStatus: 'cancelled',
      data: { cause: 'parent directive withdrawn', directiveId: DIRECTIVE_ID, reason: 'Thu hồi', rootDirectiveId: 'x' },
    }),
    [['directive.withdrawn', { by: { unitId: null, sub: 'van.thu' }, reason: 'Thu hồi' }]],
  ],
  [
    'an acknowledgement',
    aChange({
      ...OFFICER,
      action: 'acknowledge',
      fromStatus: 'assigned',
      toStatus: 'acknowledged',
      patch: { acknowledgedAt: AT },
    }),
    [],
  ],
  [
    'a progress report',
    aChange({ ...OFFICER, action: 'progress', patch: { progressPercent: 40 }, data: { percent: 40, note: null } }),
    [],
  ],
  [
    'a submission awaiting review',
    aChange({ ...OFFICER, action: 'submit', toStatus: 'submitted', data: { report: 'r' } }),
    [],
  ],
  [
    'a deadline amended by the issuer',
    aChange({ ...ISSUER, action: 'amend_deadline', patch: { dueAt: LATER }, data: { dueAt: LATER, reason: null } }),
    [],
  ],
  [
    'a cancellation with no withdrawal as its cause',
    aChange({ ...ISSUER, action: 'cancel', toStatus: 'cancelled', data: {} }),
    [],
  ],
  [
    'a reminder while a person handles the task names them',
    aChange({
      ...SYSTEM,
      action: 'remind',
      data: { offset: 'P1D before', scheduledFor: AT, assignee: 'can.bo.1' },
      notifications: [notice('bac-kan-city/ubnd', 'reminder')],
    }),
    [['task.reminder', { scheduledAt: AT, offset: 'P1D before', workingDaysLeft: null, assignee: 'can.bo.1' }]],
  ],
  [
    'an overdue notice while a person handles the task names them',
    aChange({
      ...SYSTEM,
      action: 'overdue',
      data: { offset: 'P1D after', sequence: 1, scheduledFor: AT, assignee: 'can.bo.1' },
      notifications: [notice('bac-kan-city/ubnd', 'overdue')],
    }),
    [['task.overdue', { scheduledAt: AT, offset: 'P1D after', sequence: 1, assignee: 'can.bo.1' }]],
  ],
  [
    'an officer claiming the task',
    aChange({
      ...OFFICER,
      action: 'claim',
      patch: { assignee: 'can.bo.1' },
      data: { assignee: 'can.bo.1', previousAssignee: null },
    }),
    [
      [
        'task.assignee_changed',
        {
          action: 'claim',
          assignee: 'can.bo.1',
          previousAssignee: null,
          by: { unitId: 'bac-kan-city/ubnd', sub: 'can.bo.1' },
        },
      ],
    ],
  ],
  [
    'the assignee handing the task back',
    aChange({
      ...OFFICER,
      action: 'hand_back',
      patch: { assignee: null },
      data: { assignee: null, previousAssignee: 'can.bo.1' },
    }),
    [
      [
        'task.assignee_changed',
        {
          action: 'hand_back',
          assignee: null,
          previousAssignee: 'can.bo.1',
          by: { unitId: 'bac-kan-city/ubnd', sub: 'can.bo.1' },
        },
      ],
    ],
  ],
];

describe('the catalogue events of a task change', () => {
  it.each(CASES)('%s', (_label, change, expected) => {
    const events = eventsOfTaskChange(change, CONTEXT);
    expect(events.map((event) => [event.type, event.data])).toEqual(expected);
    // The projection reads the task's context only for a change that causes events.
    expect(causesEvents(change)).toBe(expected.length > 0);
  });

  it('covers every event a task change can cause (all but task.assigned, ping and comment.added, which no change causes)', () => {
    const caused = new Set(
      CASES.flatMap(([, change]) => eventsOfTaskChange(change, CONTEXT).map((event) => event.type)),
    );
    expect([...caused].sort()).toEqual(
      EVENT_TYPES.filter((type) => !['task.assigned', 'ping', 'comment.added'].includes(type)).sort(),
    );
  });

  it('fills the envelope from the change and its task: stable id from the cause, deadline, link for people', () => {
    const [event] = eventsOfTaskChange(CASES[0]![1], CONTEXT);
    expect(event).toEqual({
      id: `task.reminder/${TASK_ID}:7`,
      type: 'task.reminder',
      version: 1,
      occurredAt: AT,
      directiveId: DIRECTIVE_ID,
      directiveNumber: '276-CV/TU',
      directiveSubject: CONTEXT.directiveSubject,
      taskId: TASK_ID,
      unitId: 'bac-kan-city/ubnd',
      dueAt: DUE,
      link: `https://dondoc.bac-kan.gov.vn/tasks/${TASK_ID}`,
      data: expect.any(Object),
    });
  });

  it('gives every event of one change its own id, and a repeat of the change the same ids', () => {
    const reassignment = CASES.find(([label]) => label.startsWith('a reassignment'))![1];
    const ids = eventsOfTaskChange(reassignment, CONTEXT).map((event) => event.id);
    expect(ids).toEqual([`escalation.resolved/${TASK_ID}:7`, `task.reassigned/${TASK_ID}:7`]);
    expect(eventsOfTaskChange(structuredClone(reassignment), CONTEXT).map((event) => event.id)).toEqual(ids);
    expect(eventsOfTaskChange({ ...reassignment, sequence: 8 }, CONTEXT).map((event) => event.id)).toEqual([
      `escalation.resolved/${TASK_ID}:8`,
      `task.reassigned/${TASK_ID}:8`,
    ]);
  });

  it('carries the deadline the change puts in force, not the one before it', () => {
    const extended = CASES.find(([label]) => label.startsWith('an escalation resolved by extending'))![1];
    expect(eventsOfTaskChange(extended, CONTEXT).map((event) => event.dueAt)).toEqual([LATER]);
    const reminded = CASES[0]![1];
    expect(eventsOfTaskChange(reminded, CONTEXT).map((event) => event.dueAt)).toEqual([DUE]);
  });

  it('tells of an escalation from its rows: a climb written without a notice still climbs, a notice alone opens nothing', () => {
    const climb = aChange({
      action: 'escalate_up',
      escalation: { op: 'climb', escalationId: ESCALATION_ID, level: 3, coordinatingUnitId: 'bac-kan/bcd35' },
    });
    expect(eventsOfTaskChange(climb, CONTEXT)).toEqual([
      expect.objectContaining({
        type: 'escalation.climbed',
        data: { escalationId: ESCALATION_ID, level: 3, coordinatingUnitId: 'bac-kan/bcd35', fromUnitId: '', grace: '' },
      }),
    ]);
    expect(
      eventsOfTaskChange(
        aChange({ action: 'escalate', notifications: [notice('bac-kan-city/bcd35', 'escalation')] }),
        CONTEXT,
      ),
    ).toEqual([]);
  });

  it('counts a completion exactly at the deadline as on time', () => {
    const change = aChange({
      ...OFFICER,
      action: 'submit',
      toStatus: 'completed',
      occurredAt: DUE,
      patch: { completedAt: DUE },
    });
    expect(eventsOfTaskChange(change, CONTEXT)).toEqual([
      expect.objectContaining({ type: 'task.completed', data: expect.objectContaining({ onTime: true }) }),
    ]);
  });
});
