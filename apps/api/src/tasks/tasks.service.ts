import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OPEN_STATUSES, overdueSql, type TaskStatus } from '@dondoc/domain';
import { TaskEntity, TaskEventEntity } from '@dondoc/persistence';
import { ConflictError, FieldErrors } from '../errors/errors';
import { currentActor } from '../actor/actor';
import { PeopleService } from '../people/people.service';
import { keysetPage, toPage, type Page } from '../pagination/pagination';
import { CalendarService } from '../calendar/calendar.service';
import { parseDeadline } from '../time/times';
import { ScopeService } from '../scope/scope.service';
import { listedTask } from './listed';
import { TASK_ACTION_TABLE, type PersonalAction } from './task-actions';
import { TaskWorkflowService } from './task-workflow.service';
import { assertSubmittableAttachments } from '../attachments/submitted-attachments';
import { taskEventView, taskView } from './task-views';
import { taskTimelinePage } from './task-timeline';
import type { AssignBody, ProgressBody, ReturnBody, SubmitBody, TaskEventView, TaskView } from './tasks.dto';

/** Filters of GET /tasks. */
export interface TaskFilter {
  unitId?: string;
  directiveId?: string;
  status?: TaskStatus[];
  overdue?: boolean;
  /** `me`, `none` or a person's sub (issue 13). */
  assignee?: string;
}

/** A new deadline for one unit's task in a directive (POST /directives/:id/amendments). */
export interface DeadlineAmendment {
  unitId: string;
  dueAt: string;
  reason?: string;
}

