import { setTimeout as delay } from 'node:timers/promises';

/**
 * Lets concurrent requests for the same expensive read share one load, without serving anyone
 * an answer older than their request: the first request for a key waits `windowMs` for company,
 * then the load starts; every request that arrived before that start shares its result, and a
 * request arriving after it starts waits for a new load. So a caller always sees every write
 * that finished before it asked (what "counts stay correct while tasks change" needs), while ten
 * dashboards opening the same 20,000-task tree cost one database read and one serialisation.
 */
export class GatheredReads<V> {
  private readonly gathering = new Map<string, Promise<V>>();

  constructor(private readonly windowMs: number) {}

  /** The result of `load` for `key`, shared with the other callers gathered with this one. */
  read(key: string, load: () => Promise<V>): Promise<V> {
    const pending = this.gathering.get(key);
    if (pending !== undefined) return pending;
    const result = delay(this.windowMs).then(() => {
      // From here on a new caller must not join: the load below may miss its writes.
      this.gathering.delete(key);
      return load();
    });
    this.gathering.set(key, result);
    return result;
  }
}
