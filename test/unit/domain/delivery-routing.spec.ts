import {
  EVENT_CATALOGUE_VERSION,
  contactWants,
  deliveryStart,
  parseWorkingHours,
  personOfTargetId,
  personTargetId,
  personToldOf,
  routeEvent,
  unitsToldOf,
  vietnamCalendar,
  type AnyDondocEvent,
  type DondocEvent,
  type EventDataByType,
  type EventType,
  type RoutableContact,
  type RoutablePerson,
  type RoutableSubscription,
} from '@dondoc/domain';

/** An instant written as Vietnam wall-clock time. */
const vn = (local: string): number => Date.parse(`${local}+07:00`);
const calendar = vietnamCalendar();
const office = { workingHours: parseWorkingHours(undefined), holdEscalations: true };

function eventOf<T extends EventType>(
  type: T,
  data: EventDataByType[T],
  occurredAt = '2026-12-17T02:00:00.000Z',
): AnyDondocEvent {
  const event: DondocEvent<T> = {
    id: `${type}/task-1:3`,
    type,
    version: EVENT_CATALOGUE_VERSION,
    occurredAt,
    directiveId: 'd-1',
    directiveNumber: '276-CV/TU',
    directiveSubject: 'V/v triển khai',
    taskId: 'task-1',
    unitId: 'late-unit',
    dueAt: '2026-12-18T10:00:00.000Z',
    link: 'http://127.0.0.1:3000/tasks/task-1',
    data,
  };
  return event as AnyDondocEvent;
}

const reminderAt = (scheduledAt: string): AnyDondocEvent =>
  eventOf('task.reminder', { scheduledAt, offset: 'P1D before', workingDaysLeft: 1 }, scheduledAt);
const opened = eventOf('escalation.opened', {
  escalationId: 'e-1',
  level: 1,
  coordinatingUnitId: 'bcd35',
  scheduledAt: '2026-12-19T10:00:00.000Z',
});
const climbed = eventOf('escalation.climbed', {
  escalationId: 'e-1',
  level: 2,
  coordinatingUnitId: 'province-bcd35',
  fromUnitId: 'bcd35',
  grace: 'P2D',
});
const completed = eventOf('task.completed', { by: { unitId: 'issuer', sub: 'van.thu' }, onTime: true });

const subscription = (id: string, unitId: string, events: string[]): RoutableSubscription => ({
  id,
  unitId,
  url: `https://${id}.example.gov.vn/hooks`,
  events,
});
const contact = (id: string, unitId: string, topics: string[], mode: 'each' | 'digest' = 'each'): RoutableContact => ({
  id,
  unitId,
  email: `${id}@example.gov.vn`,
  topics,
  mode,
});

describe('delivery routing: who is told', () => {
  it("tells a task's own events to the task's unit", () => {
    expect(unitsToldOf(reminderAt('2026-12-17T02:00:00.000Z'))).toEqual(['late-unit']);
    expect(unitsToldOf(completed)).toEqual(['late-unit']);
  });

  it('tells an opened escalation to the coordinating body, not the late unit', () => {
    expect(unitsToldOf(opened)).toEqual(['bcd35']);
  });

  it('tells a climbed escalation to the body it reaches and the one it leaves', () => {
    expect(unitsToldOf(climbed)).toEqual(['province-bcd35', 'bcd35']);
  });
});

