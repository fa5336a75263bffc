/**
 * Withdrawal of a directive whose own workflow has ended (every task closed). Nothing of its
 * own is left to cancel, but directives implementing it may still be running: they are
 * withdrawn the same way an open directive's withdrawal reaches them.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { DondocActivities } from '@dondoc/activities';
import type { WithdrawClosedArgs } from './contract';

const { markDirectiveWithdrawn } = proxyActivities<DondocActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Same options as the open directive's cascade: it waits on each child's own withdrawal. */
const { withdrawImplementingDirectives } = proxyActivities<DondocActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function closedDirectiveWithdrawalWorkflow({ directiveId, actor, reason, at }: WithdrawClosedArgs): Promise<void> {
  await markDirectiveWithdrawn({ directiveId, actor, reason, at });
  await withdrawImplementingDirectives({ directiveId, actor, reason });
}
