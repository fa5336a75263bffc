import type { EscalationAction } from './escalation-chain';
import type { NoticeKind } from './reminder-schedule';
import type { TaskRole } from './task-state';

/**
 * The catalogue's version. It is in every event, so a receiver can tell a shape it knows from a
 * newer one; a field is only ever added within a version, never renamed or removed.
 */
export const EVENT_CATALOGUE_VERSION = 1;

/**
 * Every event Dondoc sends to people (e-mail) and to API clients (webhooks, the event feed).
 * Fixed: a receiver may switch on it. docs/events.md says when each is sent.
 */
export const EVENT_TYPES = [
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
] as const;

/** One type of event of the catalogue. */
export type EventType = (typeof EVENT_TYPES)[number];

/** True for a name of the catalogue: what a subscription's `events[]` is checked against. */
export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

/**
 * The events a person is told of by e-mail (one template each); the others reach API clients
 * only. A contact choosing `all` receives exactly these.
 */
export const PERSON_EVENT_TYPES = [
  'task.assigned',
  'task.reminder',
  'task.overdue',
  'task.returned',
  'escalation.opened',
  'escalation.climbed',
  'directive.withdrawn',
] as const satisfies readonly EventType[];

/** An event a person receives by e-mail. */
export type PersonEventType = (typeof PERSON_EVENT_TYPES)[number];

/** True when people are told of this event by e-mail, not only API clients. */
export function isPersonEventType(type: EventType): type is PersonEventType {
  return (PERSON_EVENT_TYPES as readonly string[]).includes(type);
}

/**
 * The events e-mailed only to the one person they name (issue 13): the person a task is assigned
 * to, the assignee a comment is addressed to. No unit contact receives them, not even `all`.
 */
export const PERSONAL_EVENT_TYPES = ['task.assignee_changed', 'comment.added'] as const satisfies readonly EventType[];

/** An event e-mailed to the one person it names. */
export type PersonalEventType = (typeof PERSONAL_EVENT_TYPES)[number];

/** True when the event is e-mailed to the person it names only. */
export function isPersonalEventType(type: EventType): type is PersonalEventType {
  return (PERSONAL_EVENT_TYPES as readonly string[]).includes(type);
}

/** Who or what acted: a person (`sub` within a unit) or Dondoc's own timers (`system`). */
export interface EventActor {
  unitId: string | null;
  sub: string;
}

/** What a task's notice carries about the schedule that produced it. */
export interface ScheduledNoticeData {
  /** The instant the schedule said it was due (ISO 8601); the event may be sent later (working hours). */
  scheduledAt: string;
  /** The offset from the deadline, as the schedule labels it: "P3D before", "at deadline". */
  offset: string;
}

/** The data each event type carries beyond the common envelope. */
export interface EventDataByType {
  'task.assigned': { role: TaskRole; assigneeSub: string | null };
  /** `assignee`: the person handling the task when it fired, told first (null: nobody yet). */
  'task.reminder': ScheduledNoticeData & { workingDaysLeft: number | null; assignee?: string | null };
  'task.overdue': ScheduledNoticeData & { sequence: number; assignee?: string | null };
  'task.returned': { by: EventActor; reason: string };
  'task.completed': { by: EventActor; onTime: boolean };
  'task.reassigned': { by: EventActor; toUnitId: string; successorTaskId: string | null };
  'escalation.opened': { escalationId: string; level: 1; coordinatingUnitId: string; scheduledAt: string };
  'escalation.climbed': {
    escalationId: string;
    level: number;
    coordinatingUnitId: string;
    fromUnitId: string;
    grace: string;
  };
  'escalation.resolved': { escalationId: string; action: EscalationAction; by: EventActor; note: string | null };
  'extension.requested': { extensionId: string; requestedDueAt: string; reason: string; by: EventActor };
  'extension.decided': {
    extensionId: string;
    decision: 'approved' | 'rejected';
    newDueAt: string | null;
    by: EventActor;
  };
  'directive.withdrawn': { by: EventActor; reason: string };
  /**
   * `subscriptionId` names the one subscription `POST /webhooks/:id/test` pings: the dispatcher
   * sends the event to it alone (optional only so that a ping written before it existed still reads).
   */
  ping: { message: string; subscriptionId?: string };
  /** Who handles the task changed: claimed, assigned (or reassigned, or cleared), handed back. */
  'task.assignee_changed': {
    action: 'claim' | 'assign' | 'hand_back';
    assignee: string | null;
    previousAssignee: string | null;
    by: EventActor;
  };
  /**
   * A comment on the task, addressed to the other side: the issuer's unit when the task's unit
   * comments (`recipientSub` null), the task's assignee (or its unit when none) when anyone else does.
   */
  'comment.added': {
    commentId: string;
    text: string;
    by: EventActor;
    recipientUnitId: string;
    recipientSub: string | null;
  };
}

