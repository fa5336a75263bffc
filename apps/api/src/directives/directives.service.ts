import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { overdueSql, usesWorkingDays } from '@dondoc/domain';
import { DirectiveEntity, TaskEntity } from '@dondoc/persistence';
import { directiveWorkflowId, withdrawUpdate } from '@dondoc/workflows/directive/contract';
import { CalendarService } from '../calendar/calendar.service';
import { auditApiChange } from '../audit/record-api-change';
import { ConflictError, NotFoundError, OutOfScopeError } from '../errors/errors';
import { keysetPage, toPage, type Page } from '../pagination/pagination';
import { idempotentUuid } from '../idempotency/idempotency-key';
import { ScopeService } from '../scope/scope.service';
import { API_SETTINGS, type ApiSettings } from '../settings';
import { WorkflowGateway, WorkflowNotRunningError } from '../temporal/workflow.gateway';
import { TasksService, type DeadlineAmendment, type TaskFilter } from '../tasks/tasks.service';
import type { TaskView } from '../tasks/tasks.dto';
import { DirectiveChecks } from './directive-checks';
import { directiveView } from './directive-views';
import type { CreateDirectiveBody, DirectiveProgressView, DirectiveView } from './directives.dto';

/** Issues directives (read model row + tasks + workflow start, all or nothing) and reads them. */
@Injectable()
export class DirectivesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
    private readonly workflows: WorkflowGateway,
    private readonly scope: ScopeService,
    private readonly calendar: CalendarService,
    private readonly tasks: TasksService,
    private readonly checks: DirectiveChecks,
  ) {}

  /**
   * Creates the directive and its tasks in one transaction and starts its workflow before
   * committing: if Temporal refuses, nothing is written; a second start of the same id is a no-op.
   * `parentTaskId` links a directive implementing that task (checked by the caller).
   */
  async create(body: CreateDirectiveBody, actor: string, parentTaskId: string | null = null): Promise<DirectiveView> {
    const scope = await this.scope.current();
    if (!scope.clerkOf(body.issuerUnitId)) {
      const problem = `must be your own unit (${scope.unitId}): a clerk issues directives only for their unit`;
      throw new OutOfScopeError(`issuerUnitId ${problem}`, [{ field: 'issuerUnitId', problem }]);
    }
    const { issuedAt, policy, deadlines, recurrences, coordinatingUnitId } = await this.checks.check(body);
    // Under an Idempotency-Key the id comes from the key: a retry whose first attempt committed
    // and died before answering finds its own directive and answers with it.
    const id = idempotentUuid('directive') ?? randomUUID();
    const existing = await this.dataSource
      .getRepository(DirectiveEntity)
      .findOneBy({ issuerUnitId: body.issuerUnitId, number: body.number });
    if (existing?.id === id) return this.get(id);
    if (existing) throw this.duplicate(existing);

    const now = new Date();
    try {
      await this.dataSource.transaction(async (db) => {
        await db.insert(DirectiveEntity, {
          id,
          number: body.number,
          issuerUnitId: body.issuerUnitId,
          subject: body.subject,
          issuedAt,
          body: body.body ?? null,
          parentDirectiveId: body.parentDirectiveId ?? null,
          parentTaskId,
          gatesParentSubmission: body.gatesParentSubmission ?? true,
          coordinatingUnitId,
          reviewRequired: body.reviewRequired ?? false,
          reminderPolicy: policy,
          status: 'active',
          createdBy: actor,
          createdAt: now,
        });
        const tasks = body.assignments.map((a, i) => ({
          id: randomUUID(),
          directiveId: id,
          unitId: a.unitId,
          role: a.role,
          instructions: a.instructions,
          dueAt: deadlines[i]!,
          originalDueAt: deadlines[i]!,
          status: 'assigned' as const,
          // A periodic report is written as its period 0; its series opens the later ones.
          period: recurrences[i] ? 0 : null,
          recurrence: recurrences[i] ?? null,
        }));
        for (let i = 0; i < tasks.length; i += 1000) await db.insert(TaskEntity, tasks.slice(i, i + 1000));
        await this.workflows.startDirective({
          directiveId: id,
          taskCount: tasks.length,
          shardSize: this.settings.fanout.shardSize,
          settings: {
            issuerUnitId: body.issuerUnitId,
            coordinatingUnitId,
            reviewRequired: body.reviewRequired ?? false,
            reminderPolicy: policy,
            // Offsets in working days and periodic deadlines are counted by the workflows, on the calendar they are given.
            ...(usesWorkingDays(policy) || recurrences.some((r) => r !== undefined)
              ? { calendar: await this.calendar.snapshot() }
              : {}),
          },
        });
        await auditApiChange(db, {
          action: 'directive.create',
          targetType: 'directive',
          targetId: id,
          before: null,
          after: {
            number: body.number,
            issuerUnitId: body.issuerUnitId,
            subject: body.subject,
            parentTaskId,
            coordinatingUnitId,
            tasks: tasks.map((t) => ({ id: t.id, unitId: t.unitId, role: t.role, dueAt: t.dueAt })),
          },
        });
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error as { code?: string }).code === '23505') {
        const clash = await this.dataSource
          .getRepository(DirectiveEntity)
          .findOneBy({ issuerUnitId: body.issuerUnitId, number: body.number });
        if (clash?.id === id) return this.get(id);
        if (clash) throw this.duplicate(clash);
      }
      throw error;
    }
    return this.get(id);
  }

  async get(id: string): Promise<DirectiveView> {
    const directive = await this.read(id);
    return directiveView(directive, await this.progress(id));
  }

  /** The directive, whoever asks: for callers that have already checked the caller's scope another way. */
  async find(id: string): Promise<DirectiveEntity> {
    const directive = await this.dataSource.getRepository(DirectiveEntity).findOneBy({ id });
    if (!directive) throw new NotFoundError('directive', id);
    return directive;
  }

  /** The directive if the caller may read it; otherwise 404, as for one that does not exist. */
  async read(id: string): Promise<DirectiveEntity> {
    return this.scope.readDirective(id);
  }

  /**
   * The directive if the caller is a clerk of the unit that issued it (to amend or withdraw it).
   * @throws NotFoundError when the caller may not read it, OutOfScopeError when they may read but not manage it.
   */
  async managed(id: string, verb: string): Promise<DirectiveEntity> {
    const directive = await this.read(id);
    if (!(await this.scope.current()).clerkOf(directive.issuerUnitId)) {
      throw new OutOfScopeError(
        `directive ${directive.number} was issued by unit ${directive.issuerUnitId}: only that unit's clerks may ${verb} it`,
      );
    }
    return directive;
  }

  /** The directive's tasks, if the caller may read the directive. */
  async tasksOf(
    id: string,
    filter: Omit<TaskFilter, 'directiveId'>,
    limit: number,
    cursor?: string,
  ): Promise<Page<TaskView>> {
    await this.read(id);
    return this.tasks.list({ ...filter, directiveId: id }, limit, cursor);
  }

  /** Amends one unit's deadline in a directive the caller manages (a clerk of the issuing unit). */
  async amendDeadline(actor: string, id: string, amendment: DeadlineAmendment): Promise<TaskView> {
    await this.managed(id, 'amend');
    return this.tasks.amendDeadline(actor, id, amendment);
  }

  /** The directives the caller may read, newest first, keyset-paginated. */
  async list(
    filter: { issuerUnitId?: string; status?: string[]; parentDirectiveId?: string },
    limit: number,
    cursor?: string,
  ): Promise<Page<DirectiveView>> {
    const visible = (await this.scope.current()).directives('d');
    const qb = keysetPage(
      this.dataSource.getRepository(DirectiveEntity).createQueryBuilder('d'),
      ['d.created_at', 'd.id'],
      'DESC',
      limit,
      cursor,
    );
    qb.andWhere(visible.sql, visible.params);
    if (filter.issuerUnitId) qb.andWhere('d.issuer_unit_id = :issuer', { issuer: filter.issuerUnitId });
    if (filter.status) qb.andWhere('d.status IN (:...statuses)', { statuses: filter.status });
    if (filter.parentDirectiveId) qb.andWhere('d.parent_directive_id = :parent', { parent: filter.parentDirectiveId });
    const rows = await qb.getMany();
    return toPage(
      rows,
      limit,
      (d) => [d.createdAt.toISOString(), d.id],
      (d) => directiveView(d),
    );
  }

  /**
   * Withdraws the directive. Every open task is cancelled before the answer, unless that takes
   * longer than the request may wait: then `complete` is false and the cancellations go on.
   * A directive whose tasks have all closed can still be withdrawn: its record is marked and
   * the directives implementing it are withdrawn (`complete` once they have been reached).
   */
  async withdraw(
    id: string,
    actor: string,
    reason: string | null,
  ): Promise<{ directive: DirectiveView; complete: boolean }> {
    const directive = await this.managed(id, 'withdraw');
    if (directive.status === 'withdrawn') {
      throw new ConflictError(
        `directive ${directive.number} was already withdrawn at ${directive.withdrawnAt?.toISOString()}`,
        { status: 'withdrawn' },
      );
    }
    // Leave a margin inside the request's own deadline for the answer to travel back.
    const waitMs = Math.max(1_000, Math.floor(this.settings.updateTimeoutMs * 0.7));
    let complete: boolean;
    try {
      const outcome = await this.workflows.updateAccepted(directiveWorkflowId(id), withdrawUpdate, {
        actor,
        reason,
        waitMs,
      });
      complete = outcome.done && outcome.result.complete;
    } catch (error) {
      if (!(error instanceof WorkflowNotRunningError)) throw error;
      // Every task of its own is closed; directives implementing it may still be running.
      const outcome = await this.workflows.withdrawClosedDirective({
        directiveId: id,
        actor,
        reason,
        at: new Date().toISOString(),
      });
      complete = outcome.done;
    }
    return { directive: await this.get(id), complete };
  }

  /** Counts by status plus overdue and escalated, read from the task projection. */
  async progress(directiveId: string): Promise<DirectiveProgressView> {
    const rows = await this.dataSource.query<
      { status: string; n: string; active: string; overdue: string; escalated: string }[]
    >(
      `SELECT status, count(*) AS n,
              count(*) FILTER (WHERE activated_at IS NOT NULL) AS active,
              count(*) FILTER (WHERE ${overdueSql('tasks')}) AS overdue,
              count(*) FILTER (WHERE escalated) AS escalated
       FROM tasks WHERE directive_id = $1 GROUP BY status`,
      [directiveId],
    );
    const view: DirectiveProgressView = { total: 0, active: 0, byStatus: {}, overdue: 0, escalated: 0 };
    for (const r of rows) {
      view.byStatus[r.status] = Number(r.n);
      view.total += Number(r.n);
      view.active += Number(r.active);
      view.overdue += Number(r.overdue);
      view.escalated += Number(r.escalated);
    }
    return view;
  }

  private duplicate(existing: DirectiveEntity): ConflictError {
    return new ConflictError(
      `directive ${existing.number} of ${existing.issuerUnitId} already exists (id ${existing.id})`,
      { existingDirectiveId: existing.id },
    );
  }
}
