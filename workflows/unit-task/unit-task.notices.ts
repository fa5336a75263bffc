/**
 * The wording of a unit task's notices, in one place. Recorded histories and the tests compare
 * these texts byte for byte, and people read them: change one only on purpose.
 */
import type { DueEvent, ScheduledEvent } from '@dondoc/domain';
import type { EscalationLevel, NotificationDraft } from './task-change';

const iso = (ms: number): string => new Date(ms).toISOString();

/** Whether a scheduled event is sent after its instant passed (the task started or resumed past it). */
export function isLate(event: ScheduledEvent | DueEvent): boolean {
  return 'late' in event && event.late === true;
}

/** Marks a notice sent late, naming the instant it was due. */
function lateMark(event: ScheduledEvent | DueEvent): string {
  return isLate(event) ? ` [gửi muộn — đúng lịch là ${iso(event.at)}]` : '';
}

/** The unit's reminder, before or at the deadline. */
export function reminderNotice(unitId: string, event: ScheduledEvent | DueEvent, dueAt: number): NotificationDraft {
  return {
    recipientUnitId: unitId,
    kind: 'reminder',
    message: `Reminder (${event.offset})${lateMark(event)}: this task is due ${iso(dueAt)}.`,
    scheduledFor: iso(event.at),
  };
}

/** The unit's notice that the deadline has passed. */
export function overdueNotice(unitId: string, event: ScheduledEvent | DueEvent, dueAt: number): NotificationDraft {
  return {
    recipientUnitId: unitId,
    kind: 'overdue',
    message: `Overdue (${event.offset})${lateMark(event)}: this task was due ${iso(dueAt)}.`,
    scheduledFor: iso(event.at),
  };
}

/** The coordinating body's notice that the unit has not submitted: the escalation opens. */
export function escalationNotice(
  coordinatingUnitId: string,
  unitId: string,
  event: ScheduledEvent | DueEvent,
  dueAt: number,
): NotificationDraft {
  return {
    recipientUnitId: coordinatingUnitId,
    kind: 'escalation',
    message: `Escalated${lateMark(event)}: unit ${unitId} has not submitted its task, due ${iso(dueAt)}.`,
    scheduledFor: iso(event.at),
  };
}

/** The two notices of a climb: the body above is told, the body passed over learns it may still resolve. */
export function climbNotices(
  unitId: string,
  from: EscalationLevel,
  to: EscalationLevel,
  level: number,
  dueAt: number,
  now: number,
): NotificationDraft[] {
  return [
    {
      recipientUnitId: to.unitId,
      kind: 'escalation',
      message: `Escalated (level ${level}): unit ${unitId} has not submitted its task, due ${iso(dueAt)}, and ${from.unitId} did not resolve the escalation within ${from.grace}.`,
      scheduledFor: iso(now),
    },
    {
      recipientUnitId: from.unitId,
      kind: 'escalation',
      message: `The escalation of unit ${unitId}'s task was not resolved within ${from.grace} and has passed up to ${to.unitId}; it can still be resolved here.`,
      scheduledFor: iso(now),
    },
  ];
}

/** A supervisor's reminder, sent as the resolution `remind` of an escalation. */
export function supervisorReminderNotice(
  unitId: string,
  note: string | null,
  dueAt: number,
  now: number,
): NotificationDraft {
  return {
    recipientUnitId: unitId,
    kind: 'reminder',
    message: `The coordinating body asks for this task to be done${note ? `: ${note}` : ''}; it is due ${iso(dueAt)}.`,
    scheduledFor: iso(now),
  };
}
