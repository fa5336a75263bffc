/**
 * An in-memory stand-in for the real activities: same names, same signatures, same idempotency
 * (a task change is applied once per `${taskId}:${sequence}`), and a log of every call so a test
 * can check what the workflows asked for, in order, and from which workflow.
 *
 * It keeps only what the workflows read back (task and directive rows: the fan-out pages, the
 * report periods, the withdrawal) and the recorded changes; what the tests read of notices,
 * escalations and extension requests is derived from those changes when asked. The real
 * projection is tested against PostgreSQL in test/integration/activities/.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError, type WorkflowClient } from '@temporalio/client';
import { isOpen, isTerminal, type Recurrence, type TaskRole, type TaskStatus } from '@dondoc/domain';
import type {
  DondocActivities,
  MoveDeadlinesInput,
  ReplanPageInput,
  ReplanTask,
  ReplaceTaskCalendarsInput,
  StartPeriodTaskInput,
  WithdrawImplementingInput,
  WithdrawImplementingResult,
  WithdrawalCascade,
  WithdrawalDescription,
} from '@dondoc/activities';
import type { AssignmentRef } from '@dondoc/workflows/directive/contract';
import type {
  EscalationChange,
  EscalationLevel,
  NotificationDraft,
  TaskChange,
} from '@dondoc/workflows/unit-task/task-change';
import type { OpenReportPeriodInput, OpenReportPeriodResult } from '@dondoc/workflows/report-series/contract';
import { dataRejected, startPeriodTaskWith } from '@dondoc/activities';
import { directiveWorkflowId, withdrawUpdate } from '@dondoc/workflows/directive/contract';
import { amendDeadlineUpdate, replaceCalendarUpdate, unitTaskWorkflowId } from '@dondoc/workflows/unit-task/contract';

/** Name of one activity. */
export type ActivityName = keyof DondocActivities;

/** One call the workflows made; `caller` is the workflow id that scheduled it. */
export interface ActivityCall<N extends ActivityName = ActivityName> {
  name: N;
  input: Parameters<DondocActivities[N]>[0];
  caller: string | undefined;
}

/** A row of the fake task table. */
export interface FakeTask {
  taskId: string;
  directiveId: string;
  unitId: string;
  role: TaskRole;
  dueAt: string;
  originalDueAt: string;
  status: TaskStatus;
  escalated: boolean;
  activatedAt: string | null;
  reassignedFromTaskId: string | null;
  /** Period of a periodic report, from 0; null for a one-off task. */
  period: number | null;
  recurrence: Recurrence | null;
  /** Sequence of the last change applied: older changes never move the row back. */
  version: number;
}

/** A notification as stored: the draft, its idempotent id and the task it is about. */
export interface FakeNotification extends NotificationDraft {
  id: string;
  taskId: string;
}

/** An escalation row. */
export interface FakeEscalation {
  escalationId: string;
  taskId: string;
  unitId: string;
  coordinatingUnitId: string;
  /** Every body it has reached, level 1 first. */
  levels: string[];
  status: 'open' | 'resolved' | 'closed';
  resolution: Extract<EscalationChange, { op: 'resolve' }>['resolution'] | null;
}

/** An extension request row. */
export interface FakeExtensionRequest {
  requestId: string;
  taskId: string;
  requestedDueAt: string;
  status: 'pending' | 'approved' | 'rejected';
}

/** A directive row: what withdrawal records and `describeWithdrawal` reads back. */
export interface FakeDirective {
  directiveId: string;
  number: string;
  parentDirectiveId: string | null;
  status: 'active' | 'withdrawn';
  withdrawnBy: string | null;
  withdrawnReason: string | null;
  /** Set when the withdrawal came down from a parent's (the real read model derives it from the chain). */
  cascade: WithdrawalCascade | null;
}

