/**
 * Withdrawal of a directive whose own workflow has ended (every task closed). Nothing of its
 * own is left to cancel, but directives implementing it may still be running: they are
 * withdrawn the same way an open directive's withdrawal reaches them.
 */
import { directiveActivities, withdrawImplementingDirectives } from '../shared/activities';
import type { WithdrawClosedArgs } from './contract';

export async function closedDirectiveWithdrawalWorkflow({
  directiveId,
  actor,
  reason,
  at,
}: WithdrawClosedArgs): Promise<void> {
  await directiveActivities.markDirectiveWithdrawn({ directiveId, actor, reason, at });
  await withdrawImplementingDirectives({ directiveId, actor, reason });
}
