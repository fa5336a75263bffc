/**
 * The faults themselves, against the topology infra/start-cluster.sh runs: each program's current
 * pid is in the supervisors' run directory (`<name>.pid`), and a supervisor restarts what dies.
 * PostgreSQL is the suite's private cluster (DONDOC_PG_CLUSTER=private), never the shared one.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The cases the suite knows, in the order it runs them. */
export const FAULT_NAMES = ['worker', 'temporal', 'postgres', 'api'] as const;
/** One of {@link FAULT_NAMES}. */
export type FaultName = (typeof FAULT_NAMES)[number];

/** How a case is described in the results table. */
export const FAULT_TITLES: Record<FaultName, string> = {
  worker: 'kill -9 one worker',
  temporal: 'kill -9 the Temporal server (restarted by its supervisor)',
  postgres: 'PostgreSQL stopped (immediate), restarted 5 s later',
  api: 'kill -9 one API replica',
};

/** Where the supervisors keep pids, and the repository the scripts live in. */
export interface FaultContext {
  runDir: string;
  repoRoot: string;
}

/** How long PostgreSQL stays down in its case: long enough for every pool to notice. */
const POSTGRES_DOWN_MS = 5_000;

/** The pid a supervisor runs under `name` now, or undefined while it restarts it. */
export function supervisedPid(context: FaultContext, name: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(context.runDir, `${name}.pid`), 'utf8').trim());
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

function killNine(context: FaultContext, name: string): number {
  const pid = supervisedPid(context, name);
  if (pid === undefined) throw new Error(`${name} is not running; nothing to kill`);
  process.kill(pid, 'SIGKILL');
  return pid;
}

/** Injects the fault; resolves once it has happened (for PostgreSQL: once it is back up). */
export async function inject(context: FaultContext, fault: FaultName): Promise<string> {
  switch (fault) {
    case 'worker':
      return `killed worker-1 (pid ${killNine(context, 'worker-1')})`;
    case 'temporal':
      return `killed the Temporal server (pid ${killNine(context, 'temporal-server')})`;
    case 'api':
      return `killed api-1 (pid ${killNine(context, 'api-1')})`;
    case 'postgres': {
      const script = path.join(context.repoRoot, 'infra/postgres.sh');
      await run('bash', [script, 'stop-immediate'], { env: process.env });
      await new Promise((resolve) => setTimeout(resolve, POSTGRES_DOWN_MS));
      // `ensure` prints the URL on stdout; the database is the one the cluster already uses.
      await run('bash', [script, 'ensure'], { env: { ...process.env, DATABASE_URL: '' } });
      return `PostgreSQL stopped (immediate) and started again after ${POSTGRES_DOWN_MS / 1000} s`;
    }
  }
}

/** The program the case killed, to confirm its supervisor brought it back. */
export function restartedProgram(fault: FaultName): string | undefined {
  return { worker: 'worker-1', temporal: 'temporal-server', api: 'api-1', postgres: undefined }[fault];
}
