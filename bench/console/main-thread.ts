/**
 * Chromium's own account of the renderer's main thread during one load: how much CPU it spent
 * from navigation start to the first inbox row. On a shared machine wall time mostly measures the
 * other processes; thread time measures the page's own work (parsing, scripts, layout), so it is
 * what a change to the console moves.
 */

/** One complete ("X") event of a Chromium trace, as far as this reads it. */
interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** Categories enough to see the main thread's tasks (RunTask is in the disabled-by-default one) and the page's User Timing marks. */
export const MAIN_THREAD_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
];

/**
 * Milliseconds of main-thread CPU (the tasks' thread time) from `navigationStart` to the User
 * Timing mark `mark`, read from a trace's JSON; null when the trace holds either end.
 */
export function mainThreadCpuMs(traceJson: string, mark: string): number | null {
  const events = (JSON.parse(traceJson) as { traceEvents: TraceEvent[] }).traceEvents;
  const end = events.find((e) => e.name === mark);
  if (end === undefined) return null;
  const onMain = (e: TraceEvent) => e.pid === end.pid && e.tid === end.tid;
  const start = events.find((e) => e.name === 'navigationStart' && onMain(e));
  if (start === undefined) return null;
  const tasks = events.filter(
    (e) => onMain(e) && e.name === 'RunTask' && e.ph === 'X' && e.ts >= start.ts && e.ts <= end.ts,
  );
  return tasks.reduce((sum, e) => sum + (e.tdur ?? e.dur ?? 0), 0) / 1000;
}
