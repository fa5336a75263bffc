import { ApplicationFailure } from '@temporalio/common';
import {
  DATA_REJECTED,
  classifyDatabaseErrors,
  isPermanentSqlState,
  type DataRejectedDetails,
} from '@dondoc/activities';

/** An error shaped as `pg` raises it (TypeORM wraps it, keeping `code` and `driverError.code`). */
function pgError(code: string, message = 'refused'): Error {
  return Object.assign(new Error(message), { code });
}

describe('database error classification', () => {
  it.each([
    ['22021', 'NUL byte in a text parameter (character_not_in_repertoire)'],
    ['22P05', 'NUL escape in jsonb (untranslatable_character)'],
    ['22P02', 'unpaired surrogate in jsonb (invalid_text_representation)'],
    ['22001', 'value too long'],
    ['22003', 'number out of range'],
    ['54000', 'program limit exceeded (a value too large to index)'],
    ['23514', 'check violation'],
    ['23505', 'unique violation'],
  ])('%s (%s) is refused data: no retry can fix it', (code) => {
    expect(isPermanentSqlState(code)).toBe(true);
  });

  it.each([
    ['08006', 'connection failure'],
    ['57P01', 'admin shutdown'],
    ['40001', 'serialization failure'],
    ['40P01', 'deadlock detected'],
    ['55P03', 'lock not available'],
    ['53300', 'too many connections'],
  ])('%s (%s) passes with time: it is retried', (code) => {
    expect(isPermanentSqlState(code)).toBe(false);
  });

  it('turns refused data into a non-retryable DATA_REJECTED failure naming the SQLSTATE; integrity clashes are conflicts', async () => {
    const failure = await classifyDatabaseErrors('recordTaskChange', () =>
      Promise.reject(pgError('22P05', 'unsupported Unicode escape sequence')),
    ).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({
      type: DATA_REJECTED,
      nonRetryable: true,
      message: 'recordTaskChange: unsupported Unicode escape sequence',
    });
    expect((failure as ApplicationFailure).details?.[0]).toEqual<DataRejectedDetails>({
      sqlState: '22P05',
      conflict: false,
    });

    const clash = await classifyDatabaseErrors('recordTaskChange', () =>
      Promise.reject(Object.assign(new Error('dup'), { driverError: { code: '23505' } })),
    ).catch((e: unknown) => e);
    expect((clash as ApplicationFailure).details?.[0]).toEqual<DataRejectedDetails>({
      sqlState: '23505',
      conflict: true,
    });
  });

  it('rethrows anything else as it is, for Temporal to retry', async () => {
    const lost = pgError('08006', 'connection terminated');
    await expect(classifyDatabaseErrors('recordTaskChange', () => Promise.reject(lost))).rejects.toBe(lost);
  });
});
