/**
 * The catalogue events a task change causes (docs/events.md): pure, so every action's events are
 * specified by table tests without a database. The projection writes what this returns to the
 * outbox in the change's own transaction.
 */
import {
  EVENT_CATALOGUE_VERSION,
  eventId,
  eventTypeOfNotice,
  taskLink,
  type AnyDondocEvent,
  type DondocEvent,
  type EventActor,
  type EventDataByType,
  type EventType,
} from '@dondoc/domain';
import type { TaskChange } from '@dondoc/workflows/unit-task/task-change';
import { taskEventId } from './task-event-id';

/** What an event says about its task that the change itself does not carry: read from the read model. */
export interface TaskEventContext {
  /** The task's unit. */
  unitId: string;
  /** The deadline in force before the change (ISO 8601); a change that moves it says so in its patch. */
  dueAt: string;
  directiveNumber: string | null;
  directiveSubject: string | null;
  /** `DONDOC_PUBLIC_URL`, the base of the link for people. */
  publicUrl: string;
}

/** The cancellation causes a withdrawal writes (unit-task workflow's `recordCancellation`). */
const WITHDRAWAL_CAUSES: readonly string[] = ['directive withdrawn', 'parent directive withdrawn'];

/**
 * Every event `change` causes, at most one of each type, in the order a reader would tell them
 * (what the timers did first, then what a person decided). A change that causes none (progress, an
 * acknowledgement) gives an empty list.
 */
export function eventsOfTaskChange(change: TaskChange, context: TaskEventContext): AnyDondocEvent[] {
  const dueAt = change.patch.dueAt ?? context.dueAt;
  const by: EventActor = { unitId: change.actorUnitId ?? null, sub: change.actor };
  const events: AnyDondocEvent[] = [];
  const add = <T extends EventType>(type: T, data: EventDataByType[T]): void => {
    if (events.some((event) => event.type === type)) return;
    const event: DondocEvent<T> = {
      id: eventId(type, taskEventId(change.taskId, change.sequence)),
      type,
      version: EVENT_CATALOGUE_VERSION,
      occurredAt: change.occurredAt,
      directiveId: change.directiveId,
      directiveNumber: context.directiveNumber,
      directiveSubject: context.directiveSubject,
      taskId: change.taskId,
      unitId: context.unitId,
      dueAt,
      link: taskLink(context.publicUrl, change.taskId),
      data,
    };
    events.push(event as AnyDondocEvent);
  };

  // An escalation's own rows say it opened or climbed, with or without a notice to tell of it.
  const escalation = change.escalation;
  if (escalation?.op === 'open') {
    add('escalation.opened', {
      escalationId: escalation.escalationId,
      level: 1,
      coordinatingUnitId: escalation.coordinatingUnitId,
      scheduledAt: text(change.data, 'scheduledFor') ?? change.occurredAt,
    });
  } else if (escalation?.op === 'climb') {
    add('escalation.climbed', {
      escalationId: escalation.escalationId,
      level: escalation.level,
      coordinatingUnitId: escalation.coordinatingUnitId,
      fromUnitId: text(change.data, 'fromUnitId') ?? '',
      grace: text(change.data, 'grace') ?? '',
    });
  }

  for (const notice of change.notifications ?? []) {
    const scheduledAt = text(change.data, 'scheduledFor') ?? notice.scheduledFor;
    const type = eventTypeOfNotice(notice.kind);
    switch (type) {
      case 'task.reminder':
        // A supervisor's reminder has no offset in the schedule: it was asked for.
        add(type, {
          scheduledAt,
          offset: text(change.data, 'offset') ?? 'on request',
          workingDaysLeft: null,
          ...assigneeOf(change.data),
        });
        break;
      case 'task.overdue':
        add(type, {
          scheduledAt,
          offset: text(change.data, 'offset') ?? 'after deadline',
          sequence: whole(change.data, 'sequence') ?? 1,
          ...assigneeOf(change.data),
        });
        break;
      case 'escalation.opened':
      case 'escalation.climbed':
        // Told of above, from the escalation's rows; a notice alone names no escalation to tell of.
        break;
    }
  }

  if (escalation?.op === 'resolve') {
    add('escalation.resolved', {
      escalationId: escalation.escalationId,
      action: escalation.resolution.action,
      by,
      note: escalation.resolution.note,
    });
  } else if (change.action === 'remind' && text(change.data, 'escalationId') !== undefined) {
    // A supervisor's `remind` answers the escalation but leaves it open, so the change carries no resolve.
    add('escalation.resolved', {
      escalationId: text(change.data, 'escalationId') ?? '',
      action: 'remind',
      by,
      note: text(change.data, 'note') ?? null,
    });
  }

  if (change.action === 'return')
    add('task.returned', { by, reason: text(change.data, 'reason') ?? change.patch.returnReason ?? '' });
  if (change.toStatus === 'completed' && change.fromStatus !== 'completed') {
    const completedAt = change.patch.completedAt ?? change.occurredAt;
    add('task.completed', { by, onTime: Date.parse(completedAt) <= Date.parse(dueAt) });
  }
  if (change.action === 'reassign' && change.successor !== undefined) {
    add('task.reassigned', { by, toUnitId: change.successor.unitId, successorTaskId: change.successor.taskId });
  }

  const request = change.extensionRequest;
  if (request?.op === 'create') {
    add('extension.requested', {
      extensionId: request.requestId,
      requestedDueAt: request.requestedDueAt,
      reason: request.reason,
      by,
    });
  } else if (request?.op === 'decide') {
    add('extension.decided', {
      extensionId: request.requestId,
      decision: request.approved ? 'approved' : 'rejected',
      newDueAt: request.approved ? dueAt : null,
      by,
    });
  }

  if (change.action === 'claim' || change.action === 'assign' || change.action === 'hand_back') {
    add('task.assignee_changed', {
      action: change.action,
      assignee: text(change.data, 'assignee') ?? null,
      previousAssignee: text(change.data, 'previousAssignee') ?? null,
      by,
    });
  }

  const cause = text(change.data, 'cause');
  if (change.action === 'cancel' && cause !== undefined && WITHDRAWAL_CAUSES.includes(cause)) {
    add('directive.withdrawn', { by, reason: text(change.data, 'reason') ?? '' });
  }
  return events;
}

/** What stands in for the read model when only the number of events matters. */
const PROBE_CONTEXT: TaskEventContext = {
  unitId: '',
  dueAt: new Date(0).toISOString(),
  directiveNumber: null,
  directiveSubject: null,
  publicUrl: 'http://probe',
};

/**
 * True when `change` causes at least one event, so the projection reads its task's context only
 * then. Which events a change causes never depends on the context but for `task.completed`'s
 * `onTime`, a value, not a presence.
 */
export function causesEvents(change: TaskChange): boolean {
  return eventsOfTaskChange(change, PROBE_CONTEXT).length > 0;
}

/** A string field of the change's free-form data, if it is one. */
function text(data: Record<string, unknown>, key: string): string | undefined {
  const value = data[key];
  return typeof value === 'string' ? value : undefined;
}

/** The person handling the task when a notice fired, told first; absent when nobody was (as before issue 13). */
function assigneeOf(data: Record<string, unknown>): { assignee?: string } {
  const assignee = text(data, 'assignee');
  return assignee === undefined ? {} : { assignee };
}

/** A whole-number field of the change's data, if it is one. */
function whole(data: Record<string, unknown>, key: string): number | undefined {
  const value = data[key];
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}
