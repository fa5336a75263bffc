/**
 * The unit task's activities: recording each change of a task (the projection), the chain of
 * bodies its escalation climbs, and the cause of its directive's withdrawal. The unit-task
 * workflow proxies {@link UnitTaskActivities} and nothing else.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import type { TaskChange } from '@dondoc/workflows/unit-task/task-change';
import { classifyDatabaseErrors } from '../database-errors';
import { describeWithdrawalOf, type WithdrawalDescription } from '../directive/withdrawal';
import { createEscalationChainActivities } from './escalation-chain';
import { applyTaskChange, type ProjectionOptions } from './task-projection';

/** Builds the unit task's activities over a connected data source; `projection` says how events link to tasks. */
export function createUnitTaskActivities(dataSource: DataSource, projection: ProjectionOptions) {
  return {
    ...createEscalationChainActivities(dataSource),

    /** Writes one task change (row, event, notices, escalation, extension request, successor, outbox events). */
    async recordTaskChange(change: TaskChange): Promise<void> {
      await classifyDatabaseErrors('recordTaskChange', () =>
        dataSource.transaction((db) => applyTaskChange(db, change, projection)),
      );
    },

    /** Who withdrew the directive and why (and from which root, in a cascade), for its tasks' cancellation events. */
    async describeWithdrawal(input: { directiveId: string }): Promise<WithdrawalDescription> {
      const description = await classifyDatabaseErrors('describeWithdrawal', () =>
        describeWithdrawalOf(dataSource, input.directiveId),
      );
      if (description === undefined)
        throw ApplicationFailure.nonRetryable(`directive ${input.directiveId} does not exist`, 'NOT_FOUND');
      return description;
    },
  };
}

/** What the unit-task workflow proxies (by type only). */
export type UnitTaskActivities = ReturnType<typeof createUnitTaskActivities>;
