/**
 * A unit task's decisions, without Temporal: its state, what each action does to it, and the
 * record of each change for the read model. Every action is checked against the committed state
 * and prepared on a copy: it returns the change to write and the state to take once written
 * (`unit-task.workflow.ts` writes, then calls {@link UnitTask.take}). The clock, new ids and the
 * `patched()` decisions come in as arguments, so the same calls give the same answers on replay
 * and in a plain unit test.
 */
import {
  ValidationError,
  WorkingCalendar,
  allowedActions,
  assignmentActions,
  isOpen,
  nextStatus,
  vietnamCalendar,
} from '@dondoc/domain';
import type { CalendarDefinition, DueEvent, ScheduledEvent, TaskAction, TaskStatus } from '@dondoc/domain';
import { toFailure } from '../shared/failures';
import { overdueNotice, reminderNotice } from './unit-task.notices';
import { SYSTEM_ACTOR, draftOf, iso, recordChange, scheduledData, type PreparedChange } from './unit-task.change';
import { amendDeadline, decideExtension, requestExtension } from './unit-task.deadline';
import { climbEscalation, openEscalation, resolveEscalation } from './unit-task.escalation';
import { assignTask, assigneeOf, claimTask, handBackTask } from './unit-task.assignment';
import type { EscalationLevel, TaskChange, TaskPatch } from './task-change';
import type {
  AcceptArgs,
  AcknowledgeArgs,
  AmendDeadlineArgs,
  AssignArgs,
  ClaimArgs,
  HandBackArgs,
  DecideExtensionArgs,
  ReportProgressArgs,
  RequestExtensionArgs,
} from './contract';
import type {
  ResolveEscalationArgs,
  ReturnArgs,
  SubmitArgs,
  UnitTaskInput,
  UnitTaskResult,
  UnitTaskState,
  UnitTaskView,
} from './contract';

export type { PreparedChange } from './unit-task.change';

/** The cursor of a schedule that has fired nothing yet: every instant already past is missed. */
const NOTHING_FIRED = 0;

/** Who withdrew the directive and why, as `describeWithdrawal` reads it from the read model. */
export interface Withdrawal {
  actor: string;
  reason: string | null;
  /** The cascade a withdrawal came down from (its root and parent directive), or null. */
  cascade: object | null;
}

/** One unit task's state and the rules that change it; one instance per workflow run. */
export class UnitTask {
  private committed: UnitTaskState;
  private calendarDefinition: CalendarDefinition | undefined;
  private workingCalendar: WorkingCalendar;
  private revision = 0;

  /**
   * @param catchUp `patched('catch-up-missed-reminder')`: a new task starts with nothing fired, so
   *   instants already past are caught up; runs from before start their schedule at `now`.
   */
  constructor(
    readonly input: UnitTaskInput,
    now: number,
    catchUp: boolean,
  ) {
    this.committed = input.carried ?? {
      status: 'assigned',
      dueAt: Date.parse(input.dueAt),
      sequence: 0,
      cursor: catchUp ? NOTHING_FIRED : now,
      cursorKind: null,
      escalatedForDeadline: false,
      openEscalationId: null,
      climb: null,
      pendingExtensions: [],
      progressPercent: 0,
      successor: null,
    };
    // Offsets in working days count on the calendar the API gave (and replaces when it is edited);
    // a task given none has ISO offsets only, for which the shipped calendar is never consulted.
    this.calendarDefinition = input.calendar;
    this.workingCalendar = input.calendar ? new WorkingCalendar(input.calendar) : vietnamCalendar();
  }

  /** The committed state: what the read model holds. */
  get state(): Readonly<UnitTaskState> {
    return this.committed;
  }

  /** The calendar the schedule counts working days on. */
  get calendar(): WorkingCalendar {
    return this.workingCalendar;
  }

  /** Changes whenever the schedule must be planned again (new deadline, status, cursor, calendar). */
  get planRevision(): number {
    return this.revision;
  }

  /** What a query returns: the state and what may be done next. */
  view(): UnitTaskView {
    const state = this.committed;
    return {
      taskId: this.input.taskId,
      status: state.status,
      dueAt: iso(state.dueAt),
      allowedActions: isOpen(state.status) ? allowedActions(this.machine()) : [],
      openEscalationId: state.openEscalationId,
      pendingExtensionIds: state.pendingExtensions.map((p) => p.id),
      assignee: assigneeOf(state),
      assignmentActions: assignmentActions(state.status, assigneeOf(state)),
    };
  }

  /** How the task ended, for its parent and for whoever `notifyWorkflowId` names. */
  result(): UnitTaskResult {
    return {
      taskId: this.input.taskId,
      unitId: this.input.unitId,
      status: this.committed.status,
      successor: this.committed.successor,
    };
  }

