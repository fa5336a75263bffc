import { setTimeout as delay } from 'node:timers/promises';

/**
 * A load of one key. It calls `readsDone` once it has read everything it will read (what follows
 * is work on what it read), so the next load may start reading while this one finishes.
 */
export type GatheredLoad<V> = (readsDone: () => void) => Promise<V>;

/**
 * Lets concurrent requests for the same expensive read share loads without serving anyone an
 * answer older than their request. At most one load per key is reading at a time; a request that
 * arrives while it reads does not join it (its reads may have started before that request's
 * writes finished) but waits for the next load, which starts reading as soon as the current one
 * has finished reading and serves every request gathered meanwhile. A lone request starts at once.
 *
 * So a caller always sees every write that finished before it asked (what "counts stay correct
 * while tasks change" needs), while ten dashboards polling the same 20,000-task tree cost a few
 * database reads and serialisations per round instead of ten competing ones.
 */
export class GatheredReads<V> {
  private readonly reading = new Map<string, Promise<void>>();
  private readonly gathering = new Map<string, Promise<V>>();

  /**
   * @param gatherMs how long a gathered load waits, once the reads before it are done, for
   *   more callers to join it. A lone request never waits.
   */
  constructor(private readonly gatherMs = 0) {}

  /** The result of a `load` for `key` that started reading after this call. */
  read(key: string, load: GatheredLoad<V>): Promise<V> {
    const gathering = this.gathering.get(key);
    if (gathering !== undefined) return gathering;
    const reading = this.reading.get(key);
    if (reading === undefined) return this.start(key, load);
    const next = reading.then(async () => {
      if (this.gatherMs > 0) await delay(this.gatherMs);
      // From here on a new caller must not join this load: it waits for the one after.
      this.gathering.delete(key);
      return this.start(key, load);
    });
    this.gathering.set(key, next);
    return next;
  }

  private start(key: string, load: GatheredLoad<V>): Promise<V> {
    let release!: () => void;
    const readsDone = new Promise<void>((resolve) => (release = resolve));
    this.reading.set(key, readsDone);
    const done = (): void => {
      if (this.reading.get(key) === readsDone) this.reading.delete(key);
      release();
    };
    const result = load(done);
    // A load that fails, or forgets to say so, has finished reading when it settles.
    result.then(done, done);
    return result;
  }
}
