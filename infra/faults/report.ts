/**
 * The fault suite's results: one row per case (the README's table) and where each case's time
 * went, so a slow run says which phase was slow rather than only that it was.
 */
import { FAULT_TITLES, type FaultName } from './faults';
import type { Problems } from './checks';

/** Seconds spent in each phase of one case, in the order they ran. */
export type PhaseTimes = Record<string, number>;

/** One row of the results table. */
export interface CaseResult {
  fault: FaultName;
  what: string;
  ok: number;
  failed: number;
  retried: number;
  firstOkAfterS: number | null;
  lastOkAfterS: number | null;
  fanoutDoneS: number;
  notices: number;
  deliveries: string;
  restarted: string;
  problems: Problems;
  phases: PhaseTimes;
  totalS: number;
}

/** Milliseconds as seconds with one decimal, as the table prints them. */
export function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

/** The row of a case that could not finish: it fails the suite, and the next case still runs. */
export function unfinishedCase(fault: FaultName, startedAt: number, error: unknown): CaseResult {
  return {
    ...{ fault, what: 'did not finish', ok: 0, failed: 0, retried: 0, firstOkAfterS: null, lastOkAfterS: null },
    ...{ fanoutDoneS: 0, notices: 0, deliveries: '', restarted: '?', phases: {} },
    problems: [`the case did not finish: ${error instanceof Error ? error.message : String(error)}`],
    totalS: seconds(Date.now() - startedAt),
  };
}

/** The results as the README's markdown table. */
export function resultsTable(results: CaseResult[]): string {
  const header =
    '| fault | reports 2xx / failed (retried) | first / last 2xx after fault | fan-out complete after fault | notices (none twice) | restarted | checks | case took |';
  const rule = '|---|---|---|---|---|---|---|---|';
  const rows = results.map(
    (r) =>
      `| ${FAULT_TITLES[r.fault]} | ${r.ok} / ${r.failed} (${r.retried}) | ${r.firstOkAfterS === null ? '—' : `${r.firstOkAfterS} s`} / ${r.lastOkAfterS === null ? '—' : `${r.lastOkAfterS} s`} | ` +
      `${r.fanoutDoneS} s | ${r.notices} | ${r.restarted} | ${r.problems.length === 0 ? 'all pass' : r.problems.join('; ')} | ${r.totalS} s |`,
  );
  return [header, rule, ...rows].join('\n');
}

/** Where each case's time went, one line per case. */
export function phasesTable(results: CaseResult[]): string {
  return results
    .map(
      (r) =>
        `${r.fault}: ${Object.entries(r.phases)
          .map(([phase, s]) => `${phase} ${s} s`)
          .join(', ')}`,
    )
    .join('\n');
}

/** Records how long each phase took, measured from the end of the previous one. */
export class PhaseClock {
  readonly phases: PhaseTimes = {};
  private last = Date.now();

  /** Closes the phase that just ended under `name`. */
  lap(name: string): void {
    const now = Date.now();
    this.phases[name] = seconds(now - this.last);
    this.last = now;
  }
}
