/**
 * One unit's part of a directive, from assignment to its end. The workflow decides: it keeps
 * the task's status, runs the reminder schedule on timers, opens escalations, and applies the
 * people's actions arriving as Updates. Every change is written to the read model by one
 * idempotent activity before the Update returns, and only then applied to the state: a change
 * the read model cannot take leaves the task as it was (see docs/workflows.md).
 */
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertMemo,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import {
  ValidationError,
  WorkingCalendar,
  addDuration,
  allowedActions,
  dueEvents,
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
  type DueEvent,
  type ScheduledEvent,
  type TaskAction,
  type TaskEventAction,
  type TaskStatus,
} from '@dondoc/domain';
import type { UnitTaskActivities } from '@dondoc/activities';
import type { TaskChange, TaskPatch } from './task-change';
import {
  conflict,
  dataRejectedFailure,
  notFound,
  notRecordedFailure,
  toFailure,
  unstorableTextField,
  writeFailureOf,
  type WriteFailure,
} from '../shared/failures';
import { retryLaterMs, serialQueue } from '../shared/serial';
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

/**
 * Bounded: about a minute of retries (1 + 2 + 4 + 8 + 10 + 10 + 10 s between eight attempts)
 * rides out a database restart; past that an Update fails with NOT_RECORDED (the caller retries)
 * and a timer-driven change waits and tries again later (see the main loop).
 */
const boundedActivities = proxyActivities<UnitTaskActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 8 },
});

/**
 * The retries of runs begun before commit-after-write: without end. Such a run applies a change
 * before writing it and has no way back, so a write that gave up would leave its state ahead of
 * the read model, and a timer's failed write would fail the run.
 */
const legacyActivities = proxyActivities<UnitTaskActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Actor recorded for what the engine does on its own. */
const SYSTEM = 'system';

/** The cursor of a schedule that has fired nothing yet: every instant already past is missed. */
const NOTHING_FIRED = 0;

