import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  WorkflowUpdateStage,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { IllegalTransitionError, ValidationError, type TaskAction, type TaskStatus } from '@dondoc/domain';
import {
  closedDirectiveWithdrawalWorkflowId,
  directiveWorkflowId,
  type DirectiveInput,
  type WithdrawClosedArgs,
} from '@dondoc/workflows/directive/contract';
import { type CalendarReplanInput } from '@dondoc/workflows/calendar-replan/contract';
import {
  FailureType,
  type DataRejectedDetails,
  type IllegalTransitionDetails,
  type ValidationDetails,
} from '@dondoc/workflows/shared/failures';
import { ConflictError, NotFoundError, UnavailableError } from '../errors/errors';
import { isDeadlineExceeded, isTemporalUnreachable, isWorkflowNotFound } from '@dondoc/temporal';
import { currentRequestContext } from '../http/request-context';
import { idempotentUpdateId } from '../idempotency/idempotency-key';
import { API_SETTINGS, type ApiSettings } from '../settings';
import { TEMPORAL_CLIENT } from './tokens';
import { ApiMetrics } from '../metrics/api-metrics';

/** Raised when an update reaches a workflow that is not running (closed, or not started yet). */
export class WorkflowNotRunningError extends Error {
  constructor(readonly workflowId: string) {
    super(`workflow ${workflowId} is not running`);
    this.name = 'WorkflowNotRunningError';
  }
}

/** An Update or workflow that may outlast the request: its result, or `done: false` once durably accepted. */
export type Settled<Ret> = { done: true; result: Ret } | { done: false };

/**
 * The API's only door into Temporal: starts directives and sends Updates, turning Temporal's
 * failures into domain errors the error filter maps to HTTP.
 */
