/**
 * Open tasks for the inbox's benchmark and its load test, written as rows (the inbox reads the
 * read model; making 5,000 through the engine would measure the fan-out, which bench/fanout does):
 * one directive per task, since a unit holds one task per directive.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/** Writes `count` open tasks of `unitId`, issued by `issuerUnitId`, due over the next 60 days. */
export async function seedOpenTasks(
  databaseUrl: string,
  issuerUnitId: string,
  unitId: string,
  count: number,
): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const now = Date.now();
    const rows = Array.from({ length: count }, (_, i) => ({
      directiveId: randomUUID(),
      taskId: randomUUID(),
      number: `${i + 1}-BENCH/${unitId}`,
      dueAt: new Date(now + (1 + (i % 60)) * 86_400_000 + i * 1_000).toISOString(),
    }));
    for (let i = 0; i < rows.length; i += 2_000) {
      const batch = rows.slice(i, i + 2_000);
      await db.query(
        `INSERT INTO directives (id, number, issuer_unit_id, subject, issued_at, coordinating_unit_id, reminder_policy, created_by)
         SELECT id, number, $3, 'Văn bản đo hiệu năng hộp việc', now(), $3, '{}'::jsonb, 'bench'
           FROM unnest($1::uuid[], $2::text[]) AS r(id, number)`,
        [batch.map((r) => r.directiveId), batch.map((r) => r.number), issuerUnitId],
      );
      await db.query(
        `INSERT INTO tasks (id, directive_id, unit_id, role, instructions, due_at, original_due_at, status, escalated, activated_at)
         SELECT id, directive, $4, 'lead', 'Báo cáo kết quả thực hiện ' || number, due, due, 'assigned', false, now()
           FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $5::text[]) AS r(id, directive, due, number)`,
        [
          batch.map((r) => r.taskId),
          batch.map((r) => r.directiveId),
          batch.map((r) => r.dueAt),
          unitId,
          batch.map((r) => r.number),
        ],
      );
    }
    await db.query('ANALYZE directives; ANALYZE tasks');
  } finally {
    await db.end();
  }
}