/** Typed in-memory fake of {@link DondocActivities}. */
export class FakeDondocActivities implements DondocActivities {
  readonly calls: ActivityCall[] = [];
  private readonly tasks = new Map<string, FakeTask>();
  private readonly directives = new Map<string, FakeDirective>();
  private readonly changes = new Map<string, TaskChange>();
  private readonly holds = new Map<ActivityName, Promise<void>>();
  private workflows: WorkflowClient | undefined;
  private transientTaskChangeFailures = 0;
  private failAfterCommit = false;
  private escalationGrace = 'P2D';
  private bodiesAbove: EscalationLevel[] = [];

  /** The client the cascade activity withdraws child directives with (the testbed sets it). */
  useWorkflows(workflows: WorkflowClient): void {
    this.workflows = workflows;
  }

  /**
   * The chain `loadEscalationChain` answers: the task's coordinating body with `grace`, then
   * `above`. By default a single body with two days, so nothing climbs.
   */
  useEscalationChain(grace: string, above: EscalationLevel[]): void {
    this.escalationGrace = grace;
    this.bodiesAbove = above;
  }

  /** Seeds a directive and its initial assignments, as the API would have written them. */
  seedDirective(
    directiveId: string,
    assignments: AssignmentRef[],
    link: { number?: string; parentDirectiveId?: string } = {},
  ): void {
    this.directives.set(directiveId, {
      directiveId,
      number: link.number ?? directiveId,
      parentDirectiveId: link.parentDirectiveId ?? null,
      status: 'active',
      withdrawnBy: null,
      withdrawnReason: null,
      cascade: null,
    });
    for (const a of assignments) {
      this.tasks.set(a.taskId, {
        ...a,
        directiveId,
        status: 'assigned',
        escalated: false,
        activatedAt: null,
        reassignedFromTaskId: null,
        period: a.recurrence ? 0 : null,
        recurrence: a.recurrence ?? null,
        version: 0,
      });
    }
  }

  /** The activity functions, bound, for `Worker.create({ activities })`. */
  asActivities(): DondocActivities {
    return {
      recordTaskChange: (change) => this.recordTaskChange(change),
      loadAssignments: (input) => this.loadAssignments(input),
      activateTasks: (input) => this.activateTasks(input),
      markDirectiveWithdrawn: (input) => this.markDirectiveWithdrawn(input),
      describeWithdrawal: (input) => this.describeWithdrawal(input),
      cancelUnstartedTasks: (input) => this.cancelUnstartedTasks(input),
      withdrawImplementingDirectives: (input) => this.withdrawImplementingDirectives(input),
      loadEscalationChain: (input) => this.loadEscalationChain(input),
      openReportPeriod: (input) => this.openReportPeriod(input),
      startPeriodTask: (input) => this.startPeriodTask(input),
      listTasksToReplan: (input) => this.listTasksToReplan(input),
      moveDeadlines: (input) => this.moveDeadlines(input),
      replaceTaskCalendars: (input) => this.replaceTaskCalendars(input),
    };
  }

  /**
   * Open tasks due in the window, in (dueAt, id) order after the cursor, as the read model answers;
   * the fake keeps no policies, so `workingDayPoliciesOnly` lists every open task (a calendar given
   * to a task without working-day offsets changes nothing).
   */
  async listTasksToReplan(input: ReplanPageInput): Promise<ReplanTask[]> {
    await this.enter('listTasksToReplan', input);
    const [from, to] = [Date.parse(input.from), Date.parse(input.to)];
    const key = (dueAt: string, id: string): string => `${new Date(dueAt).toISOString()}|${id}`;
    return [...this.tasks.values()]
      .filter((t) => isOpen(t.status) && Date.parse(t.dueAt) >= from && Date.parse(t.dueAt) <= to)
      .filter((t) => input.after === undefined || key(t.dueAt, t.taskId) > key(input.after.dueAt, input.after.taskId))
      .sort((a, b) => key(a.dueAt, a.taskId).localeCompare(key(b.dueAt, b.taskId)))
      .slice(0, input.limit)
      .map((t) => ({
        taskId: t.taskId,
        directiveId: t.directiveId,
        unitId: t.unitId,
        period: t.period,
        dueAt: new Date(t.dueAt).toISOString(),
      }));
  }

