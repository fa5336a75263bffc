/**
 * CPU time each part spends per action, and how many transactions wait on the audit chain's lock.
 * On a shared 2-core machine latency mostly says how busy the neighbours were; CPU seconds per
 * action (from /proc, Linux only) say what each process costs, whatever the load.
 */
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { AUDIT_CHAIN_WAITERS_QUERY } from '@dondoc/audit';

/** Clock ticks per second of /proc's times (USER_HZ: 100 on every Linux we run on). */
const TICKS_PER_SECOND = 100;

/** CPU seconds used so far by a process (user + system), or undefined once it has gone. */
function cpuSecondsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces; the fields after it are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** The processes of a topology by part ("api", "worker", "temporal"), and PostgreSQL's backends for its databases. */
export interface Processes {
  parts(): Map<string, number[]>;
  databases: string[];
  adminUrl: string;
}

/** CPU seconds by part at one instant. */
type Snapshot = Map<string, Map<number, number>>;

async function snapshot(processes: Processes): Promise<Snapshot> {
  const parts = processes.parts();
  const client = new Client({ connectionString: processes.adminUrl });
  await client.connect();
  try {
    const backends = await client.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = ANY($1)`, [
      processes.databases,
    ]);
    parts.set(
      'postgres',
      backends.rows.map((row) => row.pid),
    );
  } finally {
    await client.end();
  }
  parts.set('bench', [process.pid]);
  const taken: Snapshot = new Map();
  for (const [part, pids] of parts) {
    const seconds = new Map<number, number>();
    for (const pid of pids) {
      const used =
        pid === process.pid ? process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6 : cpuSecondsOf(pid);
      if (used !== undefined) seconds.set(pid, used);
    }
    taken.set(part, seconds);
  }
  return taken;
}

/** CPU milliseconds per action by part, between two snapshots (processes present in both). */
function perAction(before: Snapshot, after: Snapshot, actions: number): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [part, seconds] of after) {
    let used = 0;
    for (const [pid, now] of seconds) used += now - (before.get(part)?.get(pid) ?? now);
    result[part] = (used * 1000) / Math.max(1, actions);
  }
  return result;
}

/** What {@link measureCpu} answers: the work's own result, CPU ms per action, and the lock's waiters. */
export interface Measured<T> {
  result: T;
  cpuMsPerAction: Record<string, number>;
  /** Mean number of transactions waiting for the audit chain's lock, sampled every 20 ms. */
  auditLockWaiters: number;
}

/** Runs `work` (which takes `actions` actions) and measures what each part spent on it. */
export async function measureCpu<T>(
  processes: Processes,
  databaseUrl: string,
  actions: (result: T) => number,
  work: () => Promise<T>,
): Promise<Measured<T>> {
  const sampler = new Client({ connectionString: databaseUrl });
  await sampler.connect();
  const samples: number[] = [];
  let sampling = true;
  const sampled = (async () => {
    while (sampling) {
      const waiting = await sampler.query<{ n: string }>(AUDIT_CHAIN_WAITERS_QUERY);
      samples.push(Number(waiting.rows[0]?.n ?? 0));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  try {
    const before = await snapshot(processes);
    const result = await work();
    const after = await snapshot(processes);
    return {
      result,
      cpuMsPerAction: perAction(before, after, actions(result)),
      auditLockWaiters: samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length),
    };
  } finally {
    sampling = false;
    await sampled;
    await sampler.end();
  }
}