describe('delivery routing: subscriptions and contacts', () => {
  const subscriptions = [
    subscription('s-late', 'late-unit', ['task.reminder', 'task.completed']),
    subscription('s-late-other', 'late-unit', ['task.overdue']),
    subscription('s-bcd', 'bcd35', ['escalation.opened', 'escalation.climbed']),
    subscription('s-stranger', 'stranger', ['task.reminder']),
  ];
  const contacts = [
    contact('c-reminders', 'late-unit', ['reminder']),
    contact('c-all', 'late-unit', ['all']),
    contact('c-digest', 'late-unit', ['all'], 'digest'),
    contact('c-overdue', 'late-unit', ['overdue']),
    contact('c-bcd', 'bcd35', ['escalation']),
    contact('c-stranger', 'stranger', ['all']),
  ];

  it('sends a reminder to the subscriptions naming its type and the each-contacts whose topics cover it', () => {
    const targets = routeEvent(reminderAt('2026-12-17T02:00:00.000Z'), subscriptions, contacts);
    expect(targets.map((target) => `${target.channel}:${target.targetId}`).sort()).toEqual([
      'email:c-all',
      'email:c-reminders',
      'webhook:s-late',
    ]);
    expect(targets.find((target) => target.targetId === 's-late')?.target).toBe('https://s-late.example.gov.vn/hooks');
  });

  it('never e-mails an event meant for API clients only, even to `all`', () => {
    const targets = routeEvent(completed, subscriptions, contacts);
    expect(targets.map((target) => target.targetId)).toEqual(['s-late']);
  });

  it('sends an escalation to the coordinating body only', () => {
    const targets = routeEvent(opened, subscriptions, contacts);
    expect(targets.map((target) => target.targetId).sort()).toEqual(['c-bcd', 's-bcd']);
    expect(targets.every((target) => target.unitId === 'bcd35')).toBe(true);
  });

  it('never sends a notice alone to a digest contact', () => {
    expect(contactWants(contact('d', 'late-unit', ['all'], 'digest'), reminderAt('2026-12-17T02:00:00.000Z'))).toBe(
      false,
    );
  });

  it('sends a ping to the subscription its data names and nowhere else', () => {
    const ping: AnyDondocEvent = {
      ...eventOf('ping', { message: 'Dondoc webhook test', subscriptionId: 's-late-other' }),
      type: 'ping',
      data: { message: 'Dondoc webhook test', subscriptionId: 's-late-other' },
      unitId: null,
    };
    expect(routeEvent(ping, subscriptions, contacts).map((target) => target.targetId)).toEqual(['s-late-other']);
  });
});

describe('delivery routing: working hours', () => {
  it('sends an e-mailed reminder inside working hours at its instant', () => {
    const at = vn('2026-12-17T09:00:00');
    const start = deliveryStart(reminderAt(new Date(at).toISOString()), 'email', office, calendar);
    expect(start).toEqual({ status: 'pending', scheduledFor: at, nextAttemptAt: at });
  });

  it('holds an e-mailed reminder due on a Friday evening until 07:30 on Monday, keeping its instant', () => {
    const at = vn('2026-12-18T18:00:00');
    const start = deliveryStart(reminderAt(new Date(at).toISOString()), 'email', office, calendar);
    expect(start).toEqual({ status: 'held', scheduledFor: at, nextAttemptAt: vn('2026-12-21T07:30:00') });
  });

  it('sends a webhook of the same reminder at once: API clients decide themselves', () => {
    const at = vn('2026-12-18T18:00:00');
    expect(deliveryStart(reminderAt(new Date(at).toISOString()), 'webhook', office, calendar).status).toBe('pending');
  });

  it('holds escalations only while the setting says so', () => {
    const night = eventOf(
      'escalation.opened',
      {
        escalationId: 'e',
        level: 1,
        coordinatingUnitId: 'bcd35',
        scheduledAt: new Date(vn('2026-12-17T22:00:00')).toISOString(),
      },
      new Date(vn('2026-12-17T22:00:00')).toISOString(),
    );
    expect(deliveryStart(night, 'email', office, calendar).status).toBe('held');
    expect(deliveryStart(night, 'email', { ...office, holdEscalations: false }, calendar).status).toBe('pending');
  });

  it('holds nothing when working hours are `always`', () => {
    const at = vn('2026-12-19T23:00:00');
    const rules = { workingHours: parseWorkingHours('always'), holdEscalations: true };
    expect(deliveryStart(reminderAt(new Date(at).toISOString()), 'email', rules, calendar).status).toBe('pending');
  });
});

