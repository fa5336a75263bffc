import { isOverdue } from '@dondoc/domain';
import type { ExtensionRequestEntity, TaskEntity, TaskEventEntity } from '@dondoc/persistence';
import type { ExtensionRequestView, TaskEventView, TaskView } from './tasks.dto';

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

/** The API's picture of a task row; `overdue` is computed at read time. */
export function taskView(t: TaskEntity, now = Date.now()): TaskView {
  return {
    id: t.id,
    directiveId: t.directiveId,
    unitId: t.unitId,
    role: t.role,
    instructions: t.instructions,
    period: t.period,
    recurrence: t.recurrence,
    status: t.status,
    dueAt: t.dueAt.toISOString(),
    originalDueAt: t.originalDueAt.toISOString(),
    overdue: isOverdue(t, new Date(now)),
    escalated: t.escalated,
    progress: { percent: t.progressPercent, note: t.progressNote },
    report: t.report,
    returnReason: t.returnReason,
    activatedAt: iso(t.activatedAt),
    acknowledgedAt: iso(t.acknowledgedAt),
    submittedAt: iso(t.submittedAt),
    completedAt: iso(t.completedAt),
    closedAt: iso(t.closedAt),
    reassignedFromTaskId: t.reassignedFromTaskId,
    reassignedToTaskId: t.reassignedToTaskId,
    assignee: t.assignee,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

export function taskEventView(e: TaskEventEntity): TaskEventView {
  return {
    id: e.id,
    taskId: e.taskId,
    kind: 'change',
    sequence: e.sequence,
    actor: e.actor,
    action: e.action,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    data: e.data,
    occurredAt: e.occurredAt.toISOString(),
  };
}

export function extensionRequestView(r: ExtensionRequestEntity): ExtensionRequestView {
  return {
    id: r.id,
    taskId: r.taskId,
    directiveId: r.directiveId,
    requestedDueAt: r.requestedDueAt.toISOString(),
    reason: r.reason,
    status: r.status,
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt.toISOString(),
    decidedBy: r.decidedBy,
    decidedAt: iso(r.decidedAt),
    decisionReason: r.decisionReason,
  };
}
