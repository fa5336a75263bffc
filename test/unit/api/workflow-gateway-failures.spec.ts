/**
 * How the gateway turns a unit task's failed Update into the API's errors: refused data is the
 * caller's to fix (400 naming the field, or 409 for a clash), a change not recorded is a 503 the
 * caller may retry. The Temporal client is stubbed: the mapping is what is under test.
 */
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { reportProgressUpdate } from '@dondoc/workflows/unit-task/contract';
import { ValidationError } from '@dondoc/domain';
import type { ApiSettings } from '@dondoc/config';
import { FailureType, type DataRejectedDetails } from '@dondoc/workflows/shared/failures';
import { WorkflowGateway } from '../../../apps/api/src/temporal/workflow.gateway';
import { ConflictError, UnavailableError } from '../../../apps/api/src/errors/errors';

const update = reportProgressUpdate;

function gatewayFailingWith(failure: ApplicationFailure): WorkflowGateway {
  const client = {
    workflow: {
      getHandle: () => ({
        executeUpdate: () => Promise.reject(new WorkflowUpdateFailedError('Workflow Update failed', failure)),
      }),
    },
    withDeadline: (_deadline: Date, fn: () => Promise<unknown>) => fn(),
  } as unknown as Client;
  return new WorkflowGateway(client, { updateTimeoutMs: 1_000 } as ApiSettings);
}

const rejected = (details: DataRejectedDetails) =>
  ApplicationFailure.create({
    message: 'the change could not be recorded',
    type: FailureType.DataRejected,
    nonRetryable: true,
    details: [details],
  });

describe('workflow gateway: failures of a change the read model did not take', () => {
  it('text the database cannot store is a validation error naming the field', async () => {
    const failure = rejected({
      field: 'note',
      problem: 'contains characters that cannot be stored',
      sqlState: '22P05',
      conflict: false,
    });
    const error = await gatewayFailingWith(failure)
      .update('task/x/y', update, { actor: 'can-bo', percent: 10, note: null })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'note', problem: 'contains characters that cannot be stored' });
  });

  it('an integrity clash is a conflict', async () => {
    const failure = rejected({
      field: null,
      problem: 'was refused by the database',
      sqlState: '23505',
      conflict: true,
    });
    expect(
      await gatewayFailingWith(failure)
        .update('task/x/y', update, { actor: 'can-bo', percent: 10, note: null })
        .catch((e: unknown) => e),
    ).toBeInstanceOf(ConflictError);
  });

  it('a change not recorded is a 503 the caller may retry', async () => {
    const failure = ApplicationFailure.create({
      message: 'the change was not recorded and the task is unchanged',
      type: FailureType.NotRecorded,
      nonRetryable: true,
    });
    const error = await gatewayFailingWith(failure)
      .update('task/x/y', update, { actor: 'can-bo', percent: 10, note: null })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as UnavailableError).message).toContain('the task is unchanged');
  });
});