  /** Sends replaceCalendar to each task's workflow, as the real activity does. */
  async replaceTaskCalendars(input: ReplaceTaskCalendarsInput): Promise<{ refreshed: number; skipped: number }> {
    await this.enter('replaceTaskCalendars', input);
    if (this.workflows === undefined) throw new Error('the fake needs useWorkflows(client.workflow) to re-plan');
    const result = { refreshed: 0, skipped: 0 };
    for (const task of input.tasks) {
      try {
        await this.workflows
          .getHandle(unitTaskWorkflowId(task.directiveId, task.unitId, task.period))
          .executeUpdate(replaceCalendarUpdate, { args: [{ calendar: input.calendar, reason: input.reason }] });
        result.refreshed += 1;
      } catch (error) {
        if (!(error instanceof WorkflowUpdateFailedError)) throw error;
        result.skipped += 1;
      }
    }
    return result;
  }

  /** Sends amendDeadline to each task's workflow, as the real activity does. */
  async moveDeadlines(input: MoveDeadlinesInput): Promise<{ moved: number; skipped: number }> {
    await this.enter('moveDeadlines', input);
    if (this.workflows === undefined) throw new Error('the fake needs useWorkflows(client.workflow) to re-plan');
    const result = { moved: 0, skipped: 0 };
    for (const task of input.tasks) {
      try {
        await this.workflows
          .getHandle(unitTaskWorkflowId(task.directiveId, task.unitId, task.period))
          .executeUpdate(amendDeadlineUpdate, {
            args: [{ actor: input.actor, dueAt: input.newDueAt, reason: input.reason }],
          });
        result.moved += 1;
      } catch (error) {
        if (!(error instanceof WorkflowUpdateFailedError)) throw error;
        result.skipped += 1;
      }
    }
    return result;
  }

  async recordTaskChange(change: TaskChange): Promise<void> {
    await this.enter('recordTaskChange', change);
    const fail = this.transientTaskChangeFailures > 0;
    if (fail) this.transientTaskChangeFailures -= 1;
    if (fail && !this.failAfterCommit)
      throw new Error('connection terminated unexpectedly (a fault the test injected)');
    refuseUnstorableText(change);
    this.applyTaskChange(change);
    if (fail) throw new Error('connection lost after the commit (a fault the test injected)');
  }

  private applyTaskChange(change: TaskChange): void {
    const key = `${change.taskId}:${change.sequence}`;
    if (this.changes.has(key)) return;
    this.changes.set(key, structuredClone(change));

    const task = this.tasks.get(change.taskId);
    if (task !== undefined && task.version < change.sequence) {
      task.version = change.sequence;
      task.status = change.toStatus;
      if (change.patch.dueAt !== undefined) task.dueAt = change.patch.dueAt;
      if (change.patch.escalated !== undefined) task.escalated = change.patch.escalated;
    }
    if (change.successor !== undefined && !this.tasks.has(change.successor.taskId)) {
      const s = change.successor;
      this.tasks.set(s.taskId, {
        ...s,
        directiveId: change.directiveId,
        originalDueAt: s.dueAt,
        status: 'assigned',
        escalated: false,
        activatedAt: null,
        reassignedFromTaskId: change.taskId,
        period: task?.period ?? null,
        recurrence: task?.recurrence ?? null,
        version: 0,
      });
    }
    if (isTerminal(change.toStatus) && task !== undefined) task.escalated = false;
  }

  async loadEscalationChain(input: { directiveId: string; coordinatingUnitId: string }): Promise<EscalationLevel[]> {
    await this.enter('loadEscalationChain', input);
    return [{ unitId: input.coordinatingUnitId, grace: this.escalationGrace }, ...this.bodiesAbove];
  }

