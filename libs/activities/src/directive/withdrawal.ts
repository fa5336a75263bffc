/**
 * A directive's withdrawal as PostgreSQL records it: the directive row and its audit record, the
 * tasks whose workflows never started, and the cause a withdrawn task names (its own directive's
 * withdrawal, or one that came down from a parent).
 */
import type { DataSource, EntityManager } from 'typeorm';
import { appendAuditRecord } from '@dondoc/audit';
import { classifyDatabaseErrors } from '../database-errors';
import { writeWithdrawnBeforeStartEvents } from '../delivery/lifecycle-events';

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

/**
 * The withdrawal cause of a directive, read from the chain above it: a parent withdrawn no later
 * than it means the withdrawal came down from that parent (a cascade marks the parent first,
 * then the child). The root is the topmost directive of that unbroken run.
 */
export async function describeWithdrawalOf(
  db: DataSource | EntityManager,
  directiveId: string,
): Promise<WithdrawalDescription | undefined> {
  const rows: {
    id: string;
    number: string;
    depth: number;
    withdrawn_by: string | null;
    withdrawn_reason: string | null;
  }[] = await db.query(
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
  const root = rows.at(-1) ?? self;
  const parent = rows[1];
  return {
    actor: self.withdrawn_by ?? 'system',
    reason: self.withdrawn_reason,
    cascade:
      parent === undefined
        ? null
        : { rootDirectiveId: root.id, rootDirectiveNumber: root.number, parentDirectiveId: parent.id },
  };
}

/** Builds the withdrawal's own writes over the read model. */
export function createWithdrawalActivities(dataSource: DataSource, publicUrl: string) {
  return {
    /** Records the withdrawal on the directive row and in the audit trail (once). */
    async markDirectiveWithdrawn(input: DirectiveWithdrawal): Promise<void> {
      await recordDirectiveWithdrawal(dataSource, input);
    },

    /**
     * Cancels tasks of a withdrawn directive whose workflows never started (a successor not yet
     * launched, or a fan-out cut short), with one task event and one `directive.withdrawn` outbox event each.
     */
    async cancelUnstartedTasks(input: { directiveId: string; actor: string }): Promise<number> {
      return classifyDatabaseErrors('cancelUnstartedTasks', () =>
        dataSource.transaction(async (db) => {
          // For UPDATE … RETURNING, TypeORM's PostgreSQL driver answers [rows, affectedCount].
          const [rows]: [{ id: string; version: number }[], number] = await db.query(
            `UPDATE tasks SET status = 'cancelled', closed_at = now(), version = version + 1, updated_at = now()
             WHERE directive_id = $1 AND activated_at IS NULL AND status IN ('assigned', 'acknowledged', 'in_progress', 'submitted')
             RETURNING id, version`,
            [input.directiveId],
          );
          const withdrawal = rows.length > 0 ? await describeWithdrawalOf(db, input.directiveId) : undefined;
          const data = withdrawal?.cascade
            ? { cause: 'parent directive withdrawn', directiveId: input.directiveId, ...withdrawal.cascade }
            : { cause: 'directive withdrawn' };
          for (const row of rows) {
            await db.query(
              `INSERT INTO task_events (id, task_id, directive_id, sequence, actor, action, from_status, to_status, data, occurred_at)
               VALUES ($1, $2, $3, $4, $5, 'cancel', 'assigned', 'cancelled', $6, now()) ON CONFLICT (id) DO NOTHING`,
              [
                `${row.id}:withdrawn-before-start`,
                row.id,
                input.directiveId,
                row.version,
                input.actor,
                JSON.stringify(data),
              ],
            );
          }
          await writeWithdrawnBeforeStartEvents(
            db,
            rows.map((row) => row.id),
            'withdrawn-before-start',
            { unitId: null, sub: input.actor },
            publicUrl,
          );
          // Last in the transaction: the audit chain's lock is held until the commit.
          for (const row of rows) {
            await appendAuditRecord(db, {
              actor: input.actor,
              unitId: null,
              action: 'task.cancel',
              targetType: 'task',
              targetId: row.id,
              before: { status: 'assigned' },
              after: { status: 'cancelled', data },
              requestId: null,
            });
          }
          return rows.length;
        }),
      );
    },
  };
}
