import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EscalationEntity } from '@dondoc/persistence';
import { resolveEscalationUpdate } from '@dondoc/workflows/unit-task/contract';
import { ConflictError, FieldErrors, NotFoundError } from '../common/errors';
import { keysetPage, toPage, type Page } from '../common/pagination';
import { isUuid } from '../common/query';
import { parseDeadline } from '../common/times';
import { TasksService } from '../tasks/tasks.service';
import { UnitsService } from '../units/units.service';
import type { EscalationView, ResolveEscalationBody } from './escalations.dto';

function escalationView(e: EscalationEntity): EscalationView {
  return {
    id: e.id,
    taskId: e.taskId,
    directiveId: e.directiveId,
    unitId: e.unitId,
    coordinatingUnitId: e.coordinatingUnitId,
    openedAt: e.openedAt.toISOString(),
    status: e.status,
    resolution: e.resolution,
    resolvedAt: e.resolvedAt?.toISOString() ?? null,
    resolvedBy: e.resolvedBy,
  };
}

/** Escalations: what fell behind, for the coordinating bodies to decide. */
@Injectable()
export class EscalationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: TasksService,
    private readonly units: UnitsService,
  ) {}

  async list(filter: { coordinatingUnitId?: string; status?: string[]; taskId?: string }, limit: number, cursor?: string): Promise<Page<EscalationView>> {
    const qb = keysetPage(this.dataSource.getRepository(EscalationEntity).createQueryBuilder('e'), ['e.opened_at', 'e.id'], 'DESC', limit, cursor);
    if (filter.coordinatingUnitId) qb.andWhere('e.coordinating_unit_id = :c', { c: filter.coordinatingUnitId });
    if (filter.status) qb.andWhere('e.status IN (:...statuses)', { statuses: filter.status });
    if (filter.taskId) qb.andWhere('e.task_id = :t', { t: filter.taskId });
    const rows = await qb.getMany();
    return toPage(rows, limit, (e) => [e.openedAt.toISOString(), e.id], escalationView);
  }

  async get(id: string): Promise<EscalationView> {
    return escalationView(await this.find(id));
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
      const due = parseDeadline(body.dueAt);
      if ('problem' in due) problems.push({ field: 'dueAt', problem: due.problem });
      else if (due.at.getTime() <= Date.now()) problems.push({ field: 'dueAt', problem: `is in the past (${due.at.toISOString()})` });
      else dueAt = due.at.toISOString();
    } else if (body.action === 'extend') {
      problems.push({ field: 'dueAt', problem: 'is required to extend' });
    }
    if (body.action === 'reassign') {
      if (!body.toUnitId) problems.push({ field: 'toUnitId', problem: 'is required to reassign' });
      else if ((await this.units.missing([body.toUnitId])).size > 0) problems.push({ field: 'toUnitId', problem: `names unit ${body.toUnitId}, which does not exist` });
      else if (await this.tasks.findByUnit(task.directiveId, body.toUnitId)) {
        problems.push({ field: 'toUnitId', problem: `unit ${body.toUnitId} already has a task in this directive` });
      }
    } else if (body.toUnitId !== undefined) {
      problems.push({ field: 'toUnitId', problem: 'is only used to reassign' });
    }
    if (problems.length > 0) throw new FieldErrors(problems);

    await this.tasks.sendToTask(task, body.action, resolveEscalationUpdate, {
      actor,
      escalationId: id,
      action: body.action,
      ...(dueAt !== undefined ? { dueAt } : {}),
      ...(body.action === 'reassign' ? { toUnitId: body.toUnitId!, successorTaskId: randomUUID() } : {}),
      note: body.note ?? null,
    });
    return this.get(id);
  }

  private async find(id: string): Promise<EscalationEntity> {
    const escalation = isUuid(id) ? await this.dataSource.getRepository(EscalationEntity).findOneBy({ id }) : null;
    if (!escalation) throw new NotFoundError('escalation', id);
    return escalation;
  }
}
