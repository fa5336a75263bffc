/**
 * CPU time of the processes a benchmark leans on, read from /proc/<pid>/stat (utime + stime), so
 * a figure can say which part of the machine did the work: the Temporal server, PostgreSQL's
 * backends serving the benchmark's databases, Dondoc's workers and APIs. Sampled once a second:
 * PostgreSQL backends come and go with their pools, and each one's last reading counts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Client } from 'pg';

/** Clock ticks per second of /proc's times: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)). */
const TICKS_PER_SECOND = 100;

/** A group of processes measured together, found afresh at each sample. */
export interface ProcessGroup {
  name: string;
  /** The pids of the group now. */
  pids(): Promise<number[]>;
}

/** CPU-seconds of one group over the sampled window, and its share of the machine's capacity. */
export interface CpuFigure {
  name: string;
  cpuSeconds: number;
  /** cpuSeconds / (wall seconds × cores): 1 would be every core busy all the time. */
  share: number;
}

/** utime + stime of a process in ticks, or undefined once it has gone. */
function ticksOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);
}

/** `root` and every process below it. */
export function withDescendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const pid of allPids()) {
    const parent = parentOf(pid);
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const found: number[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    found.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** Processes whose command line contains every one of `parts`. */
export function processesMatching(...parts: string[]): number[] {
  return allPids().filter((pid) => {
    const line = commandLineOf(pid);
    return line !== '' && parts.every((part) => line.includes(part));
  });
}

/** PostgreSQL's backends serving these databases now (their pids, from pg_stat_activity). */
export function postgresBackends(adminUrl: string, databases: string[]): ProcessGroup {
  return {
    name: `PostgreSQL (backends of ${databases.join(', ')})`,
    async pids() {
      const db = new Client({ connectionString: adminUrl });
      await db.connect();
      try {
        const rows = await db.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE datname = ANY($1::text[]) AND pid <> pg_backend_pid()`,
          [databases],
        );
        return rows.rows.map((r) => r.pid);
      } finally {
        await db.end();
      }
    },
  };
}

/** Samples the groups until stopped; then answers each group's CPU over the window. */
export class CpuSampler {
  private readonly last = new Map<string, Map<number, { first: number; latest: number }>>();
  private readonly started = performance.now();
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<void> = Promise.resolve();

  constructor(private readonly groups: ProcessGroup[]) {
    for (const group of groups) this.last.set(group.name, new Map());
  }

  /** Starts sampling (a first reading now: only CPU spent from here on counts). */
  start(): this {
    this.sampling = this.sample();
    this.timer = setInterval(() => {
      this.sampling = this.sampling.then(() => this.sample());
    }, 1_000);
    return this;
  }

  /** Stops, takes a last reading, and answers the figures. */
  async stop(): Promise<CpuFigure[]> {
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.sampling;
    await this.sample();
    const wallSeconds = (performance.now() - this.started) / 1000;
    const capacity = wallSeconds * cpus().length;
    return this.groups.map((group) => {
      let ticks = 0;
      for (const reading of this.last.get(group.name)?.values() ?? []) ticks += reading.latest - reading.first;
      const cpuSeconds = ticks / TICKS_PER_SECOND;
      return { name: group.name, cpuSeconds, share: capacity > 0 ? cpuSeconds / capacity : 0 };
    });
  }

  private async sample(): Promise<void> {
    for (const group of this.groups) {
      const readings = this.last.get(group.name) as Map<number, { first: number; latest: number }>;
      let pids: number[];
      try {
        pids = await group.pids();
      } catch {
        continue; // a database restarting, say: the next sample finds the group again
      }
      for (const pid of pids) {
        const ticks = ticksOf(pid);
        if (ticks === undefined) continue;
        const reading = readings.get(pid);
        // A process first seen after the start counts from its first reading; the time it spent
        // before (a pool connection opened just before) is lost, a second at most per backend.
        if (reading === undefined) readings.set(pid, { first: ticks, latest: ticks });
        else reading.latest = ticks;
      }
    }
  }
}

/** One line per group: CPU-seconds and share of the machine. */
export function describeCpu(figures: CpuFigure[], wallSeconds: number): string {
  return figures
    .map(
      (f) =>
        `  ${f.name}: ${f.cpuSeconds.toFixed(1)} CPU-s in ${wallSeconds.toFixed(0)} s, ${(f.share * 100).toFixed(1)}% of ${cpus().length} cores`,
    )
    .join('\n');
}
