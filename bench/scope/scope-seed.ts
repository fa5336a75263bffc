/**
 * Rows for the large-scope benchmark (the list reads the read model; making the tasks through
 * the engine would measure the fan-out, which bench/fanout does). Units are written as rows
 * too, as an import writes them: the tree's paths are kept by the database, whoever writes.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/** The units and the people whose lists the benchmark reads. */
export interface ScopeShape {
  /** Units between the acting unit and the leaves. */
  districts: number;
  /** Leaves under each district. */
  communesPerDistrict: number;
  /** Directives, each to every sub-unit of the acting unit and to as many units outside it. */
  directives: number;
  /** Tasks of the ordinary officer's unit (one directive each). */
  ordinaryTasks: number;
}

/** What was seeded: the two units whose officers are measured, and how many tasks each reads. */
export interface SeededScope {
  actingUnit: string;
  ordinaryUnit: string;
  subUnits: number;
  actingTasks: number;
  outsideTasks: number;
}

const ISSUER = 'bench/trung-uong';

/** Writes the tree (an acting province above districts above communes, a twin tree outside it) and the tasks. */
export async function seedScope(databaseUrl: string, shape: ScopeShape): Promise<SeededScope> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('BEGIN');
    await db.query(`INSERT INTO units (id, name, level) VALUES ($1, 'Trung ương (đo hiệu năng)', 'central')`, [ISSUER]);
    const acting = await writeTree(db, 'bench/tinh-a', true, shape);
    const outside = await writeTree(db, 'bench/tinh-b', false, shape);
    const ordinaryUnit = 'bench/tinh-b/so-noi-vu';
    await db.query(
      `INSERT INTO units (id, name, level, parent_id) VALUES ($1, 'Sở Nội vụ', 'agency', 'bench/tinh-b')`,
      [ordinaryUnit],
    );
    await db.query('COMMIT');
    for (let d = 0; d < shape.directives; d += 1) {
      const directiveId = await writeDirective(db, `${d + 1}-BENCH/SCOPE`);
      await writeTasks(db, directiveId, [...acting, ...outside], d);
    }
    for (let i = 0; i < shape.ordinaryTasks; i += 1) {
      const directiveId = await writeDirective(db, `${i + 1}-BENCH/SO`);
      await writeTasks(db, directiveId, [ordinaryUnit], i);
    }
    await db.query('ANALYZE units; ANALYZE directives; ANALYZE tasks');
    return {
      actingUnit: 'bench/tinh-a',
      ordinaryUnit,
      subUnits: acting.length,
      actingTasks: acting.length * shape.directives,
      outsideTasks: outside.length * shape.directives + shape.ordinaryTasks,
    };
  } finally {
    await db.end();
  }
}

/** A province, its districts and their communes; answers every unit below the province. */
async function writeTree(db: Client, root: string, actsForSubUnits: boolean, shape: ScopeShape): Promise<string[]> {
  await db.query(
    `INSERT INTO units (id, name, level, parent_id, acts_for_sub_units) VALUES ($1, $1, 'province', $2, $3)`,
    [root, ISSUER, actsForSubUnits],
  );
  const districts = Array.from({ length: shape.districts }, (_, i) => `${root}/huyen-${i}`);
  const communes = districts.flatMap((district) =>
    Array.from({ length: shape.communesPerDistrict }, (_, j) => `${district}/xa-${j}`),
  );
  // Children before parents, as an import may send them: the paths settle at commit.
  await db.query(
    `INSERT INTO units (id, name, level, parent_id)
     SELECT id, id, 'commune', regexp_replace(id, '/[^/]+$', '') FROM unnest($1::text[]) AS r(id)`,
    [communes],
  );
  await db.query(
    `INSERT INTO units (id, name, level, parent_id) SELECT id, id, 'district', $2 FROM unnest($1::text[]) AS r(id)`,
    [districts, root],
  );
  return [...districts, ...communes];
}

async function writeDirective(db: Client, number: string): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO directives (id, number, issuer_unit_id, subject, issued_at, coordinating_unit_id, reminder_policy, created_by)
     VALUES ($1, $2, $3, 'Văn bản đo hiệu năng phạm vi', now(), $3, '{}'::jsonb, 'bench')`,
    [id, number, ISSUER],
  );
  return id;
}

/** One active task per unit, due over the next 60 days (spread, so pages cut across units). */
async function writeTasks(db: Client, directiveId: string, unitIds: string[], offset: number): Promise<void> {
  for (let i = 0; i < unitIds.length; i += 5_000) {
    const batch = unitIds.slice(i, i + 5_000);
    await db.query(
      `INSERT INTO tasks (id, directive_id, unit_id, role, instructions, due_at, original_due_at, status, escalated, activated_at)
       SELECT gen_random_uuid(), $1, unit, 'lead', 'Báo cáo kết quả thực hiện', due, due, 'assigned', false, now()
         FROM (SELECT unit, now() + (1 + (n + $3) % 60) * interval '1 day' + n * interval '1 second' AS due
                 FROM unnest($2::text[]) WITH ORDINALITY AS r(unit, n)) AS rows`,
      [directiveId, batch, offset],
    );
  }
}