@Injectable()
export class WorkflowGateway {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
    /** Absent where a test builds the gateway by hand; the app always has it. */
    @Optional() private readonly metrics?: ApiMetrics,
  ) {}

  /**
   * Starts the directive's workflow; a second start of the same directive is a no-op. The start
   * of a large directive carries every assignment, so it gets the whole request budget rather
   * than the short default of other calls: a start cut short after Temporal took it would leave
   * a workflow for rows the failed request rolls back. An unreachable server still fails at once.
   */
  async startDirective(input: DirectiveInput): Promise<void> {
    try {
      await this.client.withDeadline(new Date(Date.now() + this.settings.updateTimeoutMs), () =>
        this.client.workflow.start('directiveWorkflow', {
          taskQueue: this.settings.temporal.taskQueue,
          workflowId: directiveWorkflowId(input.directiveId),
          args: [input],
        }),
      );
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return;
      if (isTemporalUnreachable(error)) throw new UnavailableError(TEMPORAL_UNREACHABLE);
      throw new UnavailableError(`Temporal did not accept the directive's workflow: ${(error as Error).message}`);
    }
  }

  /** Starts the re-plan of the tasks a calendar edit affects; a second start of the same id is a no-op. */
  async startCalendarReplan(workflowId: string, input: CalendarReplanInput): Promise<void> {
    try {
      await this.client.workflow.start('calendarReplanWorkflow', {
        taskQueue: this.settings.temporal.taskQueue,
        workflowId,
        args: [input],
      });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return;
      throw new UnavailableError(`Temporal did not accept the calendar's re-plan: ${(error as Error).message}`);
    }
  }

  /**
   * Executes an Update and waits for its result. Validator rejections come back as domain
   * errors; a workflow that is not running comes back as {@link WorkflowNotRunningError}.
   * `deadline` (by default the request's budget from now) bounds the whole call.
   */
  async update<Ret, Arg>(
    workflowId: string,
    definition: UpdateDefinition<Ret, [Arg]>,
    arg: Arg,
    deadline = new Date(Date.now() + this.settings.updateTimeoutMs),
  ): Promise<Ret> {
    const handle = this.client.workflow.getHandle(workflowId);
    const execute = (): Promise<Ret> =>
      this.client.withDeadline(deadline, () =>
        handle.executeUpdate(definition, { args: [withCaller(arg)], ...updateIdOf(workflowId, definition) }),
      );
    try {
      return await this.timed(definition.name, execute);
    } catch (error) {
      throw this.translate(error, workflowId);
    }
  }

  /**
   * Starts an Update and waits for its result within the request's budget. Once the workflow
   * has accepted it (validator passed, recorded in its history) the change will happen: if the
   * result takes longer than the budget, the answer is `done: false` rather than an error.
   */
  async updateAccepted<Ret, Arg>(
    workflowId: string,
    definition: UpdateDefinition<Ret, [Arg]>,
    arg: Arg,
  ): Promise<Settled<Ret>> {
    const handle = this.client.workflow.getHandle(workflowId);
    const deadline = new Date(Date.now() + this.settings.updateTimeoutMs);
    let update;
    try {
      update = await this.timed(definition.name, () =>
        this.client.withDeadline(deadline, () =>
          handle.startUpdate(definition, {
            args: [withCaller(arg)],
            waitForStage: WorkflowUpdateStage.ACCEPTED,
            ...updateIdOf(workflowId, definition),
          }),
        ),
      );
    } catch (error) {
      throw this.translate(error, workflowId);
    }
    return this.settle(deadline, () => update.result(), workflowId);
  }

  /**
   * Starts the withdrawal of a directive whose own workflow has ended and waits for it within
   * the request's budget. A withdrawal already under way is a conflict.
   */
  async withdrawClosedDirective(args: WithdrawClosedArgs): Promise<Settled<void>> {
    const workflowId = closedDirectiveWithdrawalWorkflowId(args.directiveId);
    const deadline = new Date(Date.now() + this.settings.updateTimeoutMs);
    let handle: WorkflowHandle;
    try {
      handle = await this.client.withDeadline(deadline, () =>
        this.client.workflow.start('closedDirectiveWithdrawalWorkflow', {
          taskQueue: this.settings.temporal.taskQueue,
          workflowId,
          args: [args],
        }),
      );
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError)
        throw new ConflictError('the directive is already being withdrawn', { status: 'withdrawn' });
      throw new UnavailableError(`Temporal did not accept the withdrawal: ${(error as Error).message}`);
    }
    return this.settle(deadline, () => handle.result() as Promise<void>, workflowId);
  }

  /** The Update's latency by its name (the task action), when the app's metrics are there. */
  private timed<T>(action: string, send: () => Promise<T>): Promise<T> {
    return this.metrics === undefined ? send() : this.metrics.timeUpdate(action, send);
  }

  private async settle<Ret>(deadline: Date, result: () => Promise<Ret>, workflowId: string): Promise<Settled<Ret>> {
    try {
      return { done: true, result: await this.client.withDeadline(deadline, result) };
    } catch (error) {
      if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isDeadlineExceeded(error))
        return { done: false };
      throw this.translate(error, workflowId);
    }
  }

  private translate(error: unknown, workflowId: string): unknown {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      const failure = error.cause;
      switch (failure.type) {
        case FailureType.IllegalTransition: {
          const d = failure.details?.[0] as IllegalTransitionDetails;
          return new IllegalTransitionError(
            d.status as TaskStatus,
            d.action as TaskAction,
            d.allowedActions as TaskAction[],
          );
        }
        case FailureType.Validation: {
          const d = failure.details?.[0] as ValidationDetails;
          return new ValidationError(d.field, d.problem);
        }
        case FailureType.NotFound:
          return new NotFoundError('item', '', failure.message);
        case FailureType.Conflict:
          return new ConflictError(failure.message);
        case FailureType.DataRejected: {
          // The task is unchanged: bad text is the caller's to fix (400), a clash with stored data a 409.
          const d = failure.details?.[0] as DataRejectedDetails;
          if (d.conflict) return new ConflictError(failure.message, { sqlState: d.sqlState });
          return new ValidationError(d.field ?? 'body', d.problem);
        }
        case FailureType.NotRecorded:
          return new UnavailableError(failure.message);
        default:
          return new UnavailableError(`the workflow failed to apply the change: ${failure.message}`);
      }
    }
    if (error instanceof WorkflowUpdateFailedError) {
      const cause = (error.cause as Error | undefined)?.message ?? 'unknown cause';
      return new UnavailableError(
        `the workflow could not complete the change (${cause}); it is being retried — read the item before retrying`,
      );
    }
    if (isWorkflowNotFound(error)) return new WorkflowNotRunningError(workflowId);
    if (isDeadlineExceeded(error)) {
      return new UnavailableError(
        'no worker answered in time; the change may still be applied — read the item before retrying',
      );
    }
    if (isTemporalUnreachable(error)) return new UnavailableError(TEMPORAL_UNREACHABLE);
    return new UnavailableError(`Temporal did not answer: ${(error as Error).message}`);
  }
}

/** Said plainly, without the addresses gRPC puts in its message; the call never reached Temporal. */
const TEMPORAL_UNREACHABLE = 'Temporal is not reachable right now, so nothing was changed; retry in a few seconds';

/**
 * Under an `Idempotency-Key`, the Update's id comes from the key: a retry of a request whose
 * first attempt died after sending it gets the first Update's outcome (Temporal keeps completed
 * Update ids of a run) instead of applying the change again or being refused as illegal now.
 */
function updateIdOf(workflowId: string, definition: { name: string }): { updateId?: string } {
  const updateId = idempotentUpdateId(workflowId, definition.name);
  return updateId === undefined ? {} : { updateId };
}

/**
 * A person's action (arguments naming an `actor`) also carries their unit and the HTTP request's
 * id, so the task's audit record can name both.
 */
function withCaller<Arg>(arg: Arg): Arg {
  const context = currentRequestContext();
  if (context === undefined || typeof arg !== 'object' || arg === null || !('actor' in arg)) return arg;
  const unit =
    context.authentication.kind === 'principal' ? { actorUnitId: context.authentication.principal.unitId } : {};
  return { ...arg, ...unit, httpRequestId: context.requestId };
}
