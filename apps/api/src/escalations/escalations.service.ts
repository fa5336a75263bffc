import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EscalationEntity } from '@dondoc/persistence';
import type { ResolveEscalationArgs } from '@dondoc/workflows/unit-task/contract';
import { ConflictError, FieldErrors } from '../errors/errors';
import { keysetPage, toPage, type Page } from '../pagination/pagination';
import { CalendarService } from '../calendar/calendar.service';
import { parseDeadline } from '../time/times';
import { ScopeService } from '../scope/scope.service';
import { TasksService } from '../tasks/tasks.service';
import { TASK_ACTION_TABLE } from '../tasks/task-actions';
import { TaskWorkflowService } from '../tasks/task-workflow.service';
import { UnitsService } from '../units/units.service';
import type { EscalationLevelView, EscalationView, ResolveEscalationBody } from './escalations.dto';
import { idempotentUuid } from '../idempotency/idempotency-key';

function escalationView(e: EscalationEntity, levels: EscalationLevelView[]): EscalationView {
  return {
    id: e.id,
    taskId: e.taskId,
    directiveId: e.directiveId,
    unitId: e.unitId,
    coordinatingUnitId: e.coordinatingUnitId,
    level: e.level,
    currentCoordinatingUnitId: e.currentUnitId,
    levels,
    openedAt: e.openedAt.toISOString(),
    status: e.status,
    resolution: e.resolution,
    resolvedAt: e.resolvedAt?.toISOString() ?? null,
    resolvedBy: e.resolvedBy,
  };
}

/**
 * The resolution's Update argument, from a body already checked (`toUnitId` present to reassign,
 * `dueAt` parsed): the successor's id is made here so a retried request reuses it.
 */
function resolutionArgs(
  actor: string,
  escalationId: string,
  body: ResolveEscalationBody,
  dueAt: string | undefined,
): ResolveEscalationArgs {
  // The Update's arguments are a union on the action: each carries what it needs (checked by the caller).
  const decision = { actor, escalationId, note: body.note ?? null };
  const withDueAt = dueAt !== undefined ? { dueAt } : {};
  switch (body.action) {
    case 'reassign':
      if (body.toUnitId === undefined)
        throw new FieldErrors([{ field: 'toUnitId', problem: 'is required to reassign' }]);
      return {
        ...decision,
        ...withDueAt,
        action: 'reassign',
        toUnitId: body.toUnitId,
        successorTaskId: idempotentUuid('successor-task') ?? randomUUID(),
      };
    case 'extend':
      if (dueAt === undefined) throw new FieldErrors([{ field: 'dueAt', problem: 'is required to extend' }]);
      return { ...decision, action: 'extend', dueAt };
    case 'remind':
    case 'waive':
      return { ...decision, ...withDueAt, action: body.action };
  }
}

