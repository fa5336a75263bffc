/**
 * The baseline of the actions benchmark: one workflow per task holding an Update handler shaped
 * like Dondoc's (validator, then one activity that "writes the projection", then the answer),
 * where the activity does nothing. What Dondoc adds on top of Temporal's own round trips — the
 * API, its reads, the real projection transaction, the audit record — is the difference.
 */
import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import { bareFinishSignal, bareProgressUpdate, type BareProgress } from './bare.contract';
import type { BareActivities } from './bare.activities';

/** Dondoc's bounded retries for a person's change (workflows/unit-task/unit-task.commit.ts). */
const { noOpProjection } = proxyActivities<BareActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 8 },
});

/** A task that takes progress reports until the run signals it to finish. */
export async function bareTaskWorkflow(): Promise<void> {
  let finished = false;
  let sequence = 0;
  let percent = 0;
  setHandler(
    bareProgressUpdate,
    async (args: BareProgress) => {
      sequence += 1;
      await noOpProjection({ sequence, ...args });
      percent = args.percent;
      return { percent, sequence };
    },
    {
      validator: (args: BareProgress) => {
        if (!Number.isInteger(args.percent) || args.percent < 0 || args.percent > 100)
          throw new Error('percent must be an integer from 0 to 100');
      },
    },
  );
  setHandler(bareFinishSignal, () => {
    finished = true;
  });
  await condition(() => finished);
}