  /** The input of the next run when the history grows long: the state and the current calendar go with it. */
  continuedInput(): UnitTaskInput {
    const calendar = this.calendarDefinition;
    return { ...this.input, ...(calendar ? { calendar } : {}), carried: this.committed };
  }

  /** Takes a written change's state; a change to what the schedule depends on re-plans it. */
  take(next: UnitTaskState): void {
    const plan = (s: UnitTaskState) =>
      JSON.stringify([s.status, s.dueAt, s.cursor, s.cursorKind, s.escalatedForDeadline, s.openEscalationId, s.climb]);
    if (plan(next) !== plan(this.committed)) this.revision += 1;
    this.committed = next;
  }

  /**
   * Gives up a sequence number whose write ran out of retries: an attempt may have committed and
   * lost its answer, so the next change must not land on that event row and be dropped as a repeat.
   */
  skipSequence(sequence: number): void {
    this.committed = { ...this.committed, sequence };
  }

  /** A calendar edit: offsets in working days count on it from now. An older revision arriving late is ignored. */
  replaceCalendar(definition: CalendarDefinition): void {
    if ((definition.revision ?? 0) < (this.calendarDefinition?.revision ?? 0)) return;
    this.calendarDefinition = definition;
    this.workingCalendar = new WorkingCalendar(definition);
    this.revision += 1;
  }

  /** The unit has read the task; an inform task is then done. */
  acknowledge(args: AcknowledgeArgs, now: number): PreparedChange {
    return this.decide(() => {
      const to = this.allowed('acknowledge');
      return this.change((next) =>
        recordChange(this.input, next, now, 'acknowledge', args, to, { acknowledgedAt: iso(now) }),
      );
    });
  }

  /** A progress note with a whole percentage; the task is then in progress. */
  reportProgress(args: ReportProgressArgs, now: number): PreparedChange {
    return this.decide(() => {
      const to = this.allowed('progress');
      const { percent, note } = args;
      if (!Number.isInteger(percent) || percent < 0 || percent > 100)
        throw new ValidationError('percent', 'must be a whole number from 0 to 100');
      return this.change((next) => {
        next.progressPercent = percent;
        return recordChange(
          this.input,
          next,
          now,
          'progress',
          args,
          to,
          { progressPercent: percent, progressNote: note },
          { data: { percent, note } },
        );
      });
    });
  }

  /** A submission moves the task on: an open escalation closes. Without review it completes the task. */
  submit(args: SubmitArgs, now: number): PreparedChange {
    return this.decide(() => {
      const to = this.allowed('submit');
      const { report, attachmentIds = [] } = args;
      const patch: TaskPatch = { report, submittedAt: iso(now), returnReason: null };
      if (to === 'completed') patch.progressPercent = 100;
      // Without attachments the change is exactly what it was before they existed (replay).
      const attached = attachmentIds.length > 0 ? { attachmentIds } : {};
      return this.change((next) =>
        recordChange(this.input, next, now, 'submit', args, to, patch, {
          data: { report, ...attached },
          closesEscalation: true,
          ...(attachmentIds.length > 0 ? { frozenAttachmentIds: attachmentIds } : {}),
        }),
      );
    });
  }

  /** The reviewer accepts a submitted report: the task is completed. */
  accept(args: AcceptArgs, now: number): PreparedChange {
    return this.decide(() => {
      const to = this.allowed('accept');
      return this.change((next) => recordChange(this.input, next, now, 'accept', args, to, { progressPercent: 100 }));
    });
  }

  /** Sends the report back for more work; reminders resume from now, not replaying what fell due under review. */
  returnReport(args: ReturnArgs, now: number): PreparedChange {
    return this.decide(() => {
      const to = this.allowed('return');
      const { reason } = args;
      return this.change((next) => {
        next.cursor = Math.max(next.cursor, now);
        return recordChange(this.input, next, now, 'return', args, to, { returnReason: reason }, { data: { reason } });
      });
    });
  }

  /** Asks for a later deadline than both the current one and now (rules in `unit-task.deadline.ts`). */
  requestExtension(args: RequestExtensionArgs, now: number): PreparedChange {
    return this.decide(() => requestExtension(this.input, this.committed, args, now));
  }

  /** Approves or rejects a pending request for a later deadline. */
  decideExtension(args: DecideExtensionArgs, now: number): PreparedChange {
    return this.decide(() => decideExtension(this.input, this.committed, args, now));
  }

  /** The issuer sets a new deadline: the schedule restarts from it and an escalation for the old one closes. */
  amendDeadline(args: AmendDeadlineArgs, now: number): PreparedChange {
    return this.decide(() => amendDeadline(this.input, this.committed, args, now));
  }

  /** A supervisor's decision on the open escalation (rules in `unit-task.escalation.ts`). */
  resolveEscalation(args: ResolveEscalationArgs, now: number): PreparedChange {
    return this.decide(() => resolveEscalation(this.input, this.committed, args, now));
  }

