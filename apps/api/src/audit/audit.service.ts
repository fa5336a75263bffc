import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GENESIS_HASH, recordFromRow, verifyAuditChainSegment, type AuditRecord } from '@dondoc/audit';
import { NotFoundError } from '../errors/errors';
import { decodeCursor, encodeCursor, type Page } from '../pagination/pagination';
import type { AuditVerificationResponse } from './audit.responses';

/** Filters of GET /audit, already checked: instants parsed, ids as given. */
export interface AuditFilter {
  actor?: string;
  unitId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

/** Reads the audit trail in the chain's order (oldest first): the order `npm run audit:verify` checks. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One page of records matching every filter given, keyset-paginated by the chain's sequence. */
  async list(filter: AuditFilter, limit: number, cursor?: string): Promise<Page<AuditRecord>> {
    const after = decodeCursor(cursor, 1);
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (sql: string, value: unknown): void => {
      values.push(value);
      where.push(sql.replace('?', `$${values.length}`));
    };
    if (filter.from !== undefined) add('at >= ?', filter.from);
    if (filter.to !== undefined) add('at < ?', filter.to);
    if (filter.actor) add('actor = ?', filter.actor);
    if (filter.unitId) add('unit_id = ?', filter.unitId);
    if (filter.action) add('action = ?', filter.action);
    if (filter.targetType) add('target_type = ?', filter.targetType);
    if (filter.targetId) add('target_id = ?', filter.targetId);
    if (after !== null) add('seq > ?', Number(after[0]));
    values.push(limit + 1);
    const rows = await this.dataSource.query<Parameters<typeof recordFromRow>[0][]>(
      `SELECT seq, at, actor, unit_id, action, target_type, target_id, before, after, request_id, prev_hash, hash
         FROM audit_records ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY seq LIMIT $${values.length}`,
      values,
    );
    const records = rows.slice(0, limit).map(recordFromRow);
    const last = records.at(-1);
    return { items: records, nextCursor: rows.length > limit && last !== undefined ? encodeCursor([last.seq]) : null };
  }

  /**
   * Checks up to `limit` records after `afterSeq` with the check of `npm run audit:verify`; a
   * record `afterSeq` that does not exist is a 404. Reads and hashes each record once.
   */
  async verify(afterSeq: number, limit: number): Promise<AuditVerificationResponse> {
    const result = await verifyAuditChainSegment(this.dataSource, afterSeq, limit);
    if (result === null) throw new NotFoundError('audit record', String(afterSeq));
    if (result.intact) {
      return {
        intact: true,
        checked: result.count,
        afterSeq,
        lastSeq: result.lastSeq,
        lastHash: result.lastHash,
        complete: result.complete,
        nextAfterSeq: result.complete ? null : result.lastSeq,
        broken: null,
      };
    }
    const lastIntact = await this.dataSource.query<{ hash: string }[]>(
      `SELECT hash FROM audit_records WHERE seq = $1`,
      [result.lastSeq],
    );
    return {
      intact: false,
      checked: result.verified,
      afterSeq,
      lastSeq: result.lastSeq,
      lastHash: lastIntact[0]?.hash ?? GENESIS_HASH,
      complete: true,
      nextAfterSeq: null,
      broken: { seq: result.seq, reason: result.reason, message: result.message },
    };
  }
}
