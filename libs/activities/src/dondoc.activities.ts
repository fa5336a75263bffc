/**
 * Activities: every piece of I/O the workflows need. Each is idempotent, so Temporal may retry
 * any of them at any point without writing twice.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { WorkflowClient } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { appendAuditRecord } from '@dondoc/audit';
import { createCalendarReplanActivities } from './calendar-replan';
import { createEscalationChainActivities } from './escalation-chain';
import { classifyDatabaseErrors } from './errors';
import { createReportPeriodActivities } from './report-periods';
import { applyTaskChange } from './task-projection';
import type { AssignmentRef } from '@dondoc/workflows/directive/contract';
import type { OpenReportPeriodInput, OpenReportPeriodResult } from '@dondoc/workflows/report-series/contract';
import type { TaskChange } from '@dondoc/workflows/unit-task/task-change';
import { createCascadeActivities, describeWithdrawalOf, recordDirectiveWithdrawal, type DirectiveWithdrawal, type WithdrawalDescription } from './withdrawal-cascade';

/** What the activities reach besides PostgreSQL: Temporal, to withdraw implementing directives. */
export interface ActivityDependencies {
  workflows: WorkflowClient;
}

/** Builds the activities over a connected data source and client (the composition root injects them). */
export function createActivities(dataSource: DataSource, deps: ActivityDependencies) {
  return {
    ...createCascadeActivities(dataSource, deps.workflows),
    ...createEscalationChainActivities(dataSource),
    ...createReportPeriodActivities(dataSource, deps.workflows),
    ...createCalendarReplanActivities(dataSource, deps.workflows),

    /** Writes one task change (row, event, notices, escalation, extension request, successor). */
    async recordTaskChange(change: TaskChange): Promise<void> {
      await classifyDatabaseErrors('recordTaskChange', () => dataSource.transaction((db) => applyTaskChange(db, change)));
    },

    /** A page of the directive's initial assignments (a periodic report by its period 0), in a stable order. */
    async loadAssignments(input: { directiveId: string; offset: number; limit: number }): Promise<AssignmentRef[]> {
      // The API starts the workflow just before committing the directive; until the commit is
      // visible, fail retryably rather than read an empty page.
      const directive: unknown[] = await dataSource.query(`SELECT 1 FROM directives WHERE id = $1`, [input.directiveId]);
      if (directive.length === 0) throw new Error(`directive ${input.directiveId} is not visible yet`);
      const rows: { id: string; unit_id: string; role: AssignmentRef['role']; due_at: Date; original_due_at: Date; recurrence: AssignmentRef['recurrence'] }[] =
        await classifyDatabaseErrors('loadAssignments', () =>
          dataSource.query(
            // Later periods are opened by their series while the fan-out pages on: leaving them out keeps offsets stable.
            `SELECT id, unit_id, role, due_at, original_due_at, recurrence FROM tasks
             WHERE directive_id = $1 AND reassigned_from_task_id IS NULL AND COALESCE(period, 0) = 0
             ORDER BY unit_id OFFSET $2 LIMIT $3`,
            [input.directiveId, input.offset, input.limit],
          ),
        );
      return rows.map((r) => ({
        taskId: r.id,
        unitId: r.unit_id,
        role: r.role,
        dueAt: r.due_at.toISOString(),
        originalDueAt: r.original_due_at.toISOString(),
        ...(r.recurrence ? { recurrence: r.recurrence } : {}),
      }));
    },

    /**
     * Opens one period of a periodic report: inserts its task (a copy of period 0 with its own
     * deadline), unless the directive is withdrawn. Idempotent: a retry, or a replayed workflow,
     * finds the period's row already there and answers its id.
     */
    async openReportPeriod(input: OpenReportPeriodInput): Promise<OpenReportPeriodResult> {
      return classifyDatabaseErrors('openReportPeriod', () =>
        dataSource.transaction(async (db) => {
          const active: unknown[] = await db.query(`SELECT 1 FROM directives WHERE id = $1 AND status = 'active' FOR SHARE`, [input.directiveId]);
          if (active.length === 0) return null;
          const inserted: { id: string }[] = await db.query(
            `INSERT INTO tasks (id, directive_id, unit_id, role, instructions, due_at, original_due_at, status, period, recurrence)
             SELECT $1, directive_id, unit_id, role, instructions, $4, $4, 'assigned', $5, recurrence
             FROM tasks WHERE directive_id = $2 AND unit_id = $3 AND period = 0
             ON CONFLICT DO NOTHING RETURNING id`,
            [input.taskId, input.directiveId, input.unitId, input.dueAt, input.period],
          );
          // Recorded once: a retry inserts nothing.
          if (inserted.length > 0) {
            await appendAuditRecord(db, {
              actor: 'system',
              unitId: null,
              action: 'task.open_period',
              targetType: 'task',
              targetId: input.taskId,
              before: null,
              after: { unitId: input.unitId, period: input.period, dueAt: input.dueAt, status: 'assigned' },
              requestId: null,
            });
          }
          const rows: { id: string }[] = await db.query(`SELECT id FROM tasks WHERE directive_id = $1 AND unit_id = $2 AND period = $3`, [
            input.directiveId,
            input.unitId,
            input.period,
          ]);
          const row = rows[0];
          if (row === undefined) throw ApplicationFailure.nonRetryable(`unit ${input.unitId} has no periodic report in directive ${input.directiveId}`, 'NOT_FOUND');
          return { taskId: row.id };
        }),
      );
    },

    /** Marks tasks whose workflows have started; repeated calls keep the first instant. */
    async activateTasks(input: { taskIds: string[]; at: string }): Promise<void> {
      await classifyDatabaseErrors('activateTasks', () =>
        dataSource.query(`UPDATE tasks SET activated_at = $2 WHERE id = ANY($1::uuid[]) AND activated_at IS NULL`, [input.taskIds, input.at]),
      );
    },

    /** Records the withdrawal on the directive row and in the audit trail (once). */
    async markDirectiveWithdrawn(input: DirectiveWithdrawal): Promise<void> {
      await recordDirectiveWithdrawal(dataSource, input);
    },

    /** Who withdrew the directive and why (and from which root, in a cascade), for its tasks' cancellation events. */
    async describeWithdrawal(input: { directiveId: string }): Promise<WithdrawalDescription> {
      const description = await classifyDatabaseErrors('describeWithdrawal', () => describeWithdrawalOf(dataSource, input.directiveId));
      if (description === undefined) throw ApplicationFailure.nonRetryable(`directive ${input.directiveId} does not exist`, 'NOT_FOUND');
      return description;
    },

    /**
     * Cancels tasks of a withdrawn directive whose workflows never started (a successor not yet
     * launched, or a fan-out cut short), with one event each.
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
              [`${row.id}:withdrawn-before-start`, row.id, input.directiveId, row.version, input.actor, JSON.stringify(data)],
            );
          }
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

/** The activity interface workflows proxy (imported by type only). */
export type DondocActivities = ReturnType<typeof createActivities>;
