/**
 * Builds the benchmark's cascade. The root directive goes through POST /directives like any
 * other; the three levels below it are written as ROWS straight into PostgreSQL (directives with
 * `parent_task_id`, and their tasks), without workflows. Why: the benchmark measures the read
 * path (GET /directives/:id/tree, GET /tasks/:id/path), which reads only these rows, while
 * fanning out 20,000 unit-task workflows takes many minutes on a 2-core machine and measures
 * something else (bench/fanout does). The rows have the same shape the API and the worker write.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { asAdmin, asClerk } from '../../test/integration/support/api';
import type { Stack } from '../../test/integration/support/stack';
import {
  insertSeededDirectives,
  insertSeededTasks,
  type SeededDirective,
  type SeededTask,
} from '../support/bulk-insert';

/** How many tasks each directive of a level gives out: root → provinces → districts → communes → cells. */
export interface CascadeShape {
  provinces: number;
  districtsPerProvince: number;
  communesPerDistrict: number;
  cellsPerCommune: number;
}

/** What was built: the root, its issuing unit and the deepest tasks (for GET /tasks/:id/path). */
export interface SeededCascade {
  rootId: string;
  /** A clerk of this unit reads the whole cascade (its tree and every path). */
  rootIssuerUnitId: string;
  taskCount: number;
  directiveCount: number;
  deepestTaskIds: string[];
}

const DAY = 86_400_000;

interface TaskRow extends SeededTask {
  completedAt: Date | null;
  escalated: boolean;
}

async function expectOk<T>(call: Promise<{ status: number; body: T }>): Promise<T> {
  const response = await call;
  if (response.status >= 300)
    throw new Error(`API answered ${response.status}: ${JSON.stringify(response.body).slice(0, 500)}`);
  return response.body;
}

/** A spread of states, the same every run: mostly open, some done on time or late, some overdue. */
function taskState(
  i: number,
  now: number,
): Pick<TaskRow, 'status' | 'dueAt' | 'originalDueAt' | 'completedAt' | 'escalated'> {
  const future = new Date(now + 30 * DAY);
  const past = new Date(now - 2 * DAY);
  switch (i % 10) {
    case 0:
      return {
        status: 'completed',
        dueAt: past,
        originalDueAt: past,
        completedAt: new Date(now - 3 * DAY),
        escalated: false,
      };
    case 1:
      return {
        status: 'completed',
        dueAt: future,
        originalDueAt: past,
        completedAt: new Date(now - DAY),
        escalated: false,
      };
    case 2:
      return { status: 'in_progress', dueAt: past, originalDueAt: past, completedAt: null, escalated: i % 20 === 2 };
    case 3:
      return { status: 'acknowledged', dueAt: future, originalDueAt: future, completedAt: null, escalated: false };
    case 4:
      return { status: 'submitted', dueAt: future, originalDueAt: future, completedAt: null, escalated: false };
    default:
      return { status: 'assigned', dueAt: future, originalDueAt: future, completedAt: null, escalated: false };
  }
}

/** Creates the units of every level through POST /units, in batches. */
async function createUnits(
  stack: Stack,
  prefix: string,
  shape: CascadeShape,
): Promise<{ root: string; provinces: string[] }> {
  const root = `${prefix}/trung-uong`;
  const units: { id: string; name: string; level: string; parentId?: string }[] = [
    { id: root, name: 'Ban Tuyên giáo Trung ương', level: 'central' },
  ];
  const provinces: string[] = [];
  for (let p = 0; p < shape.provinces; p += 1) {
    const province = `${prefix}/p${p}`;
    provinces.push(province);
    units.push({ id: province, name: `Tỉnh ủy ${p}`, level: 'province', parentId: root });
    for (let d = 0; d < shape.districtsPerProvince; d += 1) {
      const district = `${province}/d${d}`;
      units.push({ id: district, name: `Huyện ủy ${p}.${d}`, level: 'district', parentId: province });
      for (let c = 0; c < shape.communesPerDistrict; c += 1) {
        const commune = `${district}/c${c}`;
        units.push({ id: commune, name: `Đảng ủy xã ${p}.${d}.${c}`, level: 'commune', parentId: district });
        for (let k = 0; k < shape.cellsPerCommune; k += 1) {
          units.push({
            id: `${commune}/k${k}`,
            name: `Chi bộ ${p}.${d}.${c}.${k}`,
            level: 'commune',
            parentId: commune,
          });
        }
      }
    }
  }
  for (let i = 0; i < units.length; i += 5_000)
    await expectOk(stack.http.post('/units', { units: units.slice(i, i + 5_000) }, asAdmin('bench.seed')));
  return { root, provinces };
}

