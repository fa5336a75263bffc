import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IllegalTransitionError, isTerminal } from '@dondoc/domain';
import { DirectiveEntity, TaskEntity } from '@dondoc/persistence';
import { unitTaskWorkflowId } from '@dondoc/workflows/unit-task/contract';
import { NotFoundError, OutOfScopeError, UnavailableError } from '../errors/errors';
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
    if (definition.by === 'officer') {
      if (!scope.actsFor(task.unitId))
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
      if (isTerminal(current.status)) throw new IllegalTransitionError(current.status, actionName(definition, arg), []);
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
