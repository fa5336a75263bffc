import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ASSIGNMENT_ACTIONS, IllegalTransitionError, isTerminal, type AssignmentAction } from '@dondoc/domain';
import { DirectiveEntity, TaskEntity } from '@dondoc/persistence';
import { unitTaskWorkflowId } from '@dondoc/workflows/unit-task/contract';
import { ConflictError, NotFoundError, OutOfScopeError, UnavailableError } from '../errors/errors';
import { isUuid } from '../validation/ids';
import { ScopeService } from '../scope/scope.service';
import { API_SETTINGS, type ApiSettings } from '../settings';
import { WorkflowGateway, WorkflowNotRunningError } from '../temporal/workflow.gateway';
import { actionName, type PersonalAction, type TaskActionDefinition } from './task-actions';

/** First and longest pause between tries while a task's workflow is being started. */
const START_POLL_FIRST_MS = 50;
const START_POLL_MAX_MS = 500;

/**
 * Takes a person's action to a task's workflow: the task read once through the caller's scope,
 * the action's own check of who may take it on that row, then its Update sent to the workflow.
 */
@Injectable()
export class TaskWorkflowService {
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

  /**
   * The task if the caller may take this action on it — read once, through the caller's scope:
   * an officer of its unit (or of a unit acting for it) for their own actions, a clerk of the
   * issuing unit for the others.
   * @throws NotFoundError when the caller may not even read it, OutOfScopeError when they may read but not act.
   */
  async authorise<Input, Arg>(id: string, definition: PersonalAction<Input, Arg>): Promise<TaskEntity> {
    const task = await this.scope.readTask(id);
    const scope = await this.scope.current();
    const verb = definition.action.replace('_', ' ');
    if (definition.by === 'unit officer' || definition.by === 'unit head' || definition.by === 'unit member') {
      assertActsInUnit(definition.by, task, scope.unitId, (role) => scope.has(role));
      return task;
    }
    if (definition.by === 'officer') {
      if (!(await this.scope.actsFor(task.unitId)))
        throw new OutOfScopeError(`task ${task.id} is unit ${task.unitId}'s: only its officers may ${verb} it`);
      return task;
    }
    const directive = await this.dataSource.getRepository(DirectiveEntity).findOneByOrFail({ id: task.directiveId });
    if (!scope.clerkOf(directive.issuerUnitId)) {
      throw new OutOfScopeError(
        `task ${task.id} is in directive ${directive.number} of unit ${directive.issuerUnitId}: only that unit's clerks may ${verb} it`,
      );
    }
    return task;
  }

  /**
   * Sends the action to the task's workflow as its Update. A closed workflow answers 409. One not
   * started yet (its row is written with the directive, its workflow a moment later by its shard)
   * is waited for within the request's budget, the Update sent again as soon as the workflow
   * exists: a task reached by id before it is listed still takes the action. Only when the start
   * takes longer than that (a fan-out of thousands still under way, or no worker running) does
   * the answer say to try again.
   */
  async send<Input, Arg>(
    task: TaskEntity,
    definition: TaskActionDefinition<Input, Arg>,
    actor: string,
    input: Input,
  ): Promise<void> {
    const arg = definition.args(actor, input);
    const workflowId = unitTaskWorkflowId(task.directiveId, task.unitId, task.period);
    const deadline = Date.now() + this.settings.updateTimeoutMs;
    // The last attempt keeps a share of the budget for the Update itself to run.
    const waitUntil = deadline - Math.floor(this.settings.updateTimeoutMs * 0.3);
    for (let pause = START_POLL_FIRST_MS; ; pause = Math.min(pause * 2, START_POLL_MAX_MS)) {
      try {
        await this.workflows.update(workflowId, definition.update, arg, new Date(deadline));
        return;
      } catch (error) {
        if (!(error instanceof WorkflowNotRunningError)) throw error;
      }
      const current = await this.find(task.id);
      if (isTerminal(current.status)) {
        const action = actionName(definition, arg);
        if (isAssignmentAction(action))
          throw new ConflictError(`Công việc đã kết thúc (trạng thái ${current.status}); không thể đổi người xử lý.`, {
            status: current.status,
            action,
          });
        throw new IllegalTransitionError(current.status, action, []);
      }
      if (Date.now() + pause > waitUntil) {
        throw new UnavailableError(
          `task ${task.id} is still being started (its directive's tasks are starting one page after another); try again in a moment`,
          2,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

function isAssignmentAction(action: string): action is AssignmentAction {
  return (ASSIGNMENT_ACTIONS as readonly string[]).includes(action);
}

/**
 * Who handles a task is settled within the task's own unit: only its officers claim, its head or
 * clerk assigns, and any of its people may hand back what they hold.
 * @throws OutOfScopeError naming who may, in Vietnamese (people read it).
 */
function assertActsInUnit(
  taker: 'unit officer' | 'unit head' | 'unit member',
  task: TaskEntity,
  callerUnitId: string,
  has: (role: 'officer' | 'head' | 'clerk') => boolean,
): void {
  const inUnit = callerUnitId === task.unitId;
  if (taker === 'unit officer' && !(inUnit && has('officer')))
    throw new OutOfScopeError(`Chỉ cán bộ của đơn vị ${task.unitId} mới nhận xử lý được công việc ${task.id}.`);
  if (taker === 'unit head' && !(inUnit && (has('head') || has('clerk'))))
    throw new OutOfScopeError(
      `Chỉ lãnh đạo hoặc văn thư của đơn vị ${task.unitId} mới giao được người xử lý công việc ${task.id}.`,
    );
  if (taker === 'unit member' && !inUnit)
    throw new OutOfScopeError(`Chỉ người của đơn vị ${task.unitId} mới trả lại được công việc ${task.id}.`);
}
