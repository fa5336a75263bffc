/**
 * Many task changes at once, as a burst of people's actions reaches the workers: every change's
 * event row, task row and audit record are written once (a retried one not again), each task ends
 * at its last change, and the audit chain they all append to stays one gapless, verifying chain.
 */
import { verifyAuditChain } from '@dondoc/audit';
import { useTestDatabase } from '../support/database';
import { rowsOf, seedAssignedTask, taskChange, type SeededTask } from './seed';

const TASKS = 24;
const CHANGES_PER_TASK = 3;

describe('task changes written concurrently', () => {
  // Twelve connections, so the writers really run at once and queue on the chain's lock.
  const database = useTestDatabase({ poolSize: 12 });

  it('writes each change once and keeps the audit chain whole', async () => {
    const tasks: SeededTask[] = [];
    for (let i = 0; i < TASKS; i += 1) tasks.push(await seedAssignedTask(database.dataSource));
    const { count: before } = (
      await database.dataSource.query(`SELECT count(*)::int AS count FROM audit_records`)
    )[0] as {
      count: number;
    };

    // Progress 1, 2, 3 on every task, each change sent twice (a retried activity), all at once.
    const changes = tasks.flatMap((task) =>
      Array.from({ length: CHANGES_PER_TASK }, (_, i) =>
        taskChange(task, i + 1, i === 0 ? 'assigned' : 'in_progress', 'in_progress', {
          patch: { progressPercent: (i + 1) * 10, progressNote: `lần ${i + 1}` },
          data: { percent: (i + 1) * 10 },
        }),
      ),
    );
    await Promise.all([...changes, ...changes].map((change) => database.activities.recordTaskChange(change)));

    for (const task of tasks) {
      const [row] = await rowsOf<{ status: string; version: number; progress_percent: number }>(
        database.dataSource,
        'tasks',
        'id',
        task.taskId,
      );
      expect(row).toMatchObject({ status: 'in_progress', version: CHANGES_PER_TASK, progress_percent: 30 });
      const events = await rowsOf<{ sequence: number }>(
        database.dataSource,
        'task_events',
        'task_id',
        task.taskId,
        'sequence',
      );
      expect(events.map((event) => event.sequence)).toEqual([1, 2, 3]);
    }
    const audited = await database.dataSource.query<{ target_id: string; n: number }[]>(
      `SELECT target_id, count(*)::int AS n FROM audit_records WHERE target_id = ANY($1) GROUP BY target_id`,
      [tasks.map((task) => task.taskId)],
    );
    expect(audited).toHaveLength(TASKS);
    expect(audited.every((row) => row.n === CHANGES_PER_TASK)).toBe(true);
    const chain = await verifyAuditChain(database.dataSource);
    expect(chain).toEqual({ intact: true, count: before + TASKS * CHANGES_PER_TASK, lastHash: expect.any(String) });
  });
});
