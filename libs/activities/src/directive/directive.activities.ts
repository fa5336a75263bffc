/**
 * The directive's activities: the fan-out's reads and activation marks (directive shards), the
 * withdrawal's own writes, and its cascade to implementing directives. The directive, shard and
 * closed-withdrawal workflows proxy {@link DirectiveActivities} and nothing else.
 */
import type { WorkflowClient } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { createFanOutActivities } from './fan-out';
import { createWithdrawalActivities } from './withdrawal';
import { createCascadeActivities } from './withdrawal-cascade';

/** Builds the directive's activities over the read model, a Temporal client (for the cascade) and the public URL events link to. */
export function createDirectiveActivities(dataSource: DataSource, workflows: WorkflowClient, publicUrl: string) {
  return {
    ...createFanOutActivities(dataSource, publicUrl),
    ...createWithdrawalActivities(dataSource, publicUrl),
    ...createCascadeActivities(dataSource, workflows),
  };
}

/** What the directive workflows proxy (by type only). */
export type DirectiveActivities = ReturnType<typeof createDirectiveActivities>;
