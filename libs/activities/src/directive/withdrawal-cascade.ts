/**
 * Withdrawal cascades: a withdrawn directive withdraws every directive implementing it, each
 * through its own workflow, which does the same for its own children. PostgreSQL says who the
 * children are; Temporal carries each withdrawal, so each child's validator keeps it idempotent.
 */
import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError, type WorkflowClient } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { isWorkflowNotFound } from '@dondoc/temporal';
import { directiveWorkflowId, withdrawUpdate } from '@dondoc/workflows/directive/contract';
import { FailureType } from '@dondoc/workflows/shared/failures';
import { classifyDatabaseErrors } from '../database-errors';
import { recordDirectiveWithdrawal } from './withdrawal';

/** How long each child's withdraw Update may wait for its own tasks before answering. */
const CHILD_WAIT_MS = 60_000;

/** Input of the cascade activity: the directive just withdrawn, and by whom. */
export interface WithdrawImplementingInput {
  directiveId: string;
  actor: string;
  reason: string | null;
}

/** What the cascade activity did to the directives directly or indirectly below. */
export interface WithdrawImplementingResult {
  /** Withdrawn through their workflows (each then cascades further itself). */
  withdrawn: string[];
  /** Already withdrawn by someone else: skipped. */
  skipped: string[];
  /** Workflows already ended (no open task): marked withdrawn here, their children visited here. */
  closed: string[];
}

/** Builds the cascade activity over the read model and a Temporal client. */
export function createCascadeActivities(dataSource: DataSource, workflows: WorkflowClient) {
  type Child = { id: string; number: string; parent_number: string };

  /** Sends the withdraw Update to the child's workflow; says what became of it. */
  const withdrawThroughWorkflow = async (
    child: Child,
    actor: string,
    reason: string,
  ): Promise<'withdrawn' | 'skipped' | 'closed'> => {
    try {
      // Given up with the activity (cancelled, timed out, worker shutting down) rather than left waiting.
      await workflows.withAbortSignal(Context.current().cancellationSignal, () =>
        workflows
          .getHandle(directiveWorkflowId(child.id))
          .executeUpdate(withdrawUpdate, { args: [{ actor, reason, waitMs: CHILD_WAIT_MS }] }),
      );
      return 'withdrawn';
    } catch (error) {
      if (
        error instanceof WorkflowUpdateFailedError &&
        error.cause instanceof ApplicationFailure &&
        error.cause.type === FailureType.Conflict
      ) {
        return 'skipped';
      }
      if (isWorkflowNotFound(error)) return 'closed';
      throw error;
    }
  };

  return {
    /**
     * Withdraws every active directive implementing `directiveId`, through each one's workflow,
     * with the withdrawing actor and a reason naming the parent. A child whose workflow already
     * ended has no open task: it is marked withdrawn here and its own children visited here.
     * Safe to retry: only active children are read, and a child's validator refuses a second withdrawal.
     */
    async withdrawImplementingDirectives(input: WithdrawImplementingInput): Promise<WithdrawImplementingResult> {
      const result: WithdrawImplementingResult = { withdrawn: [], skipped: [], closed: [] };
      const pending = [input.directiveId];
      for (let parentId = pending.shift(); parentId !== undefined; parentId = pending.shift()) {
        const children: Child[] = await classifyDatabaseErrors('withdrawImplementingDirectives', () =>
          dataSource.query(
            `SELECT c.id, c.number, p.number AS parent_number FROM directives c JOIN directives p ON p.id = c.parent_directive_id
             WHERE c.parent_directive_id = $1 AND c.status = 'active' ORDER BY c.created_at, c.id`,
            [parentId],
          ),
        );
        for (const child of children) {
          Context.current().heartbeat({ directiveId: child.id });
          const reason = `the directive it implements, ${child.parent_number}, was withdrawn${input.reason ? `: ${input.reason}` : ''}`;
          const outcome = await withdrawThroughWorkflow(child, input.actor, reason);
          result[outcome].push(child.id);
          if (outcome !== 'closed') continue;
          // Its workflow has ended, so nothing else records this withdrawal: the row and the audit trail do it here.
          await recordDirectiveWithdrawal(dataSource, {
            directiveId: child.id,
            actor: input.actor,
            reason,
            at: new Date().toISOString(),
          });
          pending.push(child.id);
        }
      }
      return result;
    },
  };
}
