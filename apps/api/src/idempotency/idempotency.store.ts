import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { API_SETTINGS, type ApiSettings } from '../settings';
import type { CallerKey } from './idempotency-key';
import { keyId, KEY_RETENTION_HOURS, UnwrittenAnswers, type Settlement } from './unwritten-answers';

/** Added to the request budget: a claim outlives the longest request, then lapses. */
const LEASE_MARGIN_MS = 30_000;
/** Advisory-lock class of the API processes' liveness locks (the object is a hash of the owner). */
const LIVENESS_LOCK_CLASS = 0x1de4;
const PURGE_BATCH = 1_000;
const PURGE_EVERY_MS = 10 * 60_000;
const RECONNECT_AFTER_MS = 2_000;
/** How often answers that could not be written (the database was down) are written again. */
const SETTLE_EVERY_MS = 1_000;

/** What a request with a key may do. */
export type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: string }
  | { kind: 'mismatch'; method: string; path: string }
  | { kind: 'busy' };

/** The first request's identity: the key's row holds what it was. */
export interface KeyedRequest extends CallerKey {
  readonly fingerprint: string;
  readonly method: string;
  readonly path: string;
}

/**
 * The keys in PostgreSQL, so every API replica honours them. A request claims its key; a
 * repeat finds the answer (replayed), a different request (mismatch) or the claim (busy). A
 * claim lapses when its lease ends or at once when its owner is gone: every API process holds
 * a session-level advisory lock on a connection of its own while it lives, which PostgreSQL
 * drops with the connection when the process dies, so a retry after a crash acts again.
 *
 * A claim whose answer could not be written because PostgreSQL was down is not left to its lease:
 * the process keeps the answer (or the release) and writes it as soon as the database answers
 * again, checked every second, so a retry on any replica then replays the answer or acts once; a
 * retry on this process writes it first. A claim this process holds in the table but no request of
 * its own is serving (the claim's answer was lost with the connection) is taken over at once.
 */
@Injectable()
export class IdempotencyStore implements OnModuleInit, OnApplicationShutdown {
  /** This process, as recorded in the claims it holds. */
  readonly owner = `${hostname()}:${process.pid}:${randomUUID()}`;
  private readonly logger = new Logger('Idempotency');
  private readonly leaseMs: number;
  private liveness: Client | undefined;
  private reconnect: NodeJS.Timeout | undefined;
  private purgeTimer: NodeJS.Timeout | undefined;
  private settleTimer: NodeJS.Timeout | undefined;
  private closing = false;
  /** Keys a request of this process is claiming or serving, with when its lease ends (ms). */
  private readonly inFlight = new Map<string, number>();
  /** Answers and releases the database refused, written once it answers again. */
  private readonly unwritten = new UnwrittenAnswers((key, settlement) => this.write(key, settlement), this.logger);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {
    this.leaseMs = settings.updateTimeoutMs + LEASE_MARGIN_MS;
  }

  async onModuleInit(): Promise<void> {
    await this.holdLivenessLock();
    void this.purgeExpired();
    this.purgeTimer = setInterval(() => void this.purgeExpired(), PURGE_EVERY_MS);
    this.purgeTimer.unref();
    this.settleTimer = setInterval(() => void this.writeUnwritten(), SETTLE_EVERY_MS);
    this.settleTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearInterval(this.purgeTimer);
    clearInterval(this.settleTimer);
    clearTimeout(this.reconnect);
    // Last chance for answers still unwritten; what fails waits for the liveness lock to go.
    await this.writeUnwritten();
    await this.liveness?.end().catch(() => undefined);
  }

  /** Answers and releases not yet written because the database refused them. */
  get unwrittenCount(): number {
    return this.unwritten.size;
  }

  /**
   * Claims the key for this request, or says what the key already stands for. One request per key
   * at a time in this process: a second is busy without asking the database.
   * @throws the database's error when it cannot be reached (the claim, if written, is given back later).
   */
  async claim(request: KeyedRequest): Promise<Claim> {
    const id = keyId(request);
    const leaseEnds = this.inFlight.get(id);
    if (leaseEnds !== undefined && leaseEnds > Date.now()) return { kind: 'busy' };
    this.inFlight.set(id, Date.now() + this.leaseMs);
    let claim: Claim;
    try {
      // An earlier attempt's answer left unwritten here goes first: then it is replayed, or the key is free.
      if (this.unwritten.has(id)) await this.unwritten.writeOne(id);
      claim = await this.claimInDatabase(request);
    } catch (error) {
      this.inFlight.delete(id);
      // The claim may have been written before the connection broke: give it back once the database answers.
      if (!this.unwritten.has(id)) this.unwritten.add(request, { kind: 'release' });
      throw error;
    }
    if (claim.kind !== 'claimed') this.inFlight.delete(id);
    return claim;
  }

