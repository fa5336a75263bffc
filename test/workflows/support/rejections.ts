/**
 * What a rejected Update looks like from the client: a WorkflowUpdateFailedError whose cause is
 * the typed ApplicationFailure the workflow threw (the API maps its type to an HTTP status).
 */
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

/** Awaits an Update expected to be rejected and returns the failure it carried. */
export async function rejectionOf(update: Promise<unknown>): Promise<ApplicationFailure> {
  const outcome = await update.then(
    (value) => ({ accepted: true as const, value }),
    (error: unknown) => ({ accepted: false as const, error }),
  );
  if (outcome.accepted)
    throw new Error(`expected the update to be rejected; it returned ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (outcome.error as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return cause as ApplicationFailure;
}

/** Names of the Updates the workflow accepted into its history, in order. */
export async function acceptedUpdates(handle: WorkflowHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? [])
    .map((event) => event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name)
    .filter((name): name is string => typeof name === 'string');
}