  async loadAssignments(input: { directiveId: string; offset: number; limit: number }): Promise<AssignmentRef[]> {
    await this.enter('loadAssignments', input);
    return [...this.tasks.values()]
      .filter((t) => t.directiveId === input.directiveId && t.reassignedFromTaskId === null && (t.period ?? 0) === 0)
      .sort((a, b) => (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0))
      .slice(input.offset, input.offset + input.limit)
      .map(({ taskId, unitId, role, dueAt, originalDueAt, recurrence }) => ({
        taskId,
        unitId,
        role,
        dueAt,
        originalDueAt,
        ...(recurrence ? { recurrence } : {}),
      }));
  }

  /** Starts the period's task workflow as the real activity does (once per id), and marks its row active. */
  async startPeriodTask(input: StartPeriodTaskInput): Promise<void> {
    await this.enter('startPeriodTask', input);
    if (this.workflows === undefined)
      throw new Error('the fake needs useWorkflows(client.workflow) to start period tasks');
    await startPeriodTaskWith(this.workflows, input);
    const task = this.tasks.get(input.task.taskId);
    if (task !== undefined && task.activatedAt === null) task.activatedAt = new Date().toISOString();
  }

  /** As the real activity: nothing once the directive is withdrawn; the existing row on a repeat. */
  async openReportPeriod(input: OpenReportPeriodInput): Promise<OpenReportPeriodResult> {
    await this.enter('openReportPeriod', input);
    if (this.directives.get(input.directiveId)?.status !== 'active') return null;
    const rows = [...this.tasks.values()].filter(
      (t) => t.directiveId === input.directiveId && t.unitId === input.unitId,
    );
    const existing = rows.find((t) => t.period === input.period);
    if (existing !== undefined) return { taskId: existing.taskId };
    const first = rows.find((t) => t.period === 0);
    if (first === undefined)
      throw ApplicationFailure.nonRetryable(`unit ${input.unitId} has no periodic report`, 'NOT_FOUND');
    this.tasks.set(input.taskId, {
      ...first,
      taskId: input.taskId,
      dueAt: input.dueAt,
      originalDueAt: input.dueAt,
      status: 'assigned',
      escalated: false,
      activatedAt: null,
      period: input.period,
      version: 0,
    });
    return { taskId: input.taskId };
  }

  async activateTasks(input: { taskIds: string[]; at: string }): Promise<void> {
    await this.enter('activateTasks', input);
    for (const id of input.taskIds) {
      const task = this.tasks.get(id);
      if (task !== undefined && task.activatedAt === null) task.activatedAt = input.at;
    }
  }

  async markDirectiveWithdrawn(input: {
    directiveId: string;
    actor: string;
    reason: string | null;
    at: string;
  }): Promise<void> {
    await this.enter('markDirectiveWithdrawn', input);
    const directive = this.directives.get(input.directiveId);
    if (directive === undefined || directive.status !== 'active') return;
    directive.status = 'withdrawn';
    directive.withdrawnBy = input.actor;
    directive.withdrawnReason = input.reason;
  }

  async describeWithdrawal(input: { directiveId: string }): Promise<WithdrawalDescription> {
    await this.enter('describeWithdrawal', input);
    const directive = this.directives.get(input.directiveId);
    if (directive === undefined)
      throw ApplicationFailure.nonRetryable(`directive ${input.directiveId} does not exist`, 'NOT_FOUND');
    return { actor: directive.withdrawnBy ?? 'system', reason: directive.withdrawnReason, cascade: directive.cascade };
  }