  /** An officer of the unit takes the unassigned task (rules in `unit-task.assignment.ts`). */
  claim(args: ClaimArgs, now: number): PreparedChange {
    return this.decide(() => claimTask(this.input, this.committed, args, now));
  }

  /** The unit's head or clerk gives the task to a person of the unit, or to nobody. */
  assign(args: AssignArgs, now: number): PreparedChange {
    return this.decide(() => assignTask(this.input, this.committed, args, now));
  }

  /** The assignee gives the task back to the unit. */
  handBack(args: HandBackArgs, now: number): PreparedChange {
    return this.decide(() => handBackTask(this.input, this.committed, args, now));
  }

  /** Fires a scheduled event: a reminder, an overdue notice, or (with a new id for it) the escalation. */
  fire(
    event: ScheduledEvent | DueEvent,
    now: number,
    chain: EscalationLevel[],
    newEscalationId: () => string,
  ): PreparedChange {
    if (event.kind === 'reminder') return this.remind(event, now);
    if (event.kind === 'overdue') return this.overdue(event, now);
    return this.escalate(event, now, chain, newEscalationId());
  }

  /** Sends the unit a scheduled reminder. */
  remind(event: ScheduledEvent | DueEvent, now: number): PreparedChange {
    const data = { offset: event.offset, ...scheduledData(event), ...this.assigneeData() };
    return this.scheduled(event, (next) =>
      recordChange(
        this.input,
        next,
        now,
        'remind',
        SYSTEM_ACTOR,
        next.status,
        {},
        { data, notifications: [reminderNotice(this.input.unitId, event, next.dueAt)] },
      ),
    );
  }

  /** Tells the unit its deadline has passed (the n-th notice). */
  overdue(event: ScheduledEvent | DueEvent, now: number): PreparedChange {
    const data = { offset: event.offset, sequence: event.sequence, ...scheduledData(event), ...this.assigneeData() };
    return this.scheduled(event, (next) =>
      recordChange(
        this.input,
        next,
        now,
        'overdue',
        SYSTEM_ACTOR,
        next.status,
        {},
        { data, notifications: [overdueNotice(this.input.unitId, event, next.dueAt)] },
      ),
    );
  }

  /** Opens the escalation at its chain's first body (rules in `unit-task.escalation.ts`). */
  escalate(
    event: ScheduledEvent | DueEvent,
    now: number,
    chain: EscalationLevel[],
    escalationId: string,
  ): PreparedChange {
    return openEscalation(this.input, this.committed, event, now, chain, escalationId);
  }

  /** The open escalation passes one level up. @throws Error when none is open with a level left (a bug of the caller). */
  climb(now: number): PreparedChange {
    return climbEscalation(this.input, this.committed, now);
  }

  /** The directive was withdrawn: the task ends as cancelled, naming who withdrew it, why, and the cascade's root. */
  cancel(withdrawal: Withdrawal, now: number): PreparedChange {
    const next = draftOf(this.committed);
    const { directiveId } = this.input;
    const data =
      withdrawal.cascade === null
        ? { cause: 'directive withdrawn', directiveId, reason: withdrawal.reason }
        : { cause: 'parent directive withdrawn', directiveId, reason: withdrawal.reason, ...withdrawal.cascade };
    return {
      next,
      record: recordChange(
        this.input,
        next,
        now,
        'cancel',
        withdrawal.actor,
        nextStatus(this.machineOf(next), 'cancel'),
        {},
        { data },
      ),
    };
  }

  /** A notice names the person handling the task, who is told first; nothing when nobody is (as before). */
  private assigneeData(): { assignee?: string } {
    const assignee = assigneeOf(this.committed);
    return assignee === null ? {} : { assignee };
  }

  private machineOf(s: UnitTaskState) {
    return { status: s.status, role: this.input.role, reviewRequired: this.input.reviewRequired };
  }

  private machine() {
    return this.machineOf(this.committed);
  }

  /** The status `action` leads to from the committed state; throws when the action is not allowed now. */
  private allowed(action: TaskAction): TaskStatus {
    return nextStatus(this.machine(), action);
  }

  /** A person's action: domain errors become the typed failures the API maps to 400 and 409. */
  private decide(prepare: () => PreparedChange): PreparedChange {
    try {
      return prepare();
    } catch (error) {
      throw toFailure(error);
    }
  }

  /** Prepares a person's change on a copy of the committed state. */
  private change(build: (next: UnitTaskState) => TaskChange): PreparedChange {
    const next = draftOf(this.committed);
    return { next, record: build(next) };
  }

  /** Prepares a scheduled event's change on a copy whose cursor has moved to it. */
  private scheduled(event: ScheduledEvent, build: (next: UnitTaskState) => TaskChange): PreparedChange {
    const next = draftOf(this.committed);
    next.cursor = event.at;
    next.cursorKind = event.kind;
    return { next, record: build(next) };
  }
}
