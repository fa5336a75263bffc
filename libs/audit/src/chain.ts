/**
 * The hash chain: each record's hash covers its own content and the previous record's hash, so
 * changing, deleting or reordering any record breaks every link after it. Pure: no I/O.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, type JsonValue } from './canonical';

/** The `prev_hash` of the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** Bumped if the hashed fields ever change, so old records still verify under their own version. */
export const HASH_VERSION = 1;

/** A state change as its writer describes it. */
export interface AuditEntry {
  /** The person (token `sub`) or `system` for the engine's own changes (reminders, escalations). */
  actor: string;
  /** The acting person's unit; null for `system`. */
  unitId: string | null;
  /** What happened, e.g. `task.acknowledge`, `directive.create`, `unit.update`. */
  action: string;
  targetType: string;
  targetId: string;
  before: JsonValue | null;
  after: JsonValue | null;
  /** The HTTP request that caused it; null for the engine. */
  requestId: string | null;
  /** When it happened; defaults to the time of appending. */
  at?: Date | string;
}

/** An entry's own fields, everything but its time: what a record stores of it. */
export type AuditContent = Omit<AuditEntry, 'at'>;

/**
 * The entry's own fields and nothing else (a caller's object may carry more). The one list of
 * them: the record made here, the template PostgreSQL fills and the stored row all take it.
 */
export function entryContent(entry: AuditContent): AuditContent {
  return {
    actor: entry.actor,
    unitId: entry.unitId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    before: entry.before,
    after: entry.after,
    requestId: entry.requestId,
  };
}

/** A record as stored: the entry, its place in the chain and its hash. */
export interface AuditRecord extends AuditContent {
  seq: number;
  /** ISO-8601 in UTC with milliseconds, as PostgreSQL gives a timestamptz back through Date. */
  at: string;
  prevHash: string;
  hash: string;
}

/**
 * What a record's hash covers: everything in it but its own hash, and the format's version. The
 * writer in PostgreSQL hashes the same object's canonical text (chain-template.ts), so this is the
 * one place that says what is hashed.
 */
export function hashedContent(record: Omit<AuditRecord, 'hash'>): { [key: string]: JsonValue } {
  return {
    v: HASH_VERSION,
    seq: record.seq,
    at: record.at,
    ...entryContent(record),
    prevHash: record.prevHash,
  };
}

/** SHA-256 (hex) of the canonical JSON of everything in the record but its own hash. */
export function hashRecord(record: Omit<AuditRecord, 'hash'>): string {
  return createHash('sha256')
    .update(canonicalJson(hashedContent(record)), 'utf8')
    .digest('hex');
}

/** The record that follows `previous` (null: the first record) in the chain. */
export function chainRecord(
  previous: Pick<AuditRecord, 'seq' | 'hash'> | null,
  entry: AuditEntry,
  at: Date,
): AuditRecord {
  const unhashed: Omit<AuditRecord, 'hash'> = {
    seq: previous === null ? 1 : previous.seq + 1,
    at: at.toISOString(),
    ...entryContent(entry),
    prevHash: previous === null ? GENESIS_HASH : previous.hash,
  };
  return { ...unhashed, hash: hashRecord(unhashed) };
}

/** Why a record does not verify. */
export type ChainBreakReason = 'content-changed' | 'link-broken' | 'sequence-gap';

/** The first record that does not verify, and why, in words an operator can act on. */
export interface ChainBreak {
  seq: number;
  reason: ChainBreakReason;
  message: string;
}

/**
 * Checks records one at a time in `seq` order, so a verifier can stream millions of rows. The
 * sequence is gapless by construction (the writer numbers records under a lock), so a missing
 * number means a deleted record even when the links around it were forged to match.
 */
export class ChainVerifier {
  private checked = 0;

  /**
   * @param previous the record the check starts after, its hash taken as verified (a page of a
   *   long chain continues where the last one ended); null starts at the chain's first record.
   */
  constructor(private previous: Pick<AuditRecord, 'seq' | 'hash'> | null = null) {}

  /** Records verified so far. */
  get count(): number {
    return this.checked;
  }

  /** Hash of the last verified record (the genesis hash before any). Publishing it elsewhere also guards the tail. */
  get lastHash(): string {
    return this.previous?.hash ?? GENESIS_HASH;
  }

  /** Checks the next record; returns the break it finds, or null when the record verifies. */
  check(record: AuditRecord): ChainBreak | null {
    const expectedSeq = this.previous === null ? 1 : this.previous.seq + 1;
    if (record.seq !== expectedSeq) {
      return {
        seq: record.seq,
        reason: 'sequence-gap',
        message: `expected record ${expectedSeq} next but found ${record.seq}: record${record.seq - expectedSeq > 1 ? `s ${expectedSeq}–${record.seq - 1} were` : ` ${expectedSeq} was`} deleted`,
      };
    }
    const expectedPrev = this.previous?.hash ?? GENESIS_HASH;
    if (record.prevHash !== expectedPrev) {
      return {
        seq: record.seq,
        reason: 'link-broken',
        message: `its prev_hash does not match ${this.previous === null ? 'the start of the chain' : `record ${this.previous.seq}'s hash`}: a record before it was replaced, or this link was rewritten`,
      };
    }
    const { hash, ...unhashed } = record;
    if (hashRecord(unhashed) !== hash) {
      return {
        seq: record.seq,
        reason: 'content-changed',
        message: 'its content no longer matches its hash: it was changed after it was written',
      };
    }
    this.previous = { seq: record.seq, hash };
    this.checked += 1;
    return null;
  }
}