/**
 * One event as it travels: the same JSON in a webhook body, the event feed and the e-mail's
 * rendering input. Ids and the deadline are null where the type has none (a `ping` has no task).
 */
export interface DondocEvent<T extends EventType = EventType> {
  /** Stable, derived from the change that caused it (`eventId`): a repeat carries the same id. */
  id: string;
  type: T;
  version: typeof EVENT_CATALOGUE_VERSION;
  /** When the cause happened (ISO 8601, UTC), not when it was sent. */
  occurredAt: string;
  directiveId: string | null;
  /** The directive's number as people cite it (`276-CV/TU`) and its subject, so a receiver needs no second call. */
  directiveNumber: string | null;
  directiveSubject: string | null;
  taskId: string | null;
  /** The unit the event is about (the task's unit); not necessarily the one told (an escalation goes up). */
  unitId: string | null;
  /** The task's deadline when the event happened (ISO 8601). */
  dueAt: string | null;
  /** The task's page for people (`DONDOC_PUBLIC_URL/tasks/<taskId>`). */
  link: string | null;
  data: EventDataByType[T];
}

/** Any event of the catalogue, narrowed by `type`: `switch (event.type)` types `event.data`. */
export type AnyDondocEvent = { [T in EventType]: DondocEvent<T> }[EventType];

/**
 * The id of the event a cause produces: `<type>/<cause>`, where the cause is the key of the
 * change that produced it (a notification's id, a task event's id). The same cause always gives
 * the same id, which is what lets the outbox take a retried write as a repeat.
 */
export function eventId(type: EventType, cause: string): string {
  if (cause.trim() === '') throw new RangeError('an event id needs the key of its cause');
  return `${type}/${cause}`;
}

/**
 * The link to a task for people: the console's task page under the public URL. A trailing slash
 * on the base is ignored, so both spellings of `DONDOC_PUBLIC_URL` give one link.
 */
export function taskLink(publicUrl: string, taskId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/tasks/${encodeURIComponent(taskId)}`;
}

/**
 * The catalogue event a notice of today's kinds becomes. An escalation notice at level 1 opens
 * the escalation; at a higher level the escalation has climbed (both the body it reached and the
 * one it left are told).
 */
export function eventTypeOfNotice(
  kind: NoticeKind,
  escalationLevel = 1,
): Extract<EventType, 'task.reminder' | 'task.overdue' | 'escalation.opened' | 'escalation.climbed'> {
  switch (kind) {
    case 'reminder':
      return 'task.reminder';
    case 'overdue':
      return 'task.overdue';
    case 'escalation':
      return escalationLevel > 1 ? 'escalation.climbed' : 'escalation.opened';
  }
}

/** The notice kind an event is filed under in a contact's choice (`reminder`, `escalation`, …), or null for API-only events. */
export const CONTACT_TOPIC_OF_EVENT: Readonly<Record<EventType, ContactTopic | null>> = Object.freeze({
  'task.assigned': 'assigned',
  'task.reminder': 'reminder',
  'task.overdue': 'overdue',
  'task.returned': 'returned',
  'task.completed': null,
  'task.reassigned': null,
  'escalation.opened': 'escalation',
  'escalation.climbed': 'escalation',
  'escalation.resolved': null,
  'extension.requested': null,
  'extension.decided': null,
  'directive.withdrawn': 'withdrawn',
  ping: null,
  'task.assignee_changed': null,
  'comment.added': null,
});

/** What a unit's contact chooses to receive by e-mail (issue 11: `reminder`, `overdue`, …, or `all`). */
export const CONTACT_TOPICS = ['assigned', 'reminder', 'overdue', 'returned', 'escalation', 'withdrawn'] as const;

/** One topic a contact may choose. */
export type ContactTopic = (typeof CONTACT_TOPICS)[number];
