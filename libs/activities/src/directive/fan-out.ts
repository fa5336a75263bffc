/**
 * The fan-out's reads and writes: pages of a directive's initial assignments for its shards, and
 * the mark on each task whose workflow has started.
 */
import type { DataSource } from 'typeorm';
import type { AssignmentRef } from '@dondoc/workflows/directive/contract';
import { classifyDatabaseErrors } from '../database-errors';
import { writeAssignedEvents } from '../delivery/lifecycle-events';

/** Builds the fan-out activities over the read model. */
export function createFanOutActivities(dataSource: DataSource, publicUrl: string) {
  return {
    /** A page of the directive's initial assignments (a periodic report by its period 0), in a stable order. */
    async loadAssignments(input: { directiveId: string; offset: number; limit: number }): Promise<AssignmentRef[]> {
      // The API starts the workflow just before committing the directive; until the commit is
      // visible, fail retryably rather than read an empty page.
      const directive: unknown[] = await dataSource.query(`SELECT 1 FROM directives WHERE id = $1`, [
        input.directiveId,
      ]);
      if (directive.length === 0) throw new Error(`directive ${input.directiveId} is not visible yet`);
      const rows: {
        id: string;
        unit_id: string;
        role: AssignmentRef['role'];
        due_at: Date;
        original_due_at: Date;
        recurrence: AssignmentRef['recurrence'];
      }[] = await classifyDatabaseErrors('loadAssignments', () =>
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
     * Marks tasks whose workflows have started, and writes each one's `task.assigned` in the same
     * transaction; repeated calls keep the first instant and write no event twice.
     */
    async activateTasks(input: { taskIds: string[]; at: string }): Promise<void> {
      await classifyDatabaseErrors('activateTasks', () =>
        dataSource.transaction(async (db) => {
          await db.query(`UPDATE tasks SET activated_at = $2 WHERE id = ANY($1::uuid[]) AND activated_at IS NULL`, [
            input.taskIds,
            input.at,
          ]);
          await writeAssignedEvents(db, input.taskIds, input.at, publicUrl);
        }),
      );
    },
  };
}