  /** Withdraws active children through their workflows, as the real activity does (closed workflows aside). */
  async withdrawImplementingDirectives(input: WithdrawImplementingInput): Promise<WithdrawImplementingResult> {
    await this.enter('withdrawImplementingDirectives', input);
    if (this.workflows === undefined) throw new Error('the fake needs useWorkflows(client.workflow) to cascade');
    const parent = this.directives.get(input.directiveId)!;
    const result: WithdrawImplementingResult = { withdrawn: [], skipped: [], closed: [] };
    for (const child of this.directives.values()) {
      if (child.parentDirectiveId !== input.directiveId || child.status !== 'active') continue;
      child.cascade = {
        rootDirectiveId: parent.cascade?.rootDirectiveId ?? parent.directiveId,
        rootDirectiveNumber: parent.cascade?.rootDirectiveNumber ?? parent.number,
        parentDirectiveId: parent.directiveId,
      };
      const reason = `the directive it implements, ${parent.number}, was withdrawn`;
      try {
        const workflows = this.workflows;
        await workflows.withAbortSignal(Context.current().cancellationSignal, () =>
          workflows
            .getHandle(directiveWorkflowId(child.directiveId))
            .executeUpdate(withdrawUpdate, { args: [{ actor: input.actor, reason, waitMs: 60_000 }] }),
        );
        result.withdrawn.push(child.directiveId);
      } catch (error) {
        if (!(error instanceof WorkflowUpdateFailedError)) throw error;
        result.skipped.push(child.directiveId);
      }
    }
    return result;
  }

  /** A directive row. */
  directive(directiveId: string): FakeDirective | undefined {
    const d = this.directives.get(directiveId);
    return d === undefined ? undefined : { ...d };
  }

  async cancelUnstartedTasks(input: { directiveId: string; actor: string }): Promise<number> {
    await this.enter('cancelUnstartedTasks', input);
    let cancelled = 0;
    for (const task of this.tasks.values()) {
      if (task.directiveId !== input.directiveId || task.activatedAt !== null || !isOpen(task.status)) continue;
      task.status = 'cancelled';
      task.version += 1;
      cancelled += 1;
    }
    return cancelled;
  }

  // ---- what the tests read ----

  /** Calls of one activity, in the order received (retries included). */
  callsOf<N extends ActivityName>(name: N): ActivityCall<N>[] {
    return this.calls.filter((c): c is ActivityCall<N> => c.name === name);
  }

  /** Changes of one task as applied (once each), in sequence order. */
  changesOf(taskId: string): TaskChange[] {
    return [...this.changes.values()].filter((c) => c.taskId === taskId).sort((a, b) => a.sequence - b.sequence);
  }

  /** Every applied change of every task. */
  allChanges(): TaskChange[] {
    return [...this.changes.values()];
  }

  /** Notifications written for one task, in the order of the changes that wrote them. */
  notificationsOf(taskId: string): FakeNotification[] {
    return this.changesOf(taskId).flatMap((c) =>
      (c.notifications ?? []).map((n, index) => ({ ...n, id: `${c.taskId}:${c.sequence}:${index}`, taskId })),
    );
  }

  /** The task row, or undefined when it was never seeded (a task started on its own). */
  task(taskId: string): FakeTask | undefined {
    const task = this.tasks.get(taskId);
    return task === undefined ? undefined : { ...task };
  }

  /** Every task row of a directive, successors included. */
  tasksOf(directiveId: string): FakeTask[] {
    return [...this.tasks.values()].filter((t) => t.directiveId === directiveId).map((t) => ({ ...t }));
  }

