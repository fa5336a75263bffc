/**
 * National cascade benchmark (figures, not assertions), shaped like the two-level local
 * government since the 2025 reform: one central directive to 34 provinces; each province, once
 * its task is listed, implements it with a directive to its communes (3,321 in all); each
 * commune, once its task is listed, implements it with a directive to its grassroots
 * organisations (about 14 each): about 50,000 tasks, every one through the engine (POST
 * /directives, then POST /tasks/:id/implement by the clerk of each unit, as people would).
 *
 * It prints the time from the central directive until every task is active (its workflow runs,
 * so it is listed and can be acted on), checked by acknowledging a sample of the last level's
 * tasks as their officers; and the CPU the Temporal server, PostgreSQL and Dondoc's processes
 * used meanwhile (from /proc/<pid>/stat), as a share of the machine.
 * Last line: {"topology":…,"tasks":N,"directives":…,"allActiveSeconds":…,"tasksPerSecond":…,"cpu":{…}}
 *
 * Usage: npm run bench:national [-- PROVINCES COMMUNES GRASSROOTS_PER_COMMUNE]
 *   default 34 3321 14 (49,849 tasks); a first try at small scale: -- 34 340 3
 *   BENCH_TOPOLOGY=cluster (default; bench/support/topology.ts for its ports) or dev;
 *   BENCH_CLIENTS (8): clerks implementing at once; BENCH_TIMEOUT_MIN (60).
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { Role } from '@dondoc/auth';
import { CpuSampler, describeCpu } from '../support/cpu';
import { runBench } from '../support/run-bench';
import { request, startTopology, type Topology, type TopologyKind } from '../support/topology';

const PROVINCES = Number(process.argv[2] ?? 34);
const COMMUNES = Number(process.argv[3] ?? 3_321);
const GRASSROOTS = Number(process.argv[4] ?? 14);
const TOPOLOGY = (process.env.BENCH_TOPOLOGY ?? 'cluster') as TopologyKind;
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MIN ?? 60) * 60_000;
const SAMPLE = 20;
const DAY = 86_400_000;

/** The tree: who each unit's directive goes to. */
interface Tree {
  root: string;
  children: Map<string, string[]>;
  leaves: string[];
  total: number;
}

function buildTree(prefix: string): Tree {
  const root = `${prefix}/trung-uong`;
  const children = new Map<string, string[]>();
  const provinces = Array.from({ length: PROVINCES }, (_, p) => `${prefix}/t${p}`);
  children.set(root, provinces);
  const leaves: string[] = [];
  provinces.forEach((province, p) => {
    // 3,321 communes over 34 provinces: 97 or 98 each, as evenly as they go.
    const count = Math.floor(COMMUNES / PROVINCES) + (p < COMMUNES % PROVINCES ? 1 : 0);
    const communes = Array.from({ length: count }, (_, c) => `${province}/x${c}`);
    children.set(province, communes);
    for (const commune of communes) {
      const grassroots = Array.from({ length: GRASSROOTS }, (_, k) => `${commune}/cs${k}`);
      children.set(commune, grassroots);
      leaves.push(...grassroots);
    }
  });
  return { root, children, leaves, total: PROVINCES + COMMUNES + leaves.length };
}

async function createUnits(topology: Topology, tree: Tree): Promise<void> {
  const admin = await topology.authorization('bench/admin', ['admin'], 'bench.admin');
  const units: { id: string; name: string; level: string; parentId?: string }[] = [
    { id: tree.root, name: 'Ban Chấp hành Trung ương', level: 'central' },
  ];
  for (const province of tree.children.get(tree.root) ?? []) {
    units.push({ id: province, name: `Tỉnh ủy ${province}`, level: 'province', parentId: tree.root });
    for (const commune of tree.children.get(province) ?? []) {
      units.push({ id: commune, name: `Đảng ủy xã ${commune}`, level: 'commune', parentId: province });
      for (const cell of tree.children.get(commune) ?? [])
        units.push({ id: cell, name: `Chi bộ ${cell}`, level: 'agency', parentId: commune });
    }
  }
  for (let i = 0; i < units.length; i += 5_000)
    await request(topology, 'POST', '/units', admin, { units: units.slice(i, i + 5_000) });
}

function assignments(unitIds: string[]) {
  const dueAt = new Date(Date.now() + 30 * DAY).toISOString();
  return unitIds.map((unitId) => ({ unitId, role: 'lead', instructions: 'Triển khai, báo cáo kết quả', dueAt }));
}