  private async claimInDatabase(request: KeyedRequest): Promise<Claim> {
    const pk = [request.sub, request.unitId, request.key];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const inserted = await this.dataSource.query<unknown[]>(
        `INSERT INTO idempotency_keys (caller_sub, caller_unit, key, request_hash, method, path, owner, locked_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now() + $8 * interval '1 millisecond')
         ON CONFLICT DO NOTHING RETURNING 1`,
        [...pk, request.fingerprint, request.method, request.path, this.owner, this.leaseMs],
      );
      if (inserted.length > 0) return { kind: 'claimed' };
      const claim = await this.dataSource.transaction(async (db) => {
        const rows = await db.query<
          {
            request_hash: string;
            method: string;
            path: string;
            response_status: number | null;
            response_body: string | null;
            owner: string;
            lapsed: boolean;
          }[]
        >(
          `SELECT request_hash, method, path, response_status, response_body, owner, locked_until < now() AS lapsed
           FROM idempotency_keys WHERE caller_sub = $1 AND caller_unit = $2 AND key = $3 FOR UPDATE`,
          pk,
        );
        const row = rows[0];
        if (row === undefined) return undefined;
        if (row.request_hash !== request.fingerprint)
          return { kind: 'mismatch', method: row.method, path: row.path } as const;
        if (row.response_status !== null && row.response_body !== null)
          return { kind: 'replay', status: row.response_status, body: row.response_body } as const;
        // Held by this process but by none of its requests (claim() lets one at a time through): orphaned.
        const orphaned = row.owner === this.owner;
        if (!row.lapsed && !orphaned && !(await this.ownerIsGone(db, row.owner))) return { kind: 'busy' } as const;
        await db.query(
          `UPDATE idempotency_keys SET owner = $4, locked_until = now() + $5 * interval '1 millisecond'
           WHERE caller_sub = $1 AND caller_unit = $2 AND key = $3`,
          [...pk, this.owner, this.leaseMs],
        );
        this.logger.warn(
          `taking over Idempotency-Key of ${request.method} ${request.path} from ${row.owner} (${row.lapsed ? 'lease lapsed' : orphaned ? 'its answer was lost here' : 'owner gone'})`,
        );
        return { kind: 'claimed' } as const;
      });
      // Deleted between the insert and the read (released or purged): try again.
      if (claim !== undefined) return claim;
    }
    return { kind: 'busy' };
  }

  /**
   * Records the final answer of the request holding the claim. When the database refuses, the
   * answer is kept and written once it answers again (it resolves either way).
   */
  async complete(key: CallerKey, status: number, body: string): Promise<void> {
    await this.finish(key, { kind: 'complete', status, body });
  }

  /** Gives the key up (the answer is not final): a retry acts again, with any body. Kept for later like {@link complete}. */
  async release(key: CallerKey): Promise<void> {
    await this.finish(key, { kind: 'release' });
  }

  private async finish(key: CallerKey, settlement: Settlement): Promise<void> {
    try {
      await this.write(key, settlement);
    } catch (error) {
      this.unwritten.add(key, settlement);
      this.logger.warn(
        `could not ${settlement.kind === 'complete' ? `record the answer (${settlement.status})` : 'release the claim'} of an Idempotency-Key (${(error as Error).message}); writing it once the database answers`,
      );
    } finally {
      this.inFlight.delete(keyId(key));
    }
  }

  private async write(key: CallerKey, settlement: Settlement): Promise<void> {
    if (settlement.kind === 'complete') {
      await this.dataSource.query(
        `UPDATE idempotency_keys SET response_status = $4, response_body = $5, completed_at = now()
         WHERE caller_sub = $1 AND caller_unit = $2 AND key = $3 AND owner = $6 AND response_status IS NULL`,
        [key.sub, key.unitId, key.key, settlement.status, settlement.body, this.owner],
      );
    } else {
      await this.dataSource.query(
        `DELETE FROM idempotency_keys WHERE caller_sub = $1 AND caller_unit = $2 AND key = $3 AND owner = $4 AND response_status IS NULL`,
        [key.sub, key.unitId, key.key, this.owner],
      );
    }
  }

  private writeUnwritten(): Promise<void> {
    return this.unwritten.writeAll((id) => this.inFlight.has(id));
  }

  /** Deletes keys older than the retention, in bounded batches; a claim still held is kept. */
  async purgeExpired(): Promise<number> {
    let total = 0;
    try {
      for (let batch = 0; batch < 100; batch += 1) {
        const [, deleted] = await this.dataSource.query<[unknown, number]>(
          `DELETE FROM idempotency_keys WHERE ctid = ANY(ARRAY(
             SELECT ctid FROM idempotency_keys
             WHERE created_at < now() - $1 * interval '1 hour' AND (response_status IS NOT NULL OR locked_until < now())
             LIMIT $2))`,
          [KEY_RETENTION_HOURS, PURGE_BATCH],
        );
        total += deleted;
        if (deleted < PURGE_BATCH) break;
      }
    } catch (error) {
      this.logger.warn(`could not purge expired idempotency keys: ${(error as Error).message}`);
    }
    return total;
  }

  /** True when no process holds the owner's liveness lock any more (tried inside `db`'s transaction). */
  private async ownerIsGone(db: { query: DataSource['query'] }, owner: string): Promise<boolean> {
    const [row] = await db.query<{ gone: boolean }[]>(`SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS gone`, [
      LIVENESS_LOCK_CLASS,
      owner,
    ]);
    return row?.gone === true;
  }

  private async holdLivenessLock(): Promise<void> {
    const client = new Client({ connectionString: this.settings.database.url, connectionTimeoutMillis: 10_000 });
    client.on('error', (error) => {
      this.logger.warn(`liveness connection lost (${error.message}); reconnecting`);
      this.scheduleReconnect();
    });
    client.on('end', () => this.scheduleReconnect());
    await client.connect();
    await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [LIVENESS_LOCK_CLASS, this.owner]);
    this.liveness = client;
  }

  private scheduleReconnect(): void {
    if (this.closing || this.reconnect !== undefined) return;
    this.liveness = undefined;
    this.reconnect = setTimeout(() => {
      this.reconnect = undefined;
      this.holdLivenessLock().catch((error: unknown) => {
        this.logger.warn(`liveness lock not held: ${(error as Error).message}`);
        this.scheduleReconnect();
      });
    }, RECONNECT_AFTER_MS);
    this.reconnect.unref();
  }
}
