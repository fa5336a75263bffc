/**
 * How the fault cases share the clock: each case's checks only read, so the next case may issue
 * its directive and fan out meanwhile; but its fault must wait for them (a PostgreSQL stop or a
 * Temporal kill would break checks still running). One phase overlapped per case, no fault
 * overlapping anything.
 */

/**
 * Runs `drive` for each item in turn, the next one starting once the previous drive has settled,
 * and `check` on each driven item in the background. Each drive receives a promise settled once
 * every earlier item's check has, to await before it does anything the check must not see.
 * A drive or check that throws gives `failed(item, error)` as that item's result, and the next
 * item still runs. Resolves with the results in the items' order.
 */
export async function runOverlapped<Item, Driven, Result>(
  items: readonly Item[],
  drive: (item: Item, previousChecked: Promise<unknown>) => Promise<Driven>,
  check: (item: Item, driven: Driven) => Promise<Result>,
  failed: (item: Item, error: unknown) => Result,
): Promise<Result[]> {
  let previousChecked: Promise<unknown> = Promise.resolve();
  const results: Promise<Result>[] = [];
  for (const item of items) {
    const driven = drive(item, previousChecked);
    const result = driven.then((done) => check(item, done)).catch((error: unknown) => failed(item, error));
    results.push(result);
    // Every earlier check, not only this item's: a drive that failed early settles at once
    // while the check before it may still run.
    previousChecked = Promise.all([previousChecked, result]);
    await driven.catch(() => undefined);
  }
  return Promise.all(results);
}
