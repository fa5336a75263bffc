import type { EntityManager } from 'typeorm';
import { appendAuditRecord, toJsonValue } from '@dondoc/audit';
import { currentRequestContext } from '../http/request-context';

/** What an API write records; who acted, their unit and the request come from the request context. */
export interface ApiAuditEntry {
  action: string;
  targetType: string;
  targetId: string;
  before: unknown;
  after: unknown;
}

/**
 * Appends the audit record of a change the API writes itself, in that change's transaction.
 * Call it last in the transaction: the chain's lock is held until the commit.
 */
export async function auditApiChange(db: EntityManager, entry: ApiAuditEntry): Promise<void> {
  const context = currentRequestContext();
  const principal = context?.authentication.kind === 'principal' ? context.authentication.principal : undefined;
  await appendAuditRecord(db, {
    actor: principal?.sub ?? 'system',
    unitId: principal?.unitId ?? null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    before: toJsonValue(entry.before),
    after: toJsonValue(entry.after),
    requestId: context?.requestId ?? null,
  });
}