  /**
   * An escalation as the changes of its task left it: opened once, climbed one level at a time,
   * resolved or closed only while open, and closed when the task ends.
   */
  escalation(escalationId: string): FakeEscalation | undefined {
    const opening = this.allChanges().find(
      (c) => c.escalation?.op === 'open' && c.escalation.escalationId === escalationId,
    );
    if (opening?.escalation?.op !== 'open') return undefined;
    const { unitId, coordinatingUnitId } = opening.escalation;
    const row: FakeEscalation = {
      escalationId,
      taskId: opening.taskId,
      unitId,
      coordinatingUnitId,
      levels: [coordinatingUnitId],
      status: 'open',
      resolution: null,
    };
    for (const change of this.changesOf(opening.taskId).filter((c) => c.sequence >= opening.sequence)) {
      const e = change.escalation;
      if (row.status !== 'open') break;
      if (e?.escalationId === escalationId && e.op === 'climb' && row.levels.length < e.level)
        row.levels.push(e.coordinatingUnitId);
      if (e?.escalationId === escalationId && e.op === 'resolve')
        Object.assign(row, { status: 'resolved', resolution: e.resolution });
      if (
        (e?.escalationId === escalationId && e.op === 'close') ||
        (row.status === 'open' && isTerminal(change.toStatus))
      )
        row.status = 'closed';
    }
    return row;
  }

  /** An extension request as the changes of its task left it: decided once while pending, refused when the task ends. */
  extensionRequest(requestId: string): FakeExtensionRequest | undefined {
    const created = this.allChanges().find(
      (c) => c.extensionRequest?.op === 'create' && c.extensionRequest.requestId === requestId,
    );
    if (created?.extensionRequest?.op !== 'create') return undefined;
    const row: FakeExtensionRequest = {
      requestId,
      taskId: created.taskId,
      requestedDueAt: created.extensionRequest.requestedDueAt,
      status: 'pending',
    };
    for (const change of this.changesOf(created.taskId).filter((c) => c.sequence >= created.sequence)) {
      const r = change.extensionRequest;
      if (row.status !== 'pending') break;
      if (r?.requestId === requestId && r.op !== 'create') row.status = r.approved ? 'approved' : 'rejected';
      else if (isTerminal(change.toStatus)) row.status = 'rejected';
    }
    return row;
  }

  /**
   * Makes the next `times` calls of `recordTaskChange` fail as a lost connection does: retryably,
   * writing nothing, or (`afterCommit`) after the change was applied, its answer lost.
   */
  failTaskChanges(times: number, { afterCommit = false } = {}): void {
    this.transientTaskChangeFailures = times;
    this.failAfterCommit = afterCommit;
  }

  /**
   * Holds every call of one activity (after logging it) until `release` is called, to put a
   * workflow in a chosen state mid-way. Release before the worker shuts down: it waits for them.
   */
  hold(name: ActivityName): { release: () => void } {
    let release = () => {};
    this.holds.set(name, new Promise<void>((resolve) => (release = resolve)));
    return {
      release: () => {
        this.holds.delete(name);
        release();
      },
    };
  }

  private async enter<N extends ActivityName>(name: N, input: Parameters<DondocActivities[N]>[0]): Promise<void> {
    this.calls.push({ name, input: structuredClone(input), caller: callerWorkflowId() } as ActivityCall);
    await this.holds.get(name);
  }
}

/**
 * Refuses, as PostgreSQL does and with the failure the real activity raises, text it cannot store:
 * NUL (in jsonb `\u0000` is refused with 22P05; in text the byte with 22021) and an unpaired
 * surrogate (22P02 in jsonb). The event's jsonb data is written first, so its codes come first.
 */
function refuseUnstorableText(change: TaskChange): void {
  const strings: string[] = [];
  JSON.stringify(change, (_key, value: unknown) => {
    if (typeof value === 'string') strings.push(value);
    return value;
  });
  for (const text of strings) {
    if (text.includes('\u0000')) {
      throw dataRejected(
        'recordTaskChange',
        'unsupported Unicode escape sequence: \\u0000 cannot be converted to text.',
        '22P05',
      );
    }
    if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)) {
      throw dataRejected(
        'recordTaskChange',
        'invalid input syntax for type json: Unicode low surrogate must follow a high surrogate.',
        '22P02',
      );
    }
  }
}

/** The workflow that scheduled the running activity; undefined when called outside a worker. */
function callerWorkflowId(): string | undefined {
  try {
    return Context.current().info.workflowExecution?.workflowId;
  } catch {
    return undefined;
  }
}
