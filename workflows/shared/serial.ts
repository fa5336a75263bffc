/** Helpers for workflows whose changes must be written one at a time, in order. */

/**
 * A first-in, first-out lock: each call runs after every earlier one has settled, so a change is
 * prepared from the state the change before it left. Built on promise order alone, it issues no
 * command and is deterministic on replay.
 */
export function serialQueue(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn);
    tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };
}

/** Waits before the n-th retry (from 1) of a change no caller waits for: 1 min, doubling, at most 1 h. */
export function retryLaterMs(attempt: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
}
