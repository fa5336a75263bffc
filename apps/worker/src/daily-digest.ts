import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import {
  DAILY_DIGEST_WORKFLOW_ID,
  DAILY_DIGEST_WORKFLOW_TYPE,
  type DailyDigestInput,
} from '@dondoc/workflows/digest/contract';

/**
 * Starts the daily digest workflow unless it runs: every worker calls this at boot, and the fixed
 * id makes all but the first a no-op (Temporal refuses a second start while one runs: the running
 * one is kept, never restarted; one that ended is started again). Answers whether this call
 * started it, for the log.
 */
export async function ensureDailyDigest(client: Client, taskQueue: string): Promise<boolean> {
  try {
    await client.workflow.start(DAILY_DIGEST_WORKFLOW_TYPE, {
      taskQueue,
      workflowId: DAILY_DIGEST_WORKFLOW_ID,
      args: [{} satisfies DailyDigestInput],
    });
    return true;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw error;
  }
}
