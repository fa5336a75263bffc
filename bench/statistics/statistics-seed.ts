/**
 * Builds the statistics benchmark's data: an organisation of about 3,000 units (the centre, its
 * steering committee and propaganda board, provinces, districts, communes) through POST /units,
 * then a three-level cascade of about 100,000 tasks with deadlines over one year, written as
 * ROWS straight into PostgreSQL without workflows (as bench/cascade does, for the same reason:
 * the statistics read only these rows). Outcomes are spread deterministically: on time, late,
 * extended, open, overdue, awaiting review, waived, cancelled, reassigned; some escalated.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DEFAULT_REMINDER_POLICY, type StatisticsTask, type TaskStatus } from '@dondoc/domain';
import { asAdmin } from '../../test/integration/support/api';
import type { Stack } from '../../test/integration/support/stack';
import {
  bulkInsert,
  insertSeededDirectives,
  insertSeededTasks,
  type SeededDirective,
  type SeededTask,
} from '../support/bulk-insert';

/** How wide each level is: root directives × provinces × districts × communes tasks. */
export interface StatisticsShape {
  rootDirectives: number;
  provinces: number;
  districtsPerProvince: number;
  communesPerDistrict: number;
  /** The year whose deadlines the tasks have. */
  year: number;
}

/** What was built, for the benchmark's readers and checks. */
export interface SeededStatistics {
  prefix: string;
  unitCount: number;
  taskCount: number;
  directiveCount: number;
  /** The centre's steering committee coordinates every directive of the cascade. */
  coordinatorUnitId: string;
  /** Every task as the statistics see it, with its unit, for a count made in code. */
  tasks: (StatisticsTask & { unitId: string })[];
}

const DAY = 86_400_000;

interface TaskRow extends StatisticsTask, Omit<SeededTask, 'status'> {
  status: TaskStatus;
}

/** A number from 0 to 99 fixed by `key`: the same spread every run. */
function bucket(key: string): number {
  return createHash('sha1').update(key).digest().readUInt16BE(0) % 100;
}

/** The outcome of the task `key`, due at `due`, judged at `now`: statuses and instants. */
function taskFacts(key: string, due: Date, now: number): StatisticsTask {
  const b = bucket(key);
  const at = (offsetDays: number, base = due): Date => new Date(base.getTime() + offsetDays * DAY);
  const base = {
    dueAt: due,
    originalDueAt: due,
    submittedAt: null,
    completedAt: null,
    everEscalated: bucket(`${key}:e`) < 8,
  };
  // One report in three is reviewed: accepted two days after its submission, if that has come.
  const accepted = (delivered: Date): Date =>
    bucket(`${key}:r`) < 33 && delivered.getTime() + 2 * DAY <= now ? at(2, delivered) : delivered;
  const done = (delivered: Date, extra: Partial<StatisticsTask> = {}): StatisticsTask =>
    delivered.getTime() > now
      ? { ...base, ...extra, status: 'in_progress' }
      : { ...base, ...extra, status: 'completed', submittedAt: delivered, completedAt: accepted(delivered) };
  if (b < 45) return done(at(-(b % 7) - 0.5));
  if (b < 60) return done(at((b % 9) + 0.5));
  if (b < 65) return done(at(5), { dueAt: at(10) });
  if (b < 75) return { ...base, status: (['assigned', 'acknowledged', 'in_progress'] as const)[b % 3]! };
  if (b < 80) return { ...base, status: 'submitted', submittedAt: new Date(Math.min(now, at(-1).getTime())) };
  const closed: TaskStatus = b < 85 ? 'waived' : b < 90 ? 'cancelled' : 'reassigned';
  return { ...base, status: closed };
}

/** Creates the units through POST /units; the ids of each level. */
async function createUnits(
  stack: Stack,
  prefix: string,
  shape: StatisticsShape,
): Promise<{ centre: string; coordinator: string; issuer: string; provinces: string[]; count: number }> {
  const centre = `${prefix}/tw`;
  const coordinator = `${centre}/bcd35`;
  const issuer = `${centre}/btg`;
  const units: { id: string; name: string; level: string; parentId?: string; coordinatingUnitId?: string }[] = [
    { id: centre, name: 'Trung ương', level: 'central', coordinatingUnitId: coordinator },
    { id: coordinator, name: 'Ban Chỉ đạo 35 Trung ương', level: 'agency', parentId: centre },
    { id: issuer, name: 'Ban Tuyên giáo và Dân vận Trung ương', level: 'agency', parentId: centre },
  ];
  const provinces: string[] = [];
  for (let p = 0; p < shape.provinces; p += 1) {
    const province = `${centre}/p${p}`;
    provinces.push(province);
    units.push({ id: province, name: `Tỉnh ủy số ${p + 1}`, level: 'province', parentId: centre });
    for (let d = 0; d < shape.districtsPerProvince; d += 1) {
      const district = `${province}/d${d}`;
      units.push({ id: district, name: `Huyện ủy ${p + 1}.${d + 1}`, level: 'district', parentId: province });
      for (let c = 0; c < shape.communesPerDistrict; c += 1)
        units.push({
          id: `${district}/c${c}`,
          name: `Đảng ủy xã ${p + 1}.${d + 1}.${c + 1}`,
          level: 'commune',
          parentId: district,
        });
    }
  }
  for (let i = 0; i < units.length; i += 5_000) {
    const response = await stack.http.post('/units', { units: units.slice(i, i + 5_000) }, asAdmin('bench.seed'));
    if (response.status !== 200)
      throw new Error(`POST /units answered ${response.status}: ${JSON.stringify(response.body).slice(0, 300)}`);
  }
  return { centre, coordinator, issuer, provinces, count: units.length };
}

