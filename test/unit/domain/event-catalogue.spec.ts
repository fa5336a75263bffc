import {
  CONTACT_TOPICS,
  CONTACT_TOPIC_OF_EVENT,
  EVENT_TYPES,
  NOTICE_KINDS,
  PERSON_EVENT_TYPES,
  eventId,
  eventTypeOfNotice,
  isEventType,
  isPersonEventType,
  taskLink,
} from '@dondoc/domain';

describe('event catalogue', () => {
  it('is the fixed list of issue 11, in order', () => {
    expect(EVENT_TYPES).toEqual([
      'task.assigned',
      'task.reminder',
      'task.overdue',
      'task.returned',
      'task.completed',
      'task.reassigned',
      'escalation.opened',
      'escalation.climbed',
      'escalation.resolved',
      'extension.requested',
      'extension.decided',
      'directive.withdrawn',
      'ping',
      'task.assignee_changed',
      'comment.added',
    ]);
  });

  it('recognises its names and nothing else (a subscription naming an unknown event is refused)', () => {
    expect(EVENT_TYPES.every(isEventType)).toBe(true);
    expect(['task.Reminder', 'task.deleted', '', 42, null].some(isEventType)).toBe(false);
  });

  it('maps every notice kind of today to an event people receive', () => {
    expect(NOTICE_KINDS.map((kind) => eventTypeOfNotice(kind))).toEqual([
      'task.reminder',
      'task.overdue',
      'escalation.opened',
    ]);
    expect(eventTypeOfNotice('escalation', 2)).toBe('escalation.climbed');
    expect(
      NOTICE_KINDS.every(
        (kind) => isPersonEventType(eventTypeOfNotice(kind)) && isPersonEventType(eventTypeOfNotice(kind, 3)),
      ),
    ).toBe(true);
  });

  it('files every event a person receives under a contact topic, and no other event', () => {
    for (const type of EVENT_TYPES) {
      const topic = CONTACT_TOPIC_OF_EVENT[type];
      expect([type, topic !== null]).toEqual([type, isPersonEventType(type)]);
      if (topic !== null) expect(CONTACT_TOPICS).toContain(topic);
    }
    expect(new Set(PERSON_EVENT_TYPES.map((type) => CONTACT_TOPIC_OF_EVENT[type]))).toEqual(new Set(CONTACT_TOPICS));
  });

  it('gives one id per cause, so a retried write is a repeat', () => {
    expect(eventId('task.reminder', 'task-1:3')).toBe('task.reminder/task-1:3');
    expect(eventId('task.reminder', 'task-1:3')).toBe(eventId('task.reminder', 'task-1:3'));
    expect(eventId('task.overdue', 'task-1:3')).not.toBe(eventId('task.reminder', 'task-1:3'));
    expect(() => eventId('ping', ' ')).toThrow(RangeError);
  });

  it('links to the task page under the public URL, with or without its trailing slash', () => {
    expect(taskLink('https://dondoc.example.gov.vn/', 'a1b2')).toBe('https://dondoc.example.gov.vn/tasks/a1b2');
    expect(taskLink('https://dondoc.example.gov.vn', 'a/b')).toBe('https://dondoc.example.gov.vn/tasks/a%2Fb');
  });
});
