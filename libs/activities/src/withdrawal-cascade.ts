/**
 * Withdrawal cascades: a withdrawn directive withdraws every directive implementing it, each
 * through its own workflow, which does the same for its own children. PostgreSQL says who the
 * children are; Temporal carries each withdrawal, so each child's validator keeps it idempotent.
 */
import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError, type WorkflowClient } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { DataSource, EntityManager } from 'typeorm';
import { appendAuditRecord } from '@dondoc/audit';
import { isWorkflowNotFound } from '@dondoc/temporal';
import { directiveWorkflowId, withdrawUpdate } from '@dondoc/workflows/directive/contract';
import { FailureType } from '@dondoc/workflows/shared/failures';
import { classifyDatabaseErrors } from './errors';

/** A directive's withdrawal as its row and the audit trail record it. */
export interface DirectiveWithdrawal {
  directiveId: string;
  actor: string;
  reason: string | null;
  /** ISO date-time of the withdrawal. */
  at: string;
}

/**
 * Marks an active directive withdrawn and appends its audit record in the same transaction.
 * Only the write that withdrew it is recorded: a retry finds it withdrawn and adds nothing.
 */
export async function recordDirectiveWithdrawal(dataSource: DataSource, input: DirectiveWithdrawal): Promise<void> {
  await classifyDatabaseErrors('recordDirectiveWithdrawal', () =>
    dataSource.transaction(async (db) => {
      // For UPDATE … RETURNING, TypeORM's PostgreSQL driver answers [rows, affectedCount].
      const [rows]: [{ id: string }[], number] = await db.query(
        `UPDATE directives SET status = 'withdrawn', withdrawn_at = $2, withdrawn_by = $3, withdrawn_reason = $4, updated_at = now()
         WHERE id = $1 AND status = 'active' RETURNING id`,
        [input.directiveId, input.at, input.actor, input.reason],
      );
      if (rows.length === 0) return;
      await appendAuditRecord(db, {
        actor: input.actor,
        unitId: null,
        action: 'directive.withdraw',
        targetType: 'directive',
        targetId: input.directiveId,
        before: { status: 'active' },
        after: { status: 'withdrawn', reason: input.reason },
        requestId: null,
        at: input.at,
      });
    }),
  );
}

/** How long each child's withdraw Update may wait for its own tasks before answering. */
const CHILD_WAIT_MS = 60_000;

/** What caused a directive's withdrawal, when it came down from a directive it implements. */
export interface WithdrawalCascade {
  /** The directive whose withdrawal started the cascade. */
  rootDirectiveId: string;
  rootDirectiveNumber: string;
  /** The directive this one implements. */
  parentDirectiveId: string;
}

/** Who withdrew a directive, why, and whether it came down from a parent's withdrawal. */
export interface WithdrawalDescription {
  actor: string;
  reason: string | null;
  cascade: WithdrawalCascade | null;
}

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

/**
 * The withdrawal cause of a directive, read from the chain above it: a parent withdrawn no later
 * than it means the withdrawal came down from that parent (a cascade marks the parent first,
 * then the child). The root is the topmost directive of that unbroken run.
 */
export async function describeWithdrawalOf(db: DataSource | EntityManager, directiveId: string): Promise<WithdrawalDescription | undefined> {
  const rows: { id: string; number: string; depth: number; withdrawn_by: string | null; withdrawn_reason: string | null }[] = await db.query(
    `WITH RECURSIVE up AS (
       SELECT id, number, parent_directive_id, withdrawn_at, withdrawn_by, withdrawn_reason, 0 AS depth FROM directives WHERE id = $1
       UNION ALL
       SELECT p.id, p.number, p.parent_directive_id, p.withdrawn_at, p.withdrawn_by, p.withdrawn_reason, up.depth + 1
       FROM up JOIN directives p ON p.id = up.parent_directive_id
       WHERE p.status = 'withdrawn' AND p.withdrawn_at <= up.withdrawn_at AND up.depth < 100
     )
     SELECT id, number, depth, withdrawn_by, withdrawn_reason FROM up ORDER BY depth`,
    [directiveId],
  );
  const self = rows[0];
  if (self === undefined) return undefined;
  const root = rows.at(-1)!;
  const parent = rows[1];
  return {
    actor: self.withdrawn_by ?? 'system',
    reason: self.withdrawn_reason,
    cascade: parent === undefined ? null : { rootDirectiveId: root.id, rootDirectiveNumber: root.number, parentDirectiveId: parent.id },
  };
}

/** Builds the cascade activity over the read model and a Temporal client. */
export function createCascadeActivities(dataSource: DataSource, workflows: WorkflowClient) {
  type Child = { id: string; number: string; parent_number: string };

  /** Sends the withdraw Update to the child's workflow; says what became of it. */
  const withdrawThroughWorkflow = async (child: Child, actor: string, reason: string): Promise<'withdrawn' | 'skipped' | 'closed'> => {
    try {
      // Given up with the activity (cancelled, timed out, worker shutting down) rather than left waiting.
      await workflows.withAbortSignal(Context.current().cancellationSignal, () =>
        workflows.getHandle(directiveWorkflowId(child.id)).executeUpdate(withdrawUpdate, { args: [{ actor, reason, waitMs: CHILD_WAIT_MS }] }),
      );
      return 'withdrawn';
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === FailureType.Conflict) {
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
          await recordDirectiveWithdrawal(dataSource, { directiveId: child.id, actor: input.actor, reason, at: new Date().toISOString() });
          pending.push(child.id);
        }
      }
      return result;
    },
  };
}