/** Builds the organisation and the cascade; see the file comment. */
export async function seedStatistics(stack: Stack, shape: StatisticsShape): Promise<SeededStatistics> {
  const prefix = `bench-${randomUUID().slice(0, 6)}`;
  const units = await createUnits(stack, prefix, shape);
  const now = Date.now();
  const yearStart = Date.parse(`${shape.year}-01-01T17:00:00+07:00`);
  const db = new Client({ connectionString: stack.databaseUrl });
  await db.connect();
  const all: TaskRow[] = [];
  let directiveCount = 0;
  try {
    for (let r = 0; r < shape.rootDirectives; r += 1) {
      // Root deadlines spread over the year; each level below is due a few days earlier.
      const rootDue = new Date(yearStart + (7 + Math.floor(((r + 0.5) * 350) / shape.rootDirectives)) * DAY);
      // Levels are written in order: a directive's parent task must exist before it does.
      const directives: SeededDirective[][] = [[], [], []];
      const tasks: TaskRow[][] = [[], [], []];
      const addTask = (level: number, directiveId: string, unitId: string, due: Date): TaskRow => {
        const row = { id: randomUUID(), directiveId, unitId, ...taskFacts(`${r}:${unitId}`, due, now) };
        tasks[level]!.push(row);
        return row;
      };
      const root: SeededDirective = {
        id: randomUUID(),
        number: `${100 + r}-CV/BTGDVTW`,
        issuerUnitId: units.issuer,
        coordinatingUnitId: units.coordinator,
        parentDirectiveId: null,
        parentTaskId: null,
      };
      directives[0]!.push(root);
      for (const province of units.provinces) {
        const provinceTask = addTask(0, root.id, province, rootDue);
        const pd: SeededDirective = {
          id: randomUUID(),
          number: `${200 + r}-CV/TU`,
          issuerUnitId: province,
          coordinatingUnitId: units.coordinator,
          parentDirectiveId: root.id,
          parentTaskId: provinceTask.id,
        };
        directives[1]!.push(pd);
        for (let d = 0; d < shape.districtsPerProvince; d += 1) {
          const district = `${province}/d${d}`;
          const districtTask = addTask(1, pd.id, district, new Date(rootDue.getTime() - 3 * DAY));
          const dd: SeededDirective = {
            id: randomUUID(),
            number: `${300 + r}-CV/HU`,
            issuerUnitId: district,
            coordinatingUnitId: units.coordinator,
            parentDirectiveId: pd.id,
            parentTaskId: districtTask.id,
          };
          directives[2]!.push(dd);
          for (let c = 0; c < shape.communesPerDistrict; c += 1)
            addTask(2, dd.id, `${district}/c${c}`, new Date(rootDue.getTime() - 6 * DAY));
        }
      }
      for (let level = 0; level < 3; level += 1) {
        await insertSeededDirectives(db, directives[level]!, DEFAULT_REMINDER_POLICY);
        await insertSeededTasks(db, tasks[level]!, [
          ['submitted_at', 'timestamptz', (t) => t.submittedAt],
          ['completed_at', 'timestamptz', (t) => t.completedAt],
        ]);
        await insertEscalations(
          db,
          tasks[level]!.filter((t) => t.everEscalated),
          units.coordinator,
        );
        directiveCount += directives[level]!.length;
        all.push(...tasks[level]!);
      }
    }
    await db.query('ANALYZE units; ANALYZE directives; ANALYZE tasks; ANALYZE escalations; ANALYZE escalation_levels');
  } finally {
    await db.end();
  }
  return {
    prefix,
    unitCount: units.count,
    taskCount: all.length,
    directiveCount,
    coordinatorUnitId: units.coordinator,
    tasks: all,
  };
}

/** One escalation (and its first level) per escalated task, to the centre's steering committee. */
async function insertEscalations(db: Client, rows: TaskRow[], coordinator: string): Promise<void> {
  const escalations = rows.map((task) => ({ id: randomUUID(), task }));
  await bulkInsert<(typeof escalations)[number]>(
    db,
    'escalations',
    escalations,
    [
      ['id', 'uuid', (e) => e.id],
      ['task_id', 'uuid', (e) => e.task.id],
      ['directive_id', 'uuid', (e) => e.task.directiveId],
      ['unit_id', 'text', (e) => e.task.unitId],
      ['coordinating_unit_id', 'text', () => coordinator],
      ['current_unit_id', 'text', () => coordinator],
      ['opened_at', 'timestamptz', (e) => new Date(e.task.originalDueAt.getTime() + DAY)],
    ],
    { level: '1', status: "'closed'" },
  );
  await db.query(
    `INSERT INTO escalation_levels (escalation_id, level, coordinating_unit_id, opened_at)
     SELECT id, 1, coordinating_unit_id, opened_at FROM escalations WHERE id = ANY($1::uuid[])`,
    [escalations.map((e) => e.id)],
  );
}
