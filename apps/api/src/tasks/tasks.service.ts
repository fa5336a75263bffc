import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IllegalTransitionError, OPEN_STATUSES, isTerminal, overdueSql, type TaskAction, type TaskStatus } from '@dondoc/domain';
import { DirectiveEntity, ExtensionRequestEntity, TaskEntity, TaskEventEntity } from '@dondoc/persistence';
import { unitTaskWorkflowId } from '@dondoc/workflows/unit-task/contract';
import type { UpdateDefinition } from '@temporalio/common';
import { ConflictError, NotFoundError, OutOfScopeError, UnavailableError } from '../errors/errors';
import { keysetPage, toPage, type Page } from '../pagination/pagination';
import { isUuid } from '../validation/query';
import { ScopeService } from '../scope/scope.service';
import { API_SETTINGS, type ApiSettings } from '../settings';
import { WorkflowGateway, WorkflowNotRunningError } from '../temporal/workflow.gateway';
import { listedTask } from './listed';
import { extensionRequestView, taskEventView, taskView } from './task-views';
import type { ExtensionRequestView, TaskEventView, TaskView } from './tasks.dto';

/** Filters of GET /tasks. */
export interface TaskFilter {
  unitId?: string;
  directiveId?: string;
  status?: TaskStatus[];
  overdue?: boolean;
}

/** First and longest pause between tries while a task's workflow is being started. */
const START_POLL_FIRST_MS = 50;
const START_POLL_MAX_MS = 500;

/** What an officer of the task's unit does; every other action on a task is the issuing clerk's. */
const OFFICER_ACTIONS: ReadonlySet<TaskAction> = new Set<TaskAction>(['acknowledge', 'progress', 'submit', 'request_extension']);

