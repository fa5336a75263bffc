/**
 * Which people this process has recorded lately, so a profile is written on first use, when its
 * claims change, or at most once per interval, never on every request. Each API replica keeps its
 * own: at worst each writes a person once per interval.
 */
export class SeenCache {
  private readonly seen = new Map<string, { fingerprint: string; at: number }>();

  constructor(
    private readonly intervalMs: number,
    /** Bounds memory under many people: past it the cache starts afresh (a write each, once). */
    private readonly maxEntries = 50_000,
  ) {}

  /** True when the person with these claims must be written now. */
  due(key: string, fingerprint: string, now: number): boolean {
    const last = this.seen.get(key);
    return last === undefined || last.fingerprint !== fingerprint || now - last.at >= this.intervalMs;
  }

  /** Records a write that succeeded. */
  written(key: string, fingerprint: string, now: number): void {
    if (this.seen.size >= this.maxEntries) this.seen.clear();
    this.seen.set(key, { fingerprint, at: now });
  }

  /** Forgets a person whose profile an admin changed, so the next request writes it again. */
  forget(key: string): void {
    this.seen.delete(key);
  }
}
