import type { Client } from 'pg';

/** One column of a bulk insert: its name, its PostgreSQL type, and its value in a row. */
export type BulkColumn<Row> = readonly [name: string, type: string, value: (row: Row) => unknown];

const BATCH = 5_000;

/**
 * Inserts the rows BATCH at a time, each batch one statement that unnests one array a column:
 * a seed of 100,000 rows is 20 round trips instead of 100,000. `constants` are SQL expressions
 * the same in every row (literals, now()), kept out of the arrays.
 */
export async function bulkInsert<Row>(
  db: Client,
  table: string,
  rows: readonly Row[],
  columns: readonly BulkColumn<Row>[],
  constants: Readonly<Record<string, string>> = {},
): Promise<void> {
  const names = columns.map(([name]) => name);
  const arrays = columns.map(([, type], i) => `$${i + 1}::${type}[]`);
  const sql = `INSERT INTO ${table} (${[...names, ...Object.keys(constants)].join(', ')})
    SELECT ${[...names, ...Object.values(constants)].join(', ')}
      FROM unnest(${arrays.join(', ')}) AS r(${names.join(', ')})`;
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    await db.query(
      sql,
      columns.map(([, , value]) => batch.map(value)),
    );
  }
}

/** A directive row a benchmark seeds straight into the database (its workflow is not started). */
export interface SeededDirective {
  id: string;
  number: string;
  issuerUnitId: string;
  coordinatingUnitId: string;
  parentDirectiveId: string | null;
  parentTaskId: string | null;
}

/** Writes seeded directives, each with the reminder policy given. */
export async function insertSeededDirectives(
  db: Client,
  rows: readonly SeededDirective[],
  reminderPolicy: unknown,
): Promise<void> {
  const policyJson = JSON.stringify(reminderPolicy);
  await bulkInsert<SeededDirective>(
    db,
    'directives',
    rows,
    [
      ['id', 'uuid', (d) => d.id],
      ['number', 'text', (d) => d.number],
      ['issuer_unit_id', 'text', (d) => d.issuerUnitId],
      ['coordinating_unit_id', 'text', (d) => d.coordinatingUnitId],
      ['parent_directive_id', 'uuid', (d) => d.parentDirectiveId],
      ['parent_task_id', 'uuid', (d) => d.parentTaskId],
      ['reminder_policy', 'jsonb', () => policyJson],
    ],
    { subject: "'Triển khai văn bản cấp trên'", issued_at: 'now()', created_by: "'bench'" },
  );
}

/** What every seeded task row gives; a seed adds the columns its figures need. */
export interface SeededTask {
  id: string;
  directiveId: string;
  unitId: string;
  dueAt: Date;
  originalDueAt: Date;
  status: string;
}

/** Writes seeded tasks (the lead role, active from now), with the seed's own columns after the common ones. */
export async function insertSeededTasks<Row extends SeededTask>(
  db: Client,
  rows: readonly Row[],
  ownColumns: readonly BulkColumn<Row>[],
): Promise<void> {
  await bulkInsert<Row>(
    db,
    'tasks',
    rows,
    [
      ['id', 'uuid', (t) => t.id],
      ['directive_id', 'uuid', (t) => t.directiveId],
      ['unit_id', 'text', (t) => t.unitId],
      ['due_at', 'timestamptz', (t) => t.dueAt],
      ['original_due_at', 'timestamptz', (t) => t.originalDueAt],
      ['status', 'text', (t) => t.status],
      ...ownColumns,
    ],
    { role: "'lead'", instructions: "'Triển khai thực hiện'", activated_at: 'now()' },
  );
}