describe('routeEvent: the person handling the task', () => {
  const contact: RoutableContact = {
    id: 'c-1',
    unitId: 'late-unit',
    email: 'van.thu@late.gov.vn',
    topics: ['reminder', 'overdue'],
    mode: 'each',
  };
  const person = (over: Partial<RoutablePerson> = {}): RoutablePerson => ({
    unitId: 'late-unit',
    sub: 'an.nv',
    email: 'an.nv@late.gov.vn',
    active: true,
    mutedTopics: [],
    ...over,
  });
  const reminderFor = (assignee: string | null): AnyDondocEvent =>
    eventOf('task.reminder', {
      scheduledAt: '2026-12-17T02:00:00.000Z',
      offset: 'P1D before',
      workingDaysLeft: 1,
      assignee,
    });
  const routing = (...people: RoutablePerson[]) => ({ people, currentAssignees: {} });

  it('e-mails the assignee a reminder names, first, beside the unit contact', () => {
    const targets = routeEvent(reminderFor('an.nv'), [], [contact], routing(person()));
    expect(targets).toEqual([
      {
        channel: 'email',
        unitId: 'late-unit',
        targetId: personTargetId('late-unit', 'an.nv'),
        target: 'an.nv@late.gov.vn',
      },
      { channel: 'email', unitId: 'late-unit', targetId: 'c-1', target: 'van.thu@late.gov.vn' },
    ]);
    expect(personOfTargetId(targets[0]?.targetId ?? '')).toEqual({ unitId: 'late-unit', sub: 'an.nv' });
    expect(personOfTargetId('c-1')).toBeNull();
  });

  it('sends once to an address that is both the person and a unit contact (the contact keeps it)', () => {
    const targets = routeEvent(reminderFor('an.nv'), [], [contact], routing(person({ email: 'Van.Thu@late.gov.vn' })));
    expect(targets.map((target) => target.targetId)).toEqual(['c-1']);
  });

  it('leaves out a person who muted the topic, is deactivated or has no e-mail', () => {
    for (const who of [person({ mutedTopics: ['reminder'] }), person({ active: false }), person({ email: null })])
      expect(routeEvent(reminderFor('an.nv'), [], [contact], routing(who)).map((t) => t.targetId)).toEqual(['c-1']);
    // Muting another kind does not mute reminders.
    expect(routeEvent(reminderFor('an.nv'), [], [], routing(person({ mutedTopics: ['overdue'] })))).toHaveLength(1);
  });

  it('tells nobody in person when no one handles the task, or the person is of another unit', () => {
    expect(routeEvent(reminderFor(null), [], [], routing(person()))).toEqual([]);
    expect(routeEvent(reminderFor('an.nv'), [], [], routing(person({ unitId: 'other' })))).toEqual([]);
  });

  it('tells the person a task is assigned to by someone else, and the one a comment is addressed to, never the contacts', () => {
    const everything: RoutableContact = { ...contact, topics: ['all'] };
    const by = { unitId: 'late-unit', sub: 'truong.phong' };
    const assigned = eventOf('task.assignee_changed', {
      action: 'assign',
      assignee: 'an.nv',
      previousAssignee: null,
      by,
    });
    expect(routeEvent(assigned, [], [everything], routing(person())).map((t) => t.targetId)).toEqual([
      personTargetId('late-unit', 'an.nv'),
    ]);
    const claimed = eventOf('task.assignee_changed', {
      action: 'claim',
      assignee: 'an.nv',
      previousAssignee: null,
      by: { unitId: 'late-unit', sub: 'an.nv' },
    });
    expect(routeEvent(claimed, [], [everything], routing(person()))).toEqual([]);
    const comment = eventOf('comment.added', {
      commentId: 'c-1',
      text: 'Đề nghị bổ sung số liệu',
      by: { unitId: 'issuer', sub: 'van.thu' },
      recipientUnitId: 'late-unit',
      recipientSub: 'an.nv',
    });
    expect(routeEvent(comment, [], [everything], routing(person())).map((t) => t.targetId)).toEqual([
      personTargetId('late-unit', 'an.nv'),
    ]);
    const toTheUnit = eventOf('comment.added', {
      commentId: 'c-2',
      text: 'Đã gửi',
      by: { unitId: 'late-unit', sub: 'an.nv' },
      recipientUnitId: 'issuer',
      recipientSub: null,
    });
    expect(routeEvent(toTheUnit, [], [everything], routing(person()))).toEqual([]);
  });

  it('sends a returned report to the current assignee, and escalations to the coordinating body only', () => {
    const returned = eventOf('task.returned', { by: { unitId: 'issuer', sub: 'van.thu' }, reason: 'Thiếu số liệu' });
    const targets = routeEvent(returned, [], [], { people: [person()], currentAssignees: { 'task-1': 'an.nv' } });
    expect(targets.map((target) => target.targetId)).toEqual([personTargetId('late-unit', 'an.nv')]);
    expect(personToldOf(opened, 'an.nv')).toBeNull();
    expect(personToldOf(returned, 'an.nv')).toEqual({ unitId: 'late-unit', sub: 'an.nv' });
    expect(routeEvent(opened, [], [], { people: [person()], currentAssignees: { 'task-1': 'an.nv' } })).toEqual([]);
  });
});