/** Each task of a province or commune, as soon as it is active, implemented by its unit's clerk. */
async function driveCascade(topology: Topology, db: Client, tree: Tree, prefix: string): Promise<number> {
  const started = performance.now();
  const clerk = (unitId: string) => topology.authorization(unitId, ['clerk'], `van.thu@${unitId}`);
  await request(topology, 'POST', '/directives', await clerk(tree.root), {
    number: '01-CT/TW',
    issuerUnitId: tree.root,
    subject: 'Chỉ thị về triển khai toàn quốc (đo hiệu năng)',
    issuedAt: new Date().toISOString(),
    assignments: assignments(tree.children.get(tree.root) ?? []),
  });
  const handled = new Set<string>();
  const queue: { taskId: string; unitId: string }[] = [];
  let implemented = 0;
  let failure: unknown;
  let lastReport = performance.now();
  const implementers = Array.from({ length: CLIENTS }, async () => {
    for (;;) {
      const next = queue.shift();
      if (next === undefined) {
        if (implemented === tree.children.size - 1 || failure !== undefined) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      try {
        await request(topology, 'POST', `/tasks/${next.taskId}/implement`, await clerk(next.unitId), {
          number: `${implemented + 1}-KH/${randomUUID().slice(0, 6)}`,
          subject: 'Kế hoạch thực hiện chỉ thị (đo hiệu năng)',
          issuedAt: new Date().toISOString(),
          assignments: assignments(tree.children.get(next.unitId) ?? []),
        });
        implemented += 1;
      } catch (error) {
        failure = error;
        return;
      }
    }
  });
  for (;;) {
    if (failure !== undefined) throw failure;
    if (performance.now() - started > TIMEOUT_MS)
      throw new Error(`not every task active after ${TIMEOUT_MS / 60_000} min`);
    const ready = await db.query<{ id: string; unit_id: string }>(
      `SELECT t.id, t.unit_id FROM tasks t JOIN units u ON u.id = t.unit_id
        WHERE u.level IN ('province', 'commune') AND t.activated_at IS NOT NULL AND t.unit_id LIKE $1`,
      [`${prefix}/%`],
    );
    for (const row of ready.rows) {
      if (handled.has(row.id)) continue;
      handled.add(row.id);
      queue.push({ taskId: row.id, unitId: row.unit_id });
    }
    const { rows } = await db.query<{ active: string }>(
      `SELECT count(*) AS active FROM tasks WHERE activated_at IS NOT NULL AND unit_id LIKE $1`,
      [`${prefix}/%`],
    );
    const active = Number(rows[0]?.active ?? 0);
    if (performance.now() - lastReport > 15_000) {
      lastReport = performance.now();
      console.log(
        `  ${((lastReport - started) / 1000).toFixed(0)} s: ${active} of ${tree.total} tasks active, ${implemented} of ${tree.children.size - 1} implementing directives issued`,
      );
    }
    if (active === tree.total) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(implementers);
  return seconds;
}

/** A sample of the last level's tasks, each acknowledged by an officer of its unit: listed means actionable. */
async function acknowledgeSample(topology: Topology, tree: Tree): Promise<number> {
  let acknowledged = 0;
  for (let i = 0; i < SAMPLE; i += 1) {
    const unitId = tree.leaves[Math.floor((i * tree.leaves.length) / SAMPLE)] ?? '';
    const officer = await topology.authorization(unitId, ['officer' as Role], `can.bo@${unitId}`);
    const page = await request<{ items: { id: string }[] }>(topology, 'GET', `/tasks?unitId=${unitId}`, officer);
    const task = page.items[0];
    if (task === undefined) throw new Error(`GET /tasks lists no task for ${unitId}`);
    await request(topology, 'POST', `/tasks/${task.id}/acknowledge`, officer, {});
    acknowledged += 1;
  }
  return acknowledged;
}

runBench(async () => {
  const prefix = `nc-${randomUUID().slice(0, 6)}`;
  const tree = buildTree(prefix);
  console.log(
    `national cascade on the ${TOPOLOGY} topology: 1 directive → ${PROVINCES} provinces → ${COMMUNES} communes → ${GRASSROOTS} organisations each: ${tree.total} tasks in ${tree.children.size} directives`,
  );
  const topology = await startTopology(TOPOLOGY, 'bench-national', {});
  const db = new Client({ connectionString: topology.databaseUrl });
  await db.connect();
  try {
    await createUnits(topology, tree);
    const sampler = new CpuSampler(topology.cpuGroups()).start();
    const wallStarted = performance.now();
    const seconds = await driveCascade(topology, db, tree, prefix);
    const cpu = await sampler.stop();
    const wall = (performance.now() - wallStarted) / 1000;
    console.log(
      `every one of ${tree.total} tasks active in ${seconds.toFixed(1)} s (${(tree.total / seconds).toFixed(1)} tasks/s; target < 600 s)`,
    );
    console.log(`CPU while it ran (machine: other engineers' work too):\n${describeCpu(cpu, wall)}`);
    const acknowledged = await acknowledgeSample(topology, tree);
    console.log(`${acknowledged} tasks of the last level, listed to their officers, acknowledged at once`);
    console.log(
      JSON.stringify({
        topology: TOPOLOGY,
        tasks: tree.total,
        directives: tree.children.size,
        allActiveSeconds: Number(seconds.toFixed(1)),
        tasksPerSecond: Number((tree.total / seconds).toFixed(1)),
        cpu: Object.fromEntries(
          cpu.map((c) => [c.name, { cpuSeconds: Number(c.cpuSeconds.toFixed(1)), share: Number(c.share.toFixed(3)) }]),
        ),
      }),
    );
  } finally {
    await db.end();
    await topology.stop();
  }
});
