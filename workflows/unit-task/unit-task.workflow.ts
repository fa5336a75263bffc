/**
 * One unit's part of a directive, from assignment to its end. The workflow decides: it keeps
 * the task's status, runs the reminder schedule on timers, opens escalations, and applies the
 * people's actions arriving as Updates. Every change is written to the read model by one
 * idempotent activity before the Update returns.
 */
import {
  CancellationScope,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  proxyActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import {
  ValidationError,
  WorkingCalendar,
  addDuration,
  allowedActions,
  isAwaitingWork,
  isOpen,
  isTerminal,
  nextScheduledEvent,
  nextStatus,
  parseIsoDuration,
  formatReminderOffset,
  offsetFromDeadline,
  vietnamCalendar,
  type CalendarDefinition,
  type ScheduledEvent,
  type TaskAction,
  type TaskStatus,
} from '@dondoc/domain';
import type { DondocActivities, TaskChange, TaskPatch } from '@dondoc/activities';
import { conflict, notFound, toFailure } from '../shared/failures';
import {
  acceptUpdate,
  acknowledgeUpdate,
  amendDeadlineUpdate,
  decideExtensionUpdate,
  replaceCalendarUpdate,
  reportProgressUpdate,
  requestExtensionUpdate,
  resolveEscalationUpdate,
  returnUpdate,
  submitUpdate,
  taskStateQuery,
  unitTaskClosedSignal,
  type ActorArgs,
  type ResolveEscalationArgs,
  type UnitTaskInput,
  type UnitTaskResult,
  type UnitTaskState,
  type UnitTaskView,
} from './contract';

const activities = proxyActivities<DondocActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Actor recorded for what the engine does on its own. */
const SYSTEM = 'system';

export async function unitTaskWorkflow(input: UnitTaskInput): Promise<UnitTaskResult> {
  const state: UnitTaskState = input.carried ?? {
    status: 'assigned',
    dueAt: Date.parse(input.dueAt),
    sequence: 0,
    cursor: Date.now(),
    cursorKind: null,
    escalatedForDeadline: false,
    openEscalationId: null,
    climb: null,
    pendingExtensions: [],
    progressPercent: 0,
    successor: null,
  };
  /** Bumped whenever the schedule must be re-planned (new deadline, new status, new calendar). */
  let planVersion = 0;
  // Offsets in working days count on the calendar the API gave (and replaces when it is edited);
  // a task given none has ISO offsets only, for which the shipped calendar is never consulted.
  let calendarDefinition: CalendarDefinition | undefined = input.calendar;
  let calendar = calendarDefinition ? new WorkingCalendar(calendarDefinition) : vietnamCalendar();

  const machine = () => ({ status: state.status, role: input.role, reviewRequired: input.reviewRequired });
  const iso = (ms: number) => new Date(ms).toISOString();

  const view = (): UnitTaskView => ({
    taskId: input.taskId,
    status: state.status,
    dueAt: iso(state.dueAt),
    allowedActions: isOpen(state.status) ? allowedActions(machine()) : [],
    openEscalationId: state.openEscalationId,
    pendingExtensionIds: state.pendingExtensions.map((p) => p.id),
  });

  /** Throws the typed failure the API maps to 409 or 400; runs in validators, before history. */
  const check = (fn: () => void): void => {
    try {
      fn();
    } catch (error) {
      throw toFailure(error);
    }
  };
  const assertAllowed = (action: TaskAction): TaskStatus => {
    let to: TaskStatus = state.status;
    check(() => {
      to = nextStatus(machine(), action);
    });
    return to;
  };
  const assertFuture = (field: string, value: string | undefined, after = Date.now()): number => {
    const at = value === undefined ? NaN : Date.parse(value);
    check(() => {
      if (Number.isNaN(at)) throw new ValidationError(field, 'must be an ISO-8601 date-time');
      if (at <= after) throw new ValidationError(field, `must be later than ${iso(after)}`);
    });
    return at;
  };

  /**
   * Applies a change to the state and returns the record of it for the read model. A change
   * that ends the task, or that says the task moved on (`closesEscalation`: a submission, a new
   * deadline), closes the open escalation unless it resolves it itself. `caller` is who acted:
   * a person's Update arguments (with their unit and HTTP request), or a name (the engine).
   */
  const change = (
    action: string,
    caller: string | ActorArgs,
    to: TaskStatus,
    patch: TaskPatch = {},
    extra: Pick<TaskChange, 'notifications' | 'escalation' | 'extensionRequest' | 'successor'> & {
      data?: Record<string, unknown>;
      closesEscalation?: boolean;
    } = {},
  ): TaskChange => {
    const from = state.status;
    const now = Date.now();
    state.sequence += 1;
    state.status = to;
    if (from !== to) planVersion += 1;
    const fullPatch: TaskPatch = { ...patch };
    if (from === 'assigned' && to !== 'assigned' && !isTerminal(to)) fullPatch.acknowledgedAt ??= iso(now);
    if (isTerminal(to)) {
      fullPatch.closedAt = iso(now);
      if (to === 'completed') fullPatch.completedAt = iso(now);
    }
    const { data = {}, closesEscalation = false, ...rest } = extra;
    if (state.openEscalationId !== null && (isTerminal(to) || closesEscalation || rest.escalation?.op === 'resolve')) {
      rest.escalation ??= { op: 'close', escalationId: state.openEscalationId };
      fullPatch.escalated = false;
      state.openEscalationId = null;
      state.climb = null;
      planVersion += 1;
    }
    const who = typeof caller === 'string' ? { actor: caller } : caller;
    return {
      taskId: input.taskId,
      directiveId: input.directiveId,
      sequence: state.sequence,
      actor: who.actor,
      actorUnitId: who.actorUnitId ?? null,
      httpRequestId: who.httpRequestId ?? null,
      action,
      fromStatus: from,
      toStatus: to,
      occurredAt: iso(now),
      patch: fullPatch,
      data,
      ...rest,
    };
  };

  /** Writes a change; never cancelled half-way, so a withdrawal cannot lose an accepted action. */
  const write = (record: TaskChange): Promise<void> => CancellationScope.nonCancellable(() => activities.recordTaskChange(record));

  /** A new deadline: the schedule restarts from it; an escalation for the old one is closed. */
  const moveDeadline = (dueAt: number): TaskPatch => {
    state.dueAt = dueAt;
    state.cursor = Date.now();
    state.cursorKind = null;
    state.escalatedForDeadline = false;
    planVersion += 1;
    return { dueAt: iso(dueAt) };
  };

  setHandler(taskStateQuery, view);

  setHandler(
    acknowledgeUpdate,
    async (caller) => {
      const to = nextStatus(machine(), 'acknowledge');
      await write(change('acknowledge', caller, to, { acknowledgedAt: iso(Date.now()) }));
      return view();
    },
    { validator: (_args) => void assertAllowed('acknowledge') },
  );

  setHandler(
    reportProgressUpdate,
    async (caller) => {
      const { percent, note } = caller;
      const to = nextStatus(machine(), 'progress');
      state.progressPercent = percent;
      await write(change('progress', caller, to, { progressPercent: percent, progressNote: note }, { data: { percent, note } }));
      return view();
    },
    {
      validator: ({ percent }) => {
        assertAllowed('progress');
        check(() => {
          if (!Number.isInteger(percent) || percent < 0 || percent > 100) throw new ValidationError('percent', 'must be a whole number from 0 to 100');
        });
      },
    },
  );

  setHandler(
    submitUpdate,
    async (caller) => {
      const { report } = caller;
      const to = nextStatus(machine(), 'submit');
      const patch: TaskPatch = { report, submittedAt: iso(Date.now()), returnReason: null };
      if (to === 'completed') patch.progressPercent = 100;
      await write(change('submit', caller, to, patch, { data: { report }, closesEscalation: true }));
      return view();
    },
    { validator: (_args) => void assertAllowed('submit') },
  );

  setHandler(
    acceptUpdate,
    async (caller) => {
      const to = nextStatus(machine(), 'accept');
      await write(change('accept', caller, to, { progressPercent: 100 }));
      return view();
    },
    { validator: (_args) => void assertAllowed('accept') },
  );

  setHandler(
    returnUpdate,
    async (caller) => {
      const { reason } = caller;
      const to = nextStatus(machine(), 'return');
      // Reminders resume from now: what fell due while the report was under review is not replayed.
      state.cursor = Math.max(state.cursor, Date.now());
      await write(change('return', caller, to, { returnReason: reason }, { data: { reason } }));
      return view();
    },
    { validator: (_args) => void assertAllowed('return') },
  );

  setHandler(
    requestExtensionUpdate,
    async (caller) => {
      const { requestId, requestedDueAt, reason } = caller;
      state.pendingExtensions.push({ id: requestId, requestedDueAt });
      await write(
        change('request_extension', caller, state.status, {}, {
          data: { requestId, requestedDueAt, reason },
          extensionRequest: { op: 'create', requestId, requestedDueAt, reason },
        }),
      );
      return view();
    },
    {
      validator: ({ requestId, requestedDueAt }) => {
        assertAllowed('request_extension');
        assertFuture('requestedDueAt', requestedDueAt, Math.max(state.dueAt, Date.now()));
        check(() => {
          if (state.pendingExtensions.some((p) => p.id === requestId)) throw new ValidationError('requestId', 'is already pending');
        });
      },
    },
  );

  setHandler(
    decideExtensionUpdate,
    async (caller) => {
      const { requestId, approve, reason } = caller;
      const request = state.pendingExtensions.find((p) => p.id === requestId)!;
      state.pendingExtensions = state.pendingExtensions.filter((p) => p.id !== requestId);
      const extensionRequest = { op: 'decide' as const, requestId, approved: approve, reason };
      if (!approve) {
        await write(change('reject_extension', caller, state.status, {}, { data: { requestId, reason }, extensionRequest }));
        return view();
      }
      await write(
        change('approve_extension', caller, state.status, moveDeadline(Date.parse(request.requestedDueAt)), {
          data: { requestId, dueAt: request.requestedDueAt, reason },
          extensionRequest,
          closesEscalation: true,
        }),
      );
      return view();
    },
    {
      validator: ({ requestId, approve }) => {
        const request = state.pendingExtensions.find((p) => p.id === requestId);
        if (request === undefined) throw notFound(`extension request ${requestId} is not pending on this task`);
        // Approving moves the deadline, which needs an open task; a deadline already past the request is a conflict.
        if (approve) {
          assertAllowed('extend');
          assertFuture('requestedDueAt', request.requestedDueAt);
          if (Date.parse(request.requestedDueAt) <= state.dueAt) {
            throw conflict(`approving would not move the deadline later: the task is already due ${iso(state.dueAt)}`);
          }
        }
      },
    },
  );

  setHandler(
    resolveEscalationUpdate,
    async (args) => {
      await write(resolveEscalation(args));
      return view();
    },
    {
      validator: (args) => {
        if (state.openEscalationId !== args.escalationId) {
          throw notFound(`escalation ${args.escalationId} is not open on this task`);
        }
        assertAllowed(args.action);
        if (args.action === 'extend') assertFuture('dueAt', args.dueAt);
        if (args.action === 'reassign') {
          check(() => {
            if (!args.toUnitId) throw new ValidationError('toUnitId', 'is required to reassign');
            if (args.toUnitId === input.unitId) throw new ValidationError('toUnitId', 'must be another unit than the one the task is assigned to');
            if (!args.successorTaskId) throw new ValidationError('successorTaskId', 'is required to reassign');
            if (args.dueAt === undefined && state.dueAt <= Date.now()) {
              throw new ValidationError('dueAt', 'is required to reassign once the current deadline has passed');
            }
          });
          if (args.dueAt !== undefined) assertFuture('dueAt', args.dueAt);
        }
      },
    },
  );

  /** Applies a supervisor's decision on the open escalation. */
  function resolveEscalation(args: ResolveEscalationArgs): TaskChange {
    const escalationId = args.escalationId;
    const note = args.note;
    const data = { escalationId, action: args.action, note, dueAt: args.dueAt, toUnitId: args.toUnitId };
    switch (args.action) {
      case 'remind': {
        return change('remind', args, state.status, {}, {
          data,
          notifications: [
            {
              recipientUnitId: input.unitId,
              kind: 'reminder',
              message: `The coordinating body asks for this task to be done${note ? `: ${note}` : ''}; it is due ${iso(state.dueAt)}.`,
              scheduledFor: iso(Date.now()),
            },
          ],
        });
      }
      case 'extend': {
        return change('extend', args, state.status, moveDeadline(Date.parse(args.dueAt!)), {
          data,
          escalation: { op: 'resolve', escalationId, resolution: { action: 'extend', note, dueAt: args.dueAt! } },
        });
      }
      case 'waive': {
        return change('waive', args, nextStatus(machine(), 'waive'), {}, {
          data,
          escalation: { op: 'resolve', escalationId, resolution: { action: 'waive', note } },
        });
      }
      case 'reassign': {
        const dueAt = args.dueAt ?? iso(state.dueAt);
        state.successor = { taskId: args.successorTaskId!, unitId: args.toUnitId!, role: input.role, dueAt };
        return change('reassign', args, nextStatus(machine(), 'reassign'), { reassignedToTaskId: args.successorTaskId! }, {
          data: { ...data, dueAt, successorTaskId: args.successorTaskId },
          successor: state.successor,
          escalation: { op: 'resolve', escalationId, resolution: { action: 'reassign', note, dueAt, toUnitId: args.toUnitId! } },
        });
      }
    }
  }

  setHandler(
    amendDeadlineUpdate,
    async (caller) => {
      const { dueAt, reason } = caller;
      await write(change('amend_deadline', caller, state.status, moveDeadline(Date.parse(dueAt)), { data: { dueAt, reason }, closesEscalation: true }));
      return view();
    },
    {
      validator: ({ dueAt }) => {
        assertAllowed('extend');
        assertFuture('dueAt', dueAt);
      },
    },
  );

  setHandler(replaceCalendarUpdate, ({ calendar: definition }) => {
    // Re-plans of two quick edits may arrive out of order: the newer calendar stays.
    if ((definition.revision ?? 0) < (calendarDefinition?.revision ?? 0)) return view();
    calendarDefinition = definition;
    calendar = new WorkingCalendar(definition);
    planVersion += 1;
    return view();
  });

  /** True when the task should have been escalated for its current deadline and was not. */
  function escalationOverdue(): boolean {
    const grace = input.reminderPolicy.escalateAfter;
    if (grace === null || state.escalatedForDeadline || !isAwaitingWork(state.status)) return false;
    const at = offsetFromDeadline(state.dueAt, grace, 1, 'reminderPolicy.escalateAfter', calendar);
    return at < state.cursor && at <= Date.now();
  }

  /** Fires one scheduled event: a reminder, an overdue notice, or the escalation. */
  async function fire(event: ScheduledEvent): Promise<void> {
    state.cursor = event.at;
    state.cursorKind = event.kind;
    const due = iso(state.dueAt);
    switch (event.kind) {
      case 'reminder':
        await write(
          change('remind', SYSTEM, state.status, {}, {
            data: { offset: event.offset, scheduledFor: iso(event.at) },
            notifications: [
              { recipientUnitId: input.unitId, kind: 'reminder', message: `Reminder (${event.offset}): this task is due ${due}.`, scheduledFor: iso(event.at) },
            ],
          }),
        );
        return;
      case 'overdue':
        await write(
          change('overdue', SYSTEM, state.status, {}, {
            data: { offset: event.offset, sequence: event.sequence, scheduledFor: iso(event.at) },
            notifications: [
              { recipientUnitId: input.unitId, kind: 'overdue', message: `Overdue (${event.offset}): this task was due ${due}.`, scheduledFor: iso(event.at) },
            ],
          }),
        );
        return;
      case 'escalation': {
        const chain = await activities.loadEscalationChain({ directiveId: input.directiveId, coordinatingUnitId: input.coordinatingUnitId });
        // The first body's grace counts from the escalation's own record of when it opened.
        const since = Date.now();
        const escalationId = uuid4();
        state.escalatedForDeadline = true;
        state.openEscalationId = escalationId;
        state.climb = { chain, index: 0, since };
        await write(
          change('escalate', SYSTEM, state.status, { escalated: true }, {
            data: { escalationId, level: 1, coordinatingUnitId: input.coordinatingUnitId, scheduledFor: iso(event.at) },
            escalation: { op: 'open', escalationId, coordinatingUnitId: input.coordinatingUnitId, unitId: input.unitId },
            notifications: [
              {
                recipientUnitId: input.coordinatingUnitId,
                kind: 'escalation',
                message: `Escalated: unit ${input.unitId} has not submitted its task, due ${due}.`,
                scheduledFor: iso(event.at),
              },
            ],
          }),
        );
        return;
      }
    }
  }

  /** When the open escalation climbs to the next level up, if it has one left to climb to. */
  function nextClimbAt(): number | undefined {
    const climb = state.climb;
    if (state.openEscalationId === null || climb === null || climb.index + 1 >= climb.chain.length) return undefined;
    return addDuration(climb.since, parseIsoDuration(climb.chain[climb.index]!.grace));
  }

  /** The escalation was not resolved within the current body's grace period: it goes one level up. */
  async function climbUp(): Promise<void> {
    const climb = state.climb!;
    const escalationId = state.openEscalationId!;
    const from = climb.chain[climb.index]!;
    const to = climb.chain[climb.index + 1]!;
    const level = climb.index + 2;
    state.climb = { ...climb, index: climb.index + 1, since: Date.now() };
    const due = iso(state.dueAt);
    await write(
      change('escalate_up', SYSTEM, state.status, {}, {
        data: { escalationId, level, coordinatingUnitId: to.unitId, fromUnitId: from.unitId, grace: from.grace },
        escalation: { op: 'climb', escalationId, level, coordinatingUnitId: to.unitId },
        notifications: [
          {
            recipientUnitId: to.unitId,
            kind: 'escalation',
            message: `Escalated (level ${level}): unit ${input.unitId} has not submitted its task, due ${due}, and ${from.unitId} did not resolve the escalation within ${from.grace}.`,
            scheduledFor: iso(Date.now()),
          },
          {
            recipientUnitId: from.unitId,
            kind: 'escalation',
            message: `The escalation of unit ${input.unitId}'s task was not resolved within ${from.grace} and has passed up to ${to.unitId}; it can still be resolved here.`,
            scheduledFor: iso(Date.now()),
          },
        ],
      }),
    );
  }

  try {
    while (isOpen(state.status)) {
      if (workflowInfo().continueAsNewSuggested) {
        await condition(allHandlersFinished);
        return await continueAsNew<typeof unitTaskWorkflow>({ ...input, ...(calendarDefinition ? { calendar: calendarDefinition } : {}), carried: state });
      }
      if (escalationOverdue()) {
        // Its instant passed while no schedule ran (a report under review, then returned).
        await fire({ kind: 'escalation', at: Date.now(), offset: `${formatReminderOffset(input.reminderPolicy.escalateAfter!)} after (late)`, sequence: 0 });
        continue;
      }
      const seen = planVersion;
      const replanned = () => planVersion !== seen || !isOpen(state.status);
      const next = isAwaitingWork(state.status)
        ? nextScheduledEvent(state.dueAt, input.reminderPolicy, state.cursor, {
            escalated: state.escalatedForDeadline,
            calendar,
            ...(state.cursorKind !== null ? { afterKind: state.cursorKind } : {}),
          })
        : undefined;
      const climbAt = nextClimbAt();
      if (next === undefined && climbAt === undefined) {
        await condition(replanned);
        continue;
      }
      const at = Math.min(next?.at ?? Infinity, climbAt ?? Infinity);
      const wait = at - Date.now();
      if (wait > 0 && (await condition(replanned, wait))) continue;
      if (climbAt !== undefined && climbAt <= (next?.at ?? Infinity)) await climbUp();
      else await fire(next!);
    }
  } catch (error) {
    if (!isCancellation(error)) throw error;
    // The directive was withdrawn: the task ends as cancelled, naming who withdrew it and why.
    await CancellationScope.nonCancellable(async () => {
      await condition(allHandlersFinished);
      if (!isOpen(state.status)) return;
      const withdrawal = await activities.describeWithdrawal({ directiveId: input.directiveId });
      await activities.recordTaskChange(
        change('cancel', withdrawal.actor, nextStatus(machine(), 'cancel'), {}, {
          // A withdrawal that came down from a parent directive names the root of the cascade.
          data:
            withdrawal.cascade === null
              ? { cause: 'directive withdrawn', directiveId: input.directiveId, reason: withdrawal.reason }
              : { cause: 'parent directive withdrawn', directiveId: input.directiveId, reason: withdrawal.reason, ...withdrawal.cascade },
        }),
      );
    });
  }
  // After a withdrawal the root scope is cancelled: wait for handlers outside it.
  await CancellationScope.nonCancellable(() => condition(allHandlersFinished));
  const result: UnitTaskResult = { taskId: input.taskId, unitId: input.unitId, status: state.status, successor: state.successor };
  const notify = input.notifyWorkflowId;
  if (notify !== undefined) {
    // A series that has ended needs no news; nothing else can make this signal fail for good.
    await CancellationScope.nonCancellable(() => getExternalWorkflowHandle(notify).signal(unitTaskClosedSignal, result)).catch(() => undefined);
  }
  return result;
}