/** Reads tasks from the read model and sends people's actions to the task workflows. */
@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workflows: WorkflowGateway,
    private readonly scope: ScopeService,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  /** The task, whoever asks: for callers that have already checked the caller's scope another way. */
  async find(id: string): Promise<TaskEntity> {
    const task = isUuid(id) ? await this.dataSource.getRepository(TaskEntity).findOneBy({ id }) : null;
    if (!task) throw new NotFoundError('task', id);
    return task;
  }

  /** The task of one unit in one directive, if it has one; of a periodic report, its latest period. */
  async findByUnit(directiveId: string, unitId: string): Promise<TaskEntity | null> {
    return this.dataSource.getRepository(TaskEntity).findOne({ where: { directiveId, unitId }, order: { period: { direction: 'DESC', nulls: 'LAST' } } });
  }

  /** The task if the caller may read it; otherwise 404, as for a task that does not exist. */
  async read(id: string): Promise<TaskEntity> {
    return this.scope.readTask(id);
  }

  /**
   * The task if the caller may take this action on it: an officer of its unit (or of a unit
   * acting for it) for their own actions, a clerk of the issuing unit for the others.
   * @throws NotFoundError when the caller may not even read it, OutOfScopeError when they may read but not act.
   */
  async forAction(id: string, action: TaskAction): Promise<TaskEntity> {
    const task = await this.read(id);
    const scope = await this.scope.current();
    const verb = action.replace('_', ' ');
    if (OFFICER_ACTIONS.has(action)) {
      if (!scope.actsFor(task.unitId)) throw new OutOfScopeError(`task ${task.id} is unit ${task.unitId}'s: only its officers may ${verb} it`);
      return task;
    }
    const directive = await this.dataSource.getRepository(DirectiveEntity).findOneByOrFail({ id: task.directiveId });
    if (!scope.clerkOf(directive.issuerUnitId)) {
      throw new OutOfScopeError(`task ${task.id} is in directive ${directive.number} of unit ${directive.issuerUnitId}: only that unit's clerks may ${verb} it`);
    }
    return task;
  }

  async get(id: string): Promise<TaskView> {
    return taskView(await this.read(id));
  }

  /**
   * The tasks the caller may read, sorted by deadline (then id), keyset-paginated: only those
   * whose workflow runs (or that closed without one), so every task listed can be acted on.
   */
  async list(filter: TaskFilter, limit: number, cursor?: string): Promise<Page<TaskView>> {
    const visible = (await this.scope.current()).tasks('t');
    const qb = keysetPage(this.dataSource.getRepository(TaskEntity).createQueryBuilder('t'), ['t.due_at', 't.id'], 'ASC', limit, cursor);
    qb.andWhere(visible.sql, visible.params);
    qb.andWhere(listedTask('t'));
    if (filter.unitId) qb.andWhere('t.unit_id = :unitId', { unitId: filter.unitId });
    if (filter.directiveId) {
      qb.andWhere('t.directive_id = :directiveId', { directiveId: filter.directiveId });
    }
    if (filter.status) qb.andWhere('t.status IN (:...statuses)', { statuses: filter.status });
    if (filter.overdue === true) qb.andWhere(overdueSql('t'));
    if (filter.overdue === false) qb.andWhere(`NOT ${overdueSql('t')}`);
    const rows = await qb.getMany();
    const now = Date.now();
    return toPage(rows, limit, (t) => [t.dueAt.toISOString(), t.id], (t) => taskView(t, now));
  }

  async events(id: string, limit: number, cursor?: string): Promise<Page<TaskEventView>> {
    await this.read(id);
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

  /**
   * Sends one action to the task's workflow as an Update and answers with the task as the
   * read model shows it afterwards (the Update returns only after the projection is written).
   */
  async act<Arg>(
    id: string,
    action: TaskAction,
    definition: UpdateDefinition<unknown, [Arg]>,
    arg: Arg,
    /** A check of the task before the Update is sent (once the caller's scope allows the action). */
    precondition?: (task: TaskEntity) => Promise<void>,
  ): Promise<TaskView> {
    const task = await this.forAction(id, action);
    await precondition?.(task);
    await this.sendToTask(task, action, definition, arg);
    return this.get(id);
  }

  /**
   * Sends an Update to the task's workflow. A closed workflow answers 409. One not started yet
   * (its row is written with the directive, its workflow a moment later by its shard) is waited
   * for within the request's budget, the Update sent again as soon as the workflow exists: a
   * task reached by id before it is listed still takes the action. Only when the start takes
   * longer than that (a fan-out of thousands still under way, or no worker running) does the
   * answer say to try again.
   */
  async sendToTask<Arg>(task: TaskEntity, action: TaskAction, definition: UpdateDefinition<unknown, [Arg]>, arg: Arg): Promise<void> {
    const workflowId = unitTaskWorkflowId(task.directiveId, task.unitId, task.period);
    const deadline = Date.now() + this.settings.updateTimeoutMs;
    // The last attempt keeps a share of the budget for the Update itself to run.
    const waitUntil = deadline - Math.floor(this.settings.updateTimeoutMs * 0.3);
    for (let pause = START_POLL_FIRST_MS; ; pause = Math.min(pause * 2, START_POLL_MAX_MS)) {
      try {
        await this.workflows.update(workflowId, definition, arg, new Date(deadline));
        return;
      } catch (error) {
        if (!(error instanceof WorkflowNotRunningError)) throw error;
      }
      const current = await this.find(task.id);
      if (isTerminal(current.status)) throw new IllegalTransitionError(current.status, action, []);
      if (Date.now() + pause > waitUntil) {
        throw new UnavailableError(`task ${task.id} is still being started (its directive's tasks are starting one page after another); try again in a moment`, 2);
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  /**
   * Refuses to submit a task while a directive implementing it still has open lead tasks: the
   * work below is not done yet. A directive issued with `gatesParentSubmission: false` does not
   * hold its parent task back. Read from the read model, before the Update is sent.
   */
  async assertImplementationDone(task: TaskEntity): Promise<void> {
    const open = await this.dataSource.query<{ directive_id: string; number: string; task_id: string; unit_id: string; status: string }[]>(
      `SELECT d.id AS directive_id, d.number, t.id AS task_id, t.unit_id, t.status
       FROM directives d JOIN tasks t ON t.directive_id = d.id
       WHERE d.parent_task_id = $1 AND d.gates_parent_submission AND t.role = 'lead' AND t.status = ANY($2)
       ORDER BY d.number, t.unit_id`,
      [task.id, [...OPEN_STATUSES]],
    );
    if (open.length === 0) return;
    const byDirective = new Map<string, string[]>();
    for (const r of open) byDirective.set(r.number, [...(byDirective.get(r.number) ?? []), r.unit_id]);
    const what = [...byDirective].map(([number, units]) => `directive ${number} (units ${units.join(', ')})`).join('; ');
    throw new ConflictError(`task ${task.id} cannot be submitted yet: lead tasks are still open in the directives implementing it: ${what}`, {
      openLeadTasks: open.map((r) => ({ directiveId: r.directive_id, directiveNumber: r.number, taskId: r.task_id, unitId: r.unit_id, status: r.status })),
    });
  }

  /** The request if the caller may read its task; otherwise 404, as for a request that does not exist. */
  async extensionRequest(id: string): Promise<ExtensionRequestEntity> {
    const request = isUuid(id) ? await this.dataSource.getRepository(ExtensionRequestEntity).findOneBy({ id }) : null;
    if (!request) throw new NotFoundError('extension request', id);
    try {
      await this.read(request.taskId);
    } catch (error) {
      if (error instanceof NotFoundError) throw new NotFoundError('extension request', id);
      throw error;
    }
    return request;
  }

  async extensionRequestView(id: string): Promise<ExtensionRequestView> {
    return extensionRequestView(await this.extensionRequest(id));
  }
}