/** Reads tasks from the read model and takes people's actions to the task workflows. */
@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workflow: TaskWorkflowService,
    private readonly scope: ScopeService,
    private readonly calendar: CalendarService,
    private readonly people: PeopleService,
  ) {}

  /** The task, whoever asks: for callers that have already checked the caller's scope another way. */
  async find(id: string): Promise<TaskEntity> {
    return this.workflow.find(id);
  }

  /** The task of one unit in one directive, if it has one; of a periodic report, its latest period. */
  async findByUnit(directiveId: string, unitId: string): Promise<TaskEntity | null> {
    return this.dataSource
      .getRepository(TaskEntity)
      .findOne({ where: { directiveId, unitId }, order: { period: { direction: 'DESC', nulls: 'LAST' } } });
  }

  /** The task if the caller may read it; otherwise 404, as for a task that does not exist. */
  async get(id: string): Promise<TaskView> {
    return taskView(await this.scope.readTask(id));
  }

  /**
   * The tasks the caller may read, sorted by deadline (then id), keyset-paginated: only those
   * whose workflow runs (or that closed without one), so every task listed can be acted on.
   */
  async list(filter: TaskFilter, limit: number, cursor?: string): Promise<Page<TaskView>> {
    const visible = (await this.scope.current()).tasks('t');
    const qb = keysetPage(
      this.dataSource.getRepository(TaskEntity).createQueryBuilder('t'),
      ['t.due_at', 't.id'],
      'ASC',
      limit,
      cursor,
    );
    qb.andWhere(visible.sql, visible.params);
    qb.andWhere(listedTask('t'));
    if (filter.unitId) qb.andWhere('t.unit_id = :unitId', { unitId: filter.unitId });
    if (filter.directiveId) qb.andWhere('t.directive_id = :directiveId', { directiveId: filter.directiveId });
    if (filter.status) qb.andWhere('t.status IN (:...statuses)', { statuses: filter.status });
    if (filter.overdue === true) qb.andWhere(overdueSql('t'));
    if (filter.overdue === false) qb.andWhere(`NOT ${overdueSql('t')}`);
    if (filter.assignee === 'none') qb.andWhere('t.assignee IS NULL');
    else if (filter.assignee === 'me') {
      const me = currentActor();
      qb.andWhere('t.assignee = :assignee AND t.unit_id = :assigneeUnit', { assignee: me.id, assigneeUnit: me.unitId });
    } else if (filter.assignee !== undefined) qb.andWhere('t.assignee = :assignee', { assignee: filter.assignee });
    const rows = await qb.getMany();
    const now = Date.now();
    return toPage(
      rows,
      limit,
      (t) => [t.dueAt.toISOString(), t.id],
      (t) => taskView(t, now),
    );
  }

  /** The task's history, oldest first, if the caller may read the task; with its comments merged in when asked. */
  async events(id: string, limit: number, cursor?: string, withComments = false): Promise<Page<TaskEventView>> {
    await this.scope.readTask(id);
    if (withComments) return taskTimelinePage(this.dataSource, id, limit, cursor);
    const qb = keysetPage(
      this.dataSource.getRepository(TaskEventEntity).createQueryBuilder('e').where('e.task_id = :id', { id }),
      ['e.sequence', 'e.id'],
      'ASC',
      limit,
      cursor,
    );
    const rows = await qb.getMany();
    return toPage(rows, limit, (e) => [e.sequence, e.id], taskEventView);
  }

  /** An officer has seen the task. */
  async acknowledge(actor: string, id: string): Promise<TaskView> {
    return this.take(TASK_ACTION_TABLE.acknowledge, actor, id, undefined);
  }

  /** An officer reports how far the work has come. */
  async reportProgress(actor: string, id: string, body: ProgressBody): Promise<TaskView> {
    return this.take(TASK_ACTION_TABLE.reportProgress, actor, id, body);
  }

  /** An officer submits the report; refused while a directive implementing the task has open lead tasks. */
  async submit(actor: string, id: string, body: SubmitBody): Promise<TaskView> {
    return this.take(TASK_ACTION_TABLE.submit, actor, id, body, async (task) => {
      await assertSubmittableAttachments(this.dataSource, task.id, body.attachmentIds ?? []);
      await this.assertImplementationDone(task);
    });
  }

  /** The issuing clerk accepts the report. */
  async accept(actor: string, id: string): Promise<TaskView> {
    return this.take(TASK_ACTION_TABLE.accept, actor, id, undefined);
  }

  /** The issuing clerk sends the report back, saying why. */
  async return(actor: string, id: string, body: ReturnBody): Promise<TaskView> {
    return this.take(TASK_ACTION_TABLE.return, actor, id, body);
  }

  /** An officer of the task's unit takes it while nobody handles it; a deactivated person may not. */
  async claim(actor: string, id: string): Promise<TaskView> {
    return this.take(TASK_ACTION_TABLE.claim, actor, id, undefined, (task) =>
      this.assertActivePerson(task.unitId, actor, 'actor'),
    );
  }

  /** The unit's head or clerk gives the task to an active person of the unit, or to nobody. */
  async assign(actor: string, id: string, body: AssignBody): Promise<TaskView> {
    return this.take(TASK_ACTION_TABLE.assign, actor, id, body, async (task) => {
      if (body.assignee !== null) await this.assertActivePerson(task.unitId, body.assignee, 'assignee');
    });
  }

  /** The assignee gives the task back to the unit. */
  async handBack(actor: string, id: string): Promise<TaskView> {
    return this.take(TASK_ACTION_TABLE.handBack, actor, id, undefined);
  }

  /**
   * Moves one unit's deadline in a directive the caller manages (checked by the directive); the
   * reminder schedule restarts from it, the original deadline stays on record.
   */
  async amendDeadline(actor: string, directiveId: string, amendment: DeadlineAmendment): Promise<TaskView> {
    const due = parseDeadline(amendment.dueAt, await this.calendar.current());
    if ('problem' in due) throw new FieldErrors([{ field: 'dueAt', problem: due.problem }]);
    const task = await this.findByUnit(directiveId, amendment.unitId);
    if (!task)
      throw new FieldErrors([{ field: 'unitId', problem: `unit ${amendment.unitId} has no task in this directive` }]);
    await this.workflow.send(task, TASK_ACTION_TABLE.amendDeadline, actor, {
      dueAt: due.at.toISOString(),
      reason: amendment.reason ?? null,
    });
    return taskView(await this.find(task.id));
  }

  /**
   * Takes one action: the task read once through the caller's scope and checked for the action,
   * then `precondition`, then the Update. Answers with the task as the read model shows it
   * afterwards (the Update returns only after the projection is written), read by id: the
   * caller's scope has already been checked.
   */
  private async take<Input, Arg>(
    definition: PersonalAction<Input, Arg>,
    actor: string,
    id: string,
    input: Input,
    precondition?: (task: TaskEntity) => Promise<void>,
  ): Promise<TaskView> {
    const task = await this.workflow.authorise(id, definition);
    await precondition?.(task);
    await this.workflow.send(task, definition, actor, input);
    return taskView(await this.find(task.id));
  }

  /**
   * Only an active person of the task's unit handles it. Someone the unit does not know (or who
   * belongs to another unit) answers 400 naming the field; a deactivated person 409.
   */
  private async assertActivePerson(unitId: string, sub: string, field: 'assignee' | 'actor'): Promise<void> {
    const person = await this.people.find(unitId, sub);
    if (person === null) throw new FieldErrors([{ field, problem: `${sub} không phải là người của đơn vị ${unitId}` }]);
    if (!person.active)
      throw new ConflictError(
        `${sub} đã bị vô hiệu hóa trong đơn vị ${unitId}; không thể giao công việc cho người này.`,
        {
          field,
          unitId,
          sub,
        },
      );
  }

  /**
   * Refuses to submit a task while a directive implementing it still has open lead tasks: the
   * work below is not done yet. A directive issued with `gatesParentSubmission: false` does not
   * hold its parent task back. Read from the read model, before the Update is sent.
   */
  private async assertImplementationDone(task: TaskEntity): Promise<void> {
    const open = await this.dataSource.query<
      { directive_id: string; number: string; task_id: string; unit_id: string; status: string }[]
    >(
      `SELECT d.id AS directive_id, d.number, t.id AS task_id, t.unit_id, t.status
       FROM directives d JOIN tasks t ON t.directive_id = d.id
       WHERE d.parent_task_id = $1 AND d.gates_parent_submission AND t.role = 'lead' AND t.status = ANY($2)
       ORDER BY d.number, t.unit_id`,
      [task.id, [...OPEN_STATUSES]],
    );
    if (open.length === 0) return;
    const byDirective = new Map<string, string[]>();
    for (const r of open) byDirective.set(r.number, [...(byDirective.get(r.number) ?? []), r.unit_id]);
    const what = [...byDirective]
      .map(([number, units]) => `directive ${number} (units ${units.join(', ')})`)
      .join('; ');
    throw new ConflictError(
      `task ${task.id} cannot be submitted yet: lead tasks are still open in the directives implementing it: ${what}`,
      {
        openLeadTasks: open.map((r) => ({
          directiveId: r.directive_id,
          directiveNumber: r.number,
          taskId: r.task_id,
          unitId: r.unit_id,
          status: r.status,
        })),
      },
    );
  }
}