export async function unitTaskWorkflow(input: UnitTaskInput): Promise<UnitTaskResult> {
  // Read once per run: a run that began before these changes keeps the old commands to its end.
  /** A change is applied to the state once written (the old runs applied it first), one at a time. */
  const commitAfterWrite = patched('commit-task-change-after-write');
  /** A task started or resumed past its instants sends the latest missed one of each kind, late. */
  const catchUp = patched('catch-up-missed-reminder');
  const activities = commitAfterWrite ? boundedActivities : legacyActivities;
  let state: UnitTaskState = input.carried ?? {
    status: 'assigned',
    dueAt: Date.parse(input.dueAt),
    sequence: 0,
    cursor: catchUp ? NOTHING_FIRED : Date.now(),
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
  /** Changes are prepared and written one after another, each from the state the last one left. */
  const inTurn = commitAfterWrite ? serialQueue() : <T>(fn: () => Promise<T>) => fn();

  const machineOf = (s: UnitTaskState) => ({ status: s.status, role: input.role, reviewRequired: input.reviewRequired });
  const machine = () => machineOf(state);
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
  /**
   * Applies a change to `next` (a copy of the state) and returns the record of it for the read
   * model. A change that ends the task, or that says the task moved on (`closesEscalation`: a
   * submission, a new deadline), closes the open escalation unless it resolves it itself.
   * `caller` is who acted: a person's Update arguments (with their unit and HTTP request), or a
   * name (the engine).
   */
  const change = (
    next: UnitTaskState,
    action: TaskEventAction,
    caller: string | ActorArgs,
    to: TaskStatus,
    patch: TaskPatch = {},
    extra: Pick<TaskChange, 'notifications' | 'escalation' | 'extensionRequest' | 'successor'> & {
      data?: Record<string, unknown>;
      closesEscalation?: boolean;
    } = {},
  ): TaskChange => {
    const from = next.status;
    const now = Date.now();
    next.sequence += 1;
    next.status = to;
    const fullPatch: TaskPatch = { ...patch };
    if (from === 'assigned' && to !== 'assigned' && !isTerminal(to)) fullPatch.acknowledgedAt ??= iso(now);
    if (isTerminal(to)) {
      fullPatch.closedAt = iso(now);
      if (to === 'completed') fullPatch.completedAt = iso(now);
    }
    const { data = {}, closesEscalation = false, ...rest } = extra;
    if (next.openEscalationId !== null && (isTerminal(to) || closesEscalation || rest.escalation?.op === 'resolve')) {
      rest.escalation ??= { op: 'close', escalationId: next.openEscalationId };
      fullPatch.escalated = false;
      next.openEscalationId = null;
      next.climb = null;
    }
    const who = typeof caller === 'string' ? { actor: caller } : caller;
    return {
      taskId: input.taskId,
      directiveId: input.directiveId,
      sequence: next.sequence,
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

  /** A copy of the committed state to prepare a change on (it holds JSON values only). */
  const draft = (): UnitTaskState => JSON.parse(JSON.stringify(state)) as UnitTaskState;

  /** Makes `next` the state; a change to what the schedule depends on wakes the main loop to re-plan. */
  const adopt = (next: UnitTaskState): void => {
    const plan = (s: UnitTaskState) =>
      JSON.stringify([s.status, s.dueAt, s.cursor, s.cursorKind, s.escalatedForDeadline, s.openEscalationId, s.climb]);
    if (plan(next) !== plan(state)) planVersion += 1;
    state = next;
  };

  /** Writes a change; never cancelled half-way, so a withdrawal cannot lose an accepted action. */
  const write = (record: TaskChange): Promise<void> => CancellationScope.nonCancellable(() => activities.recordTaskChange(record));

  /**
   * Writes the change, then applies it: a change the read model did not take leaves the state
   * as it was. A refusal of the data fails with DATA_REJECTED (400 or 409), naming the field of
   * `args` to blame; anything else (retries exhausted) is recorded for the operator and fails
   * with NOT_RECORDED (503). Runs before this version applied first and wrote after.
   */
  const commit = async (next: UnitTaskState, record: TaskChange, args: object = {}): Promise<void> => {
    if (!commitAfterWrite) {
      adopt(next);
      await write(record);
      return;
    }
    try {
      await write(record);
    } catch (error) {
      const failure = writeFailureOf(error);
      if (failure === undefined) throw error;
      // Refused data wrote nothing in any attempt, so its sequence is used again. Retries that ran
      // out leave it in doubt: an attempt may have committed and lost its answer. The number is
      // then given up, so the next change cannot land on that event row and be dropped as a repeat.
      if (failure.kind === 'unrecorded') state = { ...state, sequence: record.sequence };
      reportUnwritten(record, failure);
      throw failure.kind === 'rejected' ? dataRejectedFailure(failure, unstorableTextField(args)) : notRecordedFailure(failure.message);
    }
    adopt(next);
  };

  /**
   * Tells the operator that a change was not recorded: the worker's log names the task, and an
   * infrastructure failure also stays on the workflow's memo (shown by `temporal workflow
   * describe` and the Web UI), written by Temporal itself, so it is kept while the database that
   * failed the write is still down.
   */
  const reportUnwritten = (record: TaskChange, failure: WriteFailure): void => {
    const facts = { taskId: input.taskId, sequence: record.sequence, action: record.action, reason: failure.kind, message: failure.message };
    if (failure.kind === 'rejected') {
      log.warn('task change refused by the read model; the task keeps its state', { ...facts, sqlState: failure.sqlState });
      return;
    }
    log.error('task change not recorded after its retries; the task keeps its last committed state', facts);
    upsertMemo({ lastUnrecordedChange: { ...facts, at: iso(Date.now()) } });
  };

  /**
   * Runs a person's action in turn: checks it again against the state the changes before it left
   * (its validator ran when it arrived, perhaps while another change was being written), prepares
   * it on a copy, writes it and only then applies it.
   */
  const act = (args: object, validate: () => void, build: (next: UnitTaskState) => TaskChange): Promise<UnitTaskView> =>
    inTurn(async () => {
      let next: UnitTaskState;
      let record: TaskChange;
      if (commitAfterWrite) {
        validate();
        next = draft();
        try {
          record = build(next);
        } catch (error) {
          throw toFailure(error);
        }
      } else {
        next = draft();
        record = build(next);
      }
      await commit(next, record, args);
      return view();
    });

  /** A new deadline: the schedule restarts from it; an escalation for the old one is closed. */
  const moveDeadline = (next: UnitTaskState, dueAt: number): TaskPatch => {
    next.dueAt = dueAt;
    next.cursor = Date.now();
    next.cursorKind = null;
    next.escalatedForDeadline = false;
    return { dueAt: iso(dueAt) };
  };

  setHandler(taskStateQuery, view);

  const validateAcknowledge = () => void assertAllowed('acknowledge');
  setHandler(
    acknowledgeUpdate,
    (caller) =>
      act(caller, validateAcknowledge, (next) =>
        change(next, 'acknowledge', caller, nextStatus(machineOf(next), 'acknowledge'), { acknowledgedAt: iso(Date.now()) }),
      ),
    { validator: (_args) => validateAcknowledge() },
  );

  const validateProgress = (percent: number) => {
    assertAllowed('progress');
    check(() => {
      if (!Number.isInteger(percent) || percent < 0 || percent > 100) throw new ValidationError('percent', 'must be a whole number from 0 to 100');
    });
  };
  setHandler(
    reportProgressUpdate,
    (caller) =>
      act(
        caller,
        () => validateProgress(caller.percent),
        (next) => {
          const { percent, note } = caller;
          next.progressPercent = percent;
          return change(next, 'progress', caller, nextStatus(machineOf(next), 'progress'), { progressPercent: percent, progressNote: note }, { data: { percent, note } });
        },
      ),
    { validator: ({ percent }) => validateProgress(percent) },
  );

  const validateSubmit = () => void assertAllowed('submit');
  setHandler(
    submitUpdate,
    (caller) =>
      act(caller, validateSubmit, (next) => {
        const { report } = caller;
        const to = nextStatus(machineOf(next), 'submit');
        const patch: TaskPatch = { report, submittedAt: iso(Date.now()), returnReason: null };
        if (to === 'completed') patch.progressPercent = 100;
        return change(next, 'submit', caller, to, patch, { data: { report }, closesEscalation: true });
      }),
    { validator: (_args) => validateSubmit() },
  );

  const validateAccept = () => void assertAllowed('accept');
  setHandler(
    acceptUpdate,
    (caller) => act(caller, validateAccept, (next) => change(next, 'accept', caller, nextStatus(machineOf(next), 'accept'), { progressPercent: 100 })),
    { validator: (_args) => validateAccept() },
  );

  const validateReturn = () => void assertAllowed('return');
  setHandler(
    returnUpdate,
    (caller) =>
      act(caller, validateReturn, (next) => {
        const { reason } = caller;
        const to = nextStatus(machineOf(next), 'return');
        // Reminders resume from now: what fell due while the report was under review is not replayed.
        next.cursor = Math.max(next.cursor, Date.now());
        return change(next, 'return', caller, to, { returnReason: reason }, { data: { reason } });
      }),
    { validator: (_args) => validateReturn() },
  );

  const validateRequestExtension = (requestId: string, requestedDueAt: string) => {
    assertAllowed('request_extension');
    assertFuture('requestedDueAt', requestedDueAt, Math.max(state.dueAt, Date.now()));
    check(() => {
      if (state.pendingExtensions.some((p) => p.id === requestId)) throw new ValidationError('requestId', 'is already pending');
    });
  };
  setHandler(
    requestExtensionUpdate,
    (caller) =>
      act(
        caller,
        () => validateRequestExtension(caller.requestId, caller.requestedDueAt),
        (next) => {
          const { requestId, requestedDueAt, reason } = caller;
          next.pendingExtensions.push({ id: requestId, requestedDueAt });
          return change(next, 'request_extension', caller, next.status, {}, {
            data: { requestId, requestedDueAt, reason },
            extensionRequest: { op: 'create', requestId, requestedDueAt, reason },
          });
        },
      ),
    { validator: ({ requestId, requestedDueAt }) => validateRequestExtension(requestId, requestedDueAt) },
  );

  const validateDecideExtension = (requestId: string, approve: boolean) => {
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
  };
  setHandler(
    decideExtensionUpdate,
    (caller) =>
      act(
        caller,
        () => validateDecideExtension(caller.requestId, caller.approve),
        (next) => {
          const { requestId, approve, reason } = caller;
          const request = next.pendingExtensions.find((p) => p.id === requestId)!;
          next.pendingExtensions = next.pendingExtensions.filter((p) => p.id !== requestId);
          const extensionRequest = { op: 'decide' as const, requestId, approved: approve, reason };
          if (!approve) return change(next, 'reject_extension', caller, next.status, {}, { data: { requestId, reason }, extensionRequest });
          return change(next, 'approve_extension', caller, next.status, moveDeadline(next, Date.parse(request.requestedDueAt)), {
            data: { requestId, dueAt: request.requestedDueAt, reason },
            extensionRequest,
            closesEscalation: true,
          });
        },
      ),
    { validator: ({ requestId, approve }) => validateDecideExtension(requestId, approve) },
  );

  const validateResolveEscalation = (args: ResolveEscalationArgs) => {
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
  };
  setHandler(
    resolveEscalationUpdate,
    (args) => act(args, () => validateResolveEscalation(args), (next) => resolveEscalation(next, args)),
    { validator: validateResolveEscalation },
  );

  /** Applies a supervisor's decision on the open escalation. */
  function resolveEscalation(next: UnitTaskState, args: ResolveEscalationArgs): TaskChange {
    const escalationId = args.escalationId;
    const note = args.note;
    const data = { escalationId, action: args.action, note, dueAt: args.dueAt, toUnitId: args.toUnitId };
    switch (args.action) {
      case 'remind': {
        return change(next, 'remind', args, next.status, {}, {
          data,
          notifications: [
            {
              recipientUnitId: input.unitId,
              kind: 'reminder',
              message: `The coordinating body asks for this task to be done${note ? `: ${note}` : ''}; it is due ${iso(next.dueAt)}.`,
              scheduledFor: iso(Date.now()),
            },
          ],
        });
      }
      case 'extend': {
        return change(next, 'extend', args, next.status, moveDeadline(next, Date.parse(args.dueAt!)), {
          data,
          escalation: { op: 'resolve', escalationId, resolution: { action: 'extend', note, dueAt: args.dueAt! } },
        });
      }
      case 'waive': {
        return change(next, 'waive', args, nextStatus(machineOf(next), 'waive'), {}, {
          data,
          escalation: { op: 'resolve', escalationId, resolution: { action: 'waive', note } },
        });
      }
      case 'reassign': {
        const dueAt = args.dueAt ?? iso(next.dueAt);
        next.successor = { taskId: args.successorTaskId!, unitId: args.toUnitId!, role: input.role, dueAt };
        return change(next, 'reassign', args, nextStatus(machineOf(next), 'reassign'), { reassignedToTaskId: args.successorTaskId! }, {
          data: { ...data, dueAt, successorTaskId: args.successorTaskId },
          successor: next.successor,
          escalation: { op: 'resolve', escalationId, resolution: { action: 'reassign', note, dueAt, toUnitId: args.toUnitId! } },
        });
      }
    }
  }

  const validateAmendDeadline = (dueAt: string) => {
    assertAllowed('extend');
    assertFuture('dueAt', dueAt);
  };
  setHandler(
    amendDeadlineUpdate,
    (caller) =>
      act(
        caller,
        () => validateAmendDeadline(caller.dueAt),
        (next) => {
          const { dueAt, reason } = caller;
          return change(next, 'amend_deadline', caller, next.status, moveDeadline(next, Date.parse(dueAt)), { data: { dueAt, reason }, closesEscalation: true });
        },
      ),
    { validator: ({ dueAt }) => validateAmendDeadline(dueAt) },
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

  /** Marks a notice sent after its instant passed (the task started or resumed past it). */
  const lateMark = (event: ScheduledEvent): string =>
    (event as Partial<DueEvent>).late === true ? ` [gửi muộn — đúng lịch là ${iso(event.at)}]` : '';
  /** Event data of a scheduled event: when it was due, and whether it is sent late. */
  const scheduled = (event: ScheduledEvent) => ({
    scheduledFor: iso(event.at),
    ...((event as Partial<DueEvent>).late === true ? { late: true } : {}),
  });

  /** Fires one scheduled event: a reminder, an overdue notice, or the escalation. */
  async function fire(event: ScheduledEvent | DueEvent): Promise<void> {
    // Loaded before the change is prepared: the chain comes from the read model, not the state.
    const chain =
      event.kind === 'escalation' ? await activities.loadEscalationChain({ directiveId: input.directiveId, coordinatingUnitId: input.coordinatingUnitId }) : [];
    await inTurn(async () => {
      const next = draft();
      next.cursor = event.at;
      next.cursorKind = event.kind;
      const due = iso(next.dueAt);
      const mark = lateMark(event);
      switch (event.kind) {
        case 'reminder':
          await commit(
            next,
            change(next, 'remind', SYSTEM, next.status, {}, {
              data: { offset: event.offset, ...scheduled(event) },
              notifications: [
                {
                  recipientUnitId: input.unitId,
                  kind: 'reminder',
                  message: `Reminder (${event.offset})${mark}: this task is due ${due}.`,
                  scheduledFor: iso(event.at),
                },
              ],
            }),
          );
          return;
        case 'overdue':
          await commit(
            next,
            change(next, 'overdue', SYSTEM, next.status, {}, {
              data: { offset: event.offset, sequence: event.sequence, ...scheduled(event) },
              notifications: [
                {
                  recipientUnitId: input.unitId,
                  kind: 'overdue',
                  message: `Overdue (${event.offset})${mark}: this task was due ${due}.`,
                  scheduledFor: iso(event.at),
                },
              ],
            }),
          );
          return;
        case 'escalation': {
          // The first body's grace counts from the escalation's own record of when it opened.
          const since = Date.now();
          const escalationId = uuid4();
          next.escalatedForDeadline = true;
          next.openEscalationId = escalationId;
          next.climb = { chain, index: 0, since };
          await commit(
            next,
            change(next, 'escalate', SYSTEM, next.status, { escalated: true }, {
              data: { escalationId, level: 1, coordinatingUnitId: input.coordinatingUnitId, ...scheduled(event) },
              escalation: { op: 'open', escalationId, coordinatingUnitId: input.coordinatingUnitId, unitId: input.unitId },
              notifications: [
                {
                  recipientUnitId: input.coordinatingUnitId,
                  kind: 'escalation',
                  message: `Escalated${mark}: unit ${input.unitId} has not submitted its task, due ${due}.`,
                  scheduledFor: iso(event.at),
                },
              ],
            }),
          );
          return;
        }
      }
    });
  }

  /** When the open escalation climbs to the next level up, if it has one left to climb to. */
  function nextClimbAt(): number | undefined {
    const climb = state.climb;
    if (state.openEscalationId === null || climb === null || climb.index + 1 >= climb.chain.length) return undefined;
    return addDuration(climb.since, parseIsoDuration(climb.chain[climb.index]!.grace));
  }

  /** The escalation was not resolved within the current body's grace period: it goes one level up. */
  const climbUp = (): Promise<void> =>
    inTurn(async () => {
      const next = draft();
      const climb = next.climb!;
      const escalationId = next.openEscalationId!;
      const from = climb.chain[climb.index]!;
      const to = climb.chain[climb.index + 1]!;
      const level = climb.index + 2;
      next.climb = { ...climb, index: climb.index + 1, since: Date.now() };
      const due = iso(next.dueAt);
      await commit(
        next,
        change(next, 'escalate_up', SYSTEM, next.status, {}, {
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
    });

  /** Consecutive timer-driven changes that could not be written; each waits longer before the next try. */
  let unwrittenInARow = 0;

  try {
    while (isOpen(state.status)) {
      if (workflowInfo().continueAsNewSuggested) {
        await condition(allHandlersFinished);
        return await continueAsNew<typeof unitTaskWorkflow>({ ...input, ...(calendarDefinition ? { calendar: calendarDefinition } : {}), carried: state });
      }
      const seen = planVersion;
      const replanned = () => planVersion !== seen || !isOpen(state.status);
      try {
        if (escalationOverdue()) {
          // Its instant passed while no schedule ran (a report under review, then returned).
          await fire({ kind: 'escalation', at: Date.now(), offset: `${formatReminderOffset(input.reminderPolicy.escalateAfter!)} after (late)`, sequence: 0 });
          unwrittenInARow = 0;
          continue;
        }
        const options = {
          escalated: state.escalatedForDeadline,
          calendar,
          ...(state.cursorKind !== null ? { afterKind: state.cursorKind } : {}),
        };
        // What fell due while no timer could fire (a late start, an outage) goes out first: one of each kind.
        const missed = catchUp && isAwaitingWork(state.status) ? dueEvents(state.dueAt, input.reminderPolicy, state.cursor, Date.now(), options)[0] : undefined;
        const next = missed ?? (isAwaitingWork(state.status) ? nextScheduledEvent(state.dueAt, input.reminderPolicy, state.cursor, options) : undefined);
        const climbAt = nextClimbAt();
        if (next === undefined && climbAt === undefined) {
          await condition(replanned);
          continue;
        }
        const at = Math.min(next?.at ?? Infinity, climbAt ?? Infinity);
        const wait = at - Date.now();
        if (wait > 0 && (await condition(replanned, wait))) continue;
        if (climbAt !== undefined && climbAt <= (next?.at ?? Infinity)) await climbUp();
        // Woken by its timer: the catch-up above finds it on the next turn, marked late if it is.
        else if (catchUp && missed === undefined) continue;
        else await fire(next!);
        unwrittenInARow = 0;
      } catch (error) {
        // A bug is left to fail the workflow task, as Temporal expects; only failed I/O is waited out.
        if (!commitAfterWrite || isCancellation(error) || !(error instanceof ApplicationFailure || error instanceof ActivityFailure)) throw error;
        // A write that failed is already logged (and on the memo); a read (the escalation chain) is logged here.
        if (error instanceof ActivityFailure) log.error('scheduled change could not be prepared; tried again later', { taskId: input.taskId, message: error.cause?.message ?? error.message });
        // Nothing was taken: the cursor has not moved, so the same event is tried again once the
        // wait is over, or at once when a person's change re-plans.
        unwrittenInARow += 1;
        await condition(replanned, retryLaterMs(unwrittenInARow));
      }
    }
  } catch (error) {
    if (!isCancellation(error)) throw error;
    // The directive was withdrawn: the task ends as cancelled, naming who withdrew it and why.
    await CancellationScope.nonCancellable(async () => {
      await condition(allHandlersFinished);
      for (let attempt = 1; isOpen(state.status); attempt += 1) {
        try {
          await recordCancellation();
        } catch (failure) {
          // Nobody waits for this answer: the task stays open until the withdrawal is written.
          if (!commitAfterWrite || !(failure instanceof ApplicationFailure || failure instanceof ActivityFailure)) throw failure;
          await sleep(retryLaterMs(attempt));
        }
      }
    });
  }

  /** Writes the withdrawal's end of the task. */
  async function recordCancellation(): Promise<void> {
    const withdrawal = await activities.describeWithdrawal({ directiveId: input.directiveId });
    const next = draft();
    const record = change(next, 'cancel', withdrawal.actor, nextStatus(machineOf(next), 'cancel'), {}, {
      // A withdrawal that came down from a parent directive names the root of the cascade.
      data:
        withdrawal.cascade === null
          ? { cause: 'directive withdrawn', directiveId: input.directiveId, reason: withdrawal.reason }
          : { cause: 'parent directive withdrawn', directiveId: input.directiveId, reason: withdrawal.reason, ...withdrawal.cascade },
    });
    if (!commitAfterWrite) {
      adopt(next);
      await activities.recordTaskChange(record);
      return;
    }
    await commit(next, record);
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
