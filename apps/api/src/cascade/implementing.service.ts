import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isTerminal } from '@dondoc/domain';
import type { TaskEntity } from '@dondoc/persistence';
import { ConflictError, FieldErrors, OutOfScopeError } from '../errors/errors';
import { ScopeService } from '../scope/scope.service';
import { DirectivesService } from '../directives/directives.service';
import type { DirectiveView, ImplementTaskBody } from '../directives/directives.dto';

/**
 * A unit carries out its task by issuing its own directive to the units below it: the task's
 * unit is the issuer, the task's directive the parent. The directive itself is created by
 * {@link DirectivesService.create}, so it is checked and started like any other.
 */
@Injectable()
export class ImplementingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directives: DirectivesService,
    private readonly scope: ScopeService,
  ) {}

  /** Issues a directive implementing the task; refuses a closed task, an inform task and a cycle. */
  async implement(taskId: string, body: ImplementTaskBody, actor: string): Promise<DirectiveView> {
    const task = await this.scope.readTask(taskId);
    if (!(await this.scope.current()).clerkOf(task.unitId)) {
      throw new OutOfScopeError(`task ${task.id} is unit ${task.unitId}'s: only that unit's clerks may implement it`);
    }
    if (isTerminal(task.status)) {
      throw new ConflictError(
        `task ${task.id} of unit ${task.unitId} is ${task.status}: a closed task cannot be implemented`,
        { status: task.status },
      );
    }
    if (task.role === 'inform') {
      throw new ConflictError(
        `task ${task.id} of unit ${task.unitId} is for information only (role inform): there is nothing to implement`,
        { role: task.role },
      );
    }
    const above = await this.unitsAbove(task);
    const cycles = body.assignments.flatMap((a, i) => {
      const where = above.get(a.unitId);
      return where === undefined
        ? []
        : [
            {
              field: `assignments[${i}].unitId`,
              problem: `names unit ${a.unitId}, which is already on the chain above (${where}): it would assign work back up the cascade`,
            },
          ];
    });
    if (cycles.length > 0) throw new FieldErrors(cycles);
    return this.directives.create(
      { ...body, issuerUnitId: task.unitId, parentDirectiveId: task.directiveId },
      actor,
      task.id,
    );
  }

  /**
   * Units already on the path from the task up to the root directive, each with where it sits:
   * the task's own unit, the issuer of every directive above, and the unit of every task those
   * directives implement. Assigning to any of them would send the work back up the chain.
   */
  private async unitsAbove(task: TaskEntity): Promise<Map<string, string>> {
    const rows = await this.dataSource.query<
      { number: string; issuer_unit_id: string; task_unit_id: string | null; task_directive_number: string | null }[]
    >(
      `WITH RECURSIVE chain AS (
         SELECT id, number, issuer_unit_id, parent_directive_id, parent_task_id, 0 AS depth FROM directives WHERE id = $1
         UNION ALL
         SELECT p.id, p.number, p.issuer_unit_id, p.parent_directive_id, p.parent_task_id, c.depth + 1
         FROM chain c JOIN directives p ON p.id = c.parent_directive_id WHERE c.depth < 100
       )
       SELECT c.number, c.issuer_unit_id, t.unit_id AS task_unit_id, pd.number AS task_directive_number
       FROM chain c LEFT JOIN tasks t ON t.id = c.parent_task_id LEFT JOIN directives pd ON pd.id = t.directive_id
       ORDER BY c.depth`,
      [task.directiveId],
    );
    const above = new Map<string, string>([[task.unitId, 'the unit implementing the task']]);
    for (const r of rows) {
      if (!above.has(r.issuer_unit_id)) above.set(r.issuer_unit_id, `issuer of directive ${r.number}`);
      if (r.task_unit_id !== null && !above.has(r.task_unit_id))
        above.set(r.task_unit_id, `its task in directive ${r.task_directive_number} is on the path up`);
    }
    return above;
  }
}
