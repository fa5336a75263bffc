import type { Logger } from '@nestjs/common';
import type { CallerKey } from './idempotency-key';

/** How long a key and its answer are kept (at least). */
export const KEY_RETENTION_HOURS = 24;
/** Most unwritten answers kept; past it the oldest is dropped and its claim waits for its lease. */
const MAX_UNWRITTEN = 10_000;

/** What a request that held a claim leaves to write: its final answer, or the key given back. */
export type Settlement = { kind: 'complete'; status: number; body: string } | { kind: 'release' };

/** Writes a settlement to the database; rejects when it cannot. */
export type WriteSettlement = (key: CallerKey, settlement: Settlement) => Promise<void>;

interface Unwritten {
  readonly key: CallerKey;
  readonly settlement: Settlement;
  readonly since: number;
}

/** One key of one caller, as a map key. */
export function keyId(key: CallerKey): string {
  return JSON.stringify([key.sub, key.unitId, key.key]);
}

/**
 * The answers and releases of this process's claims that PostgreSQL refused because it was down,
 * kept until they are written. Without them a claim outlives the outage by its whole lease while
 * its process is alive again, and every retry in that time is told "still being processed".
 */
export class UnwrittenAnswers {
  private readonly unwritten = new Map<string, Unwritten>();
  /** Writes under way, so a key's settlement is never written twice at once (a claim after it must not race it). */
  private readonly writing = new Map<string, Promise<void>>();
  private failing = false;

  constructor(
    private readonly write: WriteSettlement,
    private readonly logger: Logger,
  ) {}

  /** How many wait to be written. */
  get size(): number {
    return this.unwritten.size;
  }

  /** True when the key has a settlement waiting. */
  has(id: string): boolean {
    return this.unwritten.has(id);
  }

  /** Keeps `settlement` for the key, replacing an older one. */
  add(key: CallerKey, settlement: Settlement): void {
    const id = keyId(key);
    this.unwritten.delete(id);
    this.unwritten.set(id, { key: { sub: key.sub, unitId: key.unitId, key: key.key }, settlement, since: Date.now() });
    if (this.unwritten.size > MAX_UNWRITTEN) {
      const [oldest] = this.unwritten.keys();
      if (oldest !== undefined) this.unwritten.delete(oldest);
      this.logger.warn(`more than ${MAX_UNWRITTEN} idempotency answers unwritten: the oldest waits for its lease`);
    }
  }

  /** Writes the key's settlement (joining a write already under way); rejects with the database's error. */
  writeOne(id: string): Promise<void> {
    const running = this.writing.get(id);
    if (running !== undefined) return running;
    const entry = this.unwritten.get(id);
    if (entry === undefined) return Promise.resolve();
    const written = this.write(entry.key, entry.settlement)
      .then(() => {
        if (this.unwritten.get(id) === entry) this.unwritten.delete(id);
      })
      .finally(() => this.writing.delete(id));
    this.writing.set(id, written);
    return written;
  }

  /**
   * Writes what waits, oldest first, but the keys `busy` names (a request is claiming them and
   * writes their settlement first itself); stops at the first refusal, the database being down.
   */
  async writeAll(busy: (id: string) => boolean): Promise<void> {
    const expired = Date.now() - KEY_RETENTION_HOURS * 3_600_000;
    for (const [id, entry] of [...this.unwritten]) {
      if (entry.since < expired) {
        this.unwritten.delete(id);
        continue;
      }
      if (busy(id)) continue;
      try {
        await this.writeOne(id);
      } catch (error) {
        if (!this.failing) this.logger.warn(`idempotency answers still unwritten: ${(error as Error).message}`);
        this.failing = true;
        return;
      }
    }
    if (this.failing) this.logger.log('idempotency answers unwritten during the outage are written');
    this.failing = false;
  }
}