/** Escalations: what fell behind, for the coordinating bodies to decide. */
@Injectable()
export class EscalationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: TasksService,
    private readonly workflow: TaskWorkflowService,
    private readonly units: UnitsService,
    private readonly scope: ScopeService,
    private readonly calendar: CalendarService,
  ) {}

  /**
   * `coordinatingUnitId` finds the escalations that have reached that body at any level (it may
   * still resolve them); `currentCoordinatingUnitId` those it holds now. Only escalations that
   * reached the caller's own body are listed.
   */
  async list(
    filter: { coordinatingUnitId?: string; currentCoordinatingUnitId?: string; status?: string[]; taskId?: string },
    limit: number,
    cursor?: string,
  ): Promise<Page<EscalationView>> {
    const visible = (await this.scope.current()).escalations('e');
    const qb = keysetPage(
      this.dataSource.getRepository(EscalationEntity).createQueryBuilder('e'),
      ['e.opened_at', 'e.id'],
      'DESC',
      limit,
      cursor,
    );
    qb.andWhere(visible.sql, visible.params);
    if (filter.coordinatingUnitId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM escalation_levels l WHERE l.escalation_id = e.id AND l.coordinating_unit_id = :c)',
        { c: filter.coordinatingUnitId },
      );
    }
    if (filter.currentCoordinatingUnitId)
      qb.andWhere('e.current_unit_id = :current', { current: filter.currentCoordinatingUnitId });
    if (filter.status) qb.andWhere('e.status IN (:...statuses)', { statuses: filter.status });
    if (filter.taskId) qb.andWhere('e.task_id = :t', { t: filter.taskId });
    const rows = await qb.getMany();
    const levels = await this.levelsOf(rows.map((e) => e.id));
    return toPage(
      rows,
      limit,
      (e) => [e.openedAt.toISOString(), e.id],
      (e) => escalationView(e, levels.get(e.id) ?? []),
    );
  }

  async get(id: string): Promise<EscalationView> {
    const escalation = await this.find(id);
    return escalationView(escalation, (await this.levelsOf([id])).get(id) ?? []);
  }

  /** The bodies each escalation has reached, level 1 first. */
  private async levelsOf(ids: string[]): Promise<Map<string, EscalationLevelView[]>> {
    const byEscalation = new Map<string, EscalationLevelView[]>();
    if (ids.length === 0) return byEscalation;
    const rows = await this.dataSource.query<
      { escalation_id: string; level: number; coordinating_unit_id: string; opened_at: Date }[]
    >(
      `SELECT escalation_id, level, coordinating_unit_id, opened_at FROM escalation_levels WHERE escalation_id = ANY($1::uuid[]) ORDER BY escalation_id, level`,
      [ids],
    );
    for (const r of rows) {
      const list = byEscalation.get(r.escalation_id) ?? [];
      list.push({ level: r.level, coordinatingUnitId: r.coordinating_unit_id, openedAt: r.opened_at.toISOString() });
      byEscalation.set(r.escalation_id, list);
    }
    return byEscalation;
  }

  /** Sends the supervisor's decision to the task's workflow; answers with the escalation after it. */
  async resolve(id: string, body: ResolveEscalationBody, actor: string): Promise<EscalationView> {
    const escalation = await this.find(id);
    if (escalation.status !== 'open') {
      throw new ConflictError(`escalation ${id} is already ${escalation.status}`, { status: escalation.status });
    }
    const task = await this.tasks.find(escalation.taskId);
    const problems: { field: string; problem: string }[] = [];
    let dueAt: string | undefined;
    if (body.dueAt !== undefined) {
      const due = parseDeadline(body.dueAt, await this.calendar.current());
      if ('problem' in due) problems.push({ field: 'dueAt', problem: due.problem });
      else if (due.at.getTime() <= Date.now())
        problems.push({ field: 'dueAt', problem: `is in the past (${due.at.toISOString()})` });
      else dueAt = due.at.toISOString();
    } else if (body.action === 'extend') {
      problems.push({ field: 'dueAt', problem: 'is required to extend' });
    }
    if (body.action === 'reassign') {
      if (!body.toUnitId) problems.push({ field: 'toUnitId', problem: 'is required to reassign' });
      else if ((await this.units.missing([body.toUnitId])).size > 0)
        problems.push({ field: 'toUnitId', problem: `names unit ${body.toUnitId}, which does not exist` });
      else if (await this.tasks.findByUnit(task.directiveId, body.toUnitId)) {
        problems.push({ field: 'toUnitId', problem: `unit ${body.toUnitId} already has a task in this directive` });
      }
    } else if (body.toUnitId !== undefined) {
      problems.push({ field: 'toUnitId', problem: 'is only used to reassign' });
    }
    if (problems.length > 0) throw new FieldErrors(problems);

    await this.workflow.send(task, TASK_ACTION_TABLE.resolveEscalation, actor, resolutionArgs(actor, id, body, dueAt));
    return this.get(id);
  }

  /** The escalation if it reached the caller's body (any body it reached may resolve it); otherwise 404. */
  private async find(id: string): Promise<EscalationEntity> {
    return this.scope.readable(EscalationEntity, 'escalation', id, (scope, alias) => scope.escalations(alias));
  }
}