/** Builds a 4-level cascade of the given shape; see the file comment for what goes through the API. */
export async function seedCascade(stack: Stack, shape: CascadeShape): Promise<SeededCascade> {
  const prefix = `bench-${randomUUID().slice(0, 6)}`;
  const { root: rootUnit, provinces } = await createUnits(stack, prefix, shape);
  const rootDirective = await expectOk(
    stack.http.post<{ id: string }>(
      '/directives',
      {
        number: '990-CV/BTGTW',
        issuerUnitId: rootUnit,
        subject: 'V/v tăng cường quản lý thông tin trên mạng xã hội',
        issuedAt: new Date().toISOString(),
        assignments: provinces.map((unitId) => ({
          unitId,
          role: 'lead',
          instructions: 'Triển khai thực hiện',
          dueAt: new Date(Date.now() + 30 * DAY).toISOString(),
        })),
      },
      asClerk(rootUnit, 'bench.seed'),
    ),
  );

  const db = new Client({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    const rootTasks = await db.query<{ id: string; unit_id: string }>(
      `SELECT id, unit_id FROM tasks WHERE directive_id = $1`,
      [rootDirective.id],
    );
    const policy = (
      await db.query<{ reminder_policy: unknown }>(`SELECT reminder_policy FROM directives WHERE id = $1`, [
        rootDirective.id,
      ])
    ).rows[0]!.reminder_policy;
    const now = Date.now();
    let serial = 0;
    let directiveCount = 1;
    let taskCount = rootTasks.rows.length;
    let parents: { taskId: string; unitId: string; directiveId: string }[] = rootTasks.rows.map((t) => ({
      taskId: t.id,
      unitId: t.unit_id,
      directiveId: rootDirective.id,
    }));
    const fanOut = [shape.districtsPerProvince, shape.communesPerDistrict, shape.cellsPerCommune];
    for (const [level, width] of fanOut.entries()) {
      const directives: SeededDirective[] = [];
      const tasks: TaskRow[] = [];
      for (const parent of parents) {
        const directive: SeededDirective = {
          id: randomUUID(),
          number: `${100 + level}-CV/${parent.unitId.split('/').slice(1).join('.')}`,
          issuerUnitId: parent.unitId,
          coordinatingUnitId: parent.unitId,
          parentDirectiveId: parent.directiveId,
          parentTaskId: parent.taskId,
        };
        directives.push(directive);
        const childPrefix = ['d', 'c', 'k'][level]!;
        for (let i = 0; i < width; i += 1) {
          serial += 1;
          tasks.push({
            id: randomUUID(),
            directiveId: directive.id,
            unitId: `${parent.unitId}/${childPrefix}${i}`,
            ...taskState(serial, now),
          });
        }
      }
      await insertSeededDirectives(db, directives, policy);
      await insertSeededTasks(db, tasks, [
        ['completed_at', 'timestamptz', (t) => t.completedAt],
        ['escalated', 'boolean', (t) => t.escalated],
      ]);
      directiveCount += directives.length;
      taskCount += tasks.length;
      parents = tasks.map((t) => ({ taskId: t.id, unitId: t.unitId, directiveId: t.directiveId }));
    }
    await db.query('ANALYZE directives; ANALYZE tasks');
    return {
      rootId: rootDirective.id,
      rootIssuerUnitId: rootUnit,
      taskCount,
      directiveCount,
      deepestTaskIds: parents.map((p) => p.taskId),
    };
  } finally {
    await db.end();
  }
}
