/**
 * Reads the chain of coordinating bodies an escalation of a directive's task climbs through,
 * with each body's own grace period.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { DEFAULT_ESCALATION_GRACE, escalationChain } from '@dondoc/domain';
import { classifyDatabaseErrors } from '../database-errors';
import type { EscalationLevel } from '@dondoc/workflows/unit-task/task-change';

/** Deep enough for any real tree (centre, province, district, commune, cell); stops a corrupted cycle. */
const MAX_TREE_DEPTH = 64;

/** Builds the escalation-chain read over the unit tree (a read the unit task makes when an escalation opens). */
export function createEscalationChainActivities(dataSource: DataSource) {
  return {
    /**
     * The bodies an escalation of this directive's tasks climbs through, level 1 first (the
     * coordinating body the task escalates to), each with its grace period. Read-only.
     */
    async loadEscalationChain(input: { directiveId: string; coordinatingUnitId: string }): Promise<EscalationLevel[]> {
      return classifyDatabaseErrors('loadEscalationChain', async () => {
        const [directive] = await dataSource.query<{ issuer_unit_id: string }[]>(
          `SELECT issuer_unit_id FROM directives WHERE id = $1`,
          [input.directiveId],
        );
        if (directive === undefined)
          throw ApplicationFailure.nonRetryable(`directive ${input.directiveId} does not exist`, 'NOT_FOUND');
        const ancestors = await dataSource.query<{ id: string; coordinating_unit_id: string | null }[]>(
          `WITH RECURSIVE up AS (
             SELECT id, parent_id, coordinating_unit_id, 0 AS depth FROM units WHERE id = $1
             UNION ALL
             SELECT u.id, u.parent_id, u.coordinating_unit_id, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id WHERE up.depth < $2
           )
           SELECT id, coordinating_unit_id FROM up ORDER BY depth`,
          [directive.issuer_unit_id, MAX_TREE_DEPTH],
        );
        const bodies = escalationChain(
          input.coordinatingUnitId,
          ancestors.map((a) => ({ id: a.id, coordinatingUnitId: a.coordinating_unit_id })),
        );
        const graces = await dataSource.query<{ id: string; escalation_grace: string | null }[]>(
          `SELECT id, escalation_grace FROM units WHERE id = ANY($1::text[])`,
          [bodies],
        );
        const graceOf = new Map(graces.map((g) => [g.id, g.escalation_grace]));
        return bodies.map((unitId) => ({ unitId, grace: graceOf.get(unitId) ?? DEFAULT_ESCALATION_GRACE }));
      });
    },
  };
}
