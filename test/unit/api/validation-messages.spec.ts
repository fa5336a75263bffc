/**
 * What a refused field is told, by field kind: a wrong type names the type expected, a missing or
 * null field says it is required, and only a value of the right type hears about its range. One
 * problem per field. Runs the API's own ValidationPipe over its DTOs (and the domain's policy
 * reader for the durations it checks), without a server.
 */
import 'reflect-metadata';
import type { ArgumentMetadata } from '@nestjs/common';
import { parseReminderPolicy, ValidationError } from '@dondoc/domain';
import { FieldErrors } from '../../../apps/api/src/errors/errors';
import { createValidationPipe } from '../../../apps/api/src/validation/validation-pipe';
import { CreateDirectiveBody } from '../../../apps/api/src/directives/directives.dto';
import { ExtensionRequestBody, ProgressBody } from '../../../apps/api/src/tasks/tasks.dto';

const pipe = createValidationPipe();
const later = new Date(Date.now() + 30 * 86_400_000).toISOString();

/** A valid directive body, changed by `change`. */
function directive(
  change: (body: Record<string, unknown>, assignment: Record<string, unknown>) => void,
): Record<string, unknown> {
  const assignment: Record<string, unknown> = {
    unitId: 'bac-kan/ubnd',
    role: 'lead',
    instructions: 'Báo cáo',
    dueAt: later,
  };
  const body: Record<string, unknown> = {
    number: '1-CV',
    issuerUnitId: 'bac-kan/tu',
    subject: 'Về việc',
    issuedAt: '2026-01-05',
    assignments: [assignment],
  };
  change(body, assignment);
  return body;
}

/** The problems the pipe reports for `value` as a body of `metatype`; [] when it passes. */
async function problemsOf(
  metatype: ArgumentMetadata['metatype'],
  value: unknown,
): Promise<{ field: string; problem: string }[]> {
  try {
    await pipe.transform(value, { type: 'body', metatype });
    return [];
  } catch (error) {
    if (error instanceof FieldErrors) return error.errors;
    throw error;
  }
}

function policyProblem(policy: unknown, minInterval = 'PT1H'): { field: string; problem: string }[] {
  try {
    parseReminderPolicy(policy, 'reminderPolicy', { minInterval });
    return [];
  } catch (error) {
    if (error instanceof ValidationError) return [{ field: error.field, problem: error.problem }];
    throw error;
  }
}

type Row = {
  kind: string;
  what: string;
  problems: () => Promise<{ field: string; problem: string }[]> | { field: string; problem: string }[];
  field: string;
  problem: string | RegExp;
};

const progress = (percent: unknown): Record<string, unknown> => (percent === undefined ? {} : { percent });
const DATE_TIME = 'must be an ISO-8601 date-time with an offset, or a date (YYYY-MM-DD)';
const DURATION = 'must be an ISO-8601 duration such as P1M or P3D';

const rows: Row[] = [
  // number
  {
    kind: 'number',
    what: 'a string',
    problems: () => problemsOf(ProgressBody, progress('50')),
    field: 'percent',
    problem: 'must be a whole number',
  },
  {
    kind: 'number',
    what: 'a boolean',
    problems: () => problemsOf(ProgressBody, progress(true)),
    field: 'percent',
    problem: 'must be a whole number',
  },
  {
    kind: 'number',
    what: 'an array',
    problems: () => problemsOf(ProgressBody, progress([50])),
    field: 'percent',
    problem: 'must be a whole number',
  },
  {
    kind: 'number',
    what: 'a fraction',
    problems: () => problemsOf(ProgressBody, progress(50.5)),
    field: 'percent',
    problem: 'must be a whole number',
  },
  {
    kind: 'number',
    what: 'missing',
    problems: () => problemsOf(ProgressBody, progress(undefined)),
    field: 'percent',
    problem: 'is required',
  },
  {
    kind: 'number',
    what: 'null',
    problems: () => problemsOf(ProgressBody, progress(null)),
    field: 'percent',
    problem: 'is required and must not be null',
  },
  {
    kind: 'number',
    what: 'above its range',
    problems: () => problemsOf(ProgressBody, progress(101)),
    field: 'percent',
    problem: 'must not be greater than 100',
  },
  {
    kind: 'number',
    what: 'below its range',
    problems: () => problemsOf(ProgressBody, progress(-1)),
    field: 'percent',
    problem: 'must not be less than 0',
  },
  {
    kind: 'number',
    what: 'a day of the month as a string',
    problems: () =>
      problemsOf(
        CreateDirectiveBody,
        directive((_b, a) => (a.recurrence = { dayOfMonth: '5', until: '2027-12-31' })),
      ),
    field: 'assignments[0].recurrence.dayOfMonth',
    problem: 'must be a whole number',
  },
  {
    kind: 'number',
    what: 'a day of the month out of range',
    problems: () =>
      problemsOf(
        CreateDirectiveBody,
        directive((_b, a) => (a.recurrence = { dayOfMonth: 32, until: '2027-12-31' })),
      ),
    field: 'assignments[0].recurrence.dayOfMonth',
    problem: 'must not be greater than 31',
  },
  // boolean
  {
    kind: 'boolean',
    what: 'a string',
    problems: () =>
      problemsOf(
        CreateDirectiveBody,
        directive((b) => (b.reviewRequired = 'yes')),
      ),
    field: 'reviewRequired',
    problem: 'must be a boolean',
  },
  {
    kind: 'boolean',
    what: 'a number',
    problems: () =>
      problemsOf(
        CreateDirectiveBody,
        directive((b) => (b.reviewRequired = 1)),
      ),
    field: 'reviewRequired',
    problem: 'must be a boolean',
  },
  {
    kind: 'boolean',
    what: 'a policy setting as a string',
    problems: () => policyProblem({ atDeadline: 'yes' }),
    field: 'reminderPolicy.atDeadline',
    problem: 'must be true or false',
  },
  // enum
  {
    kind: 'enum',
    what: 'an unknown value',
    problems: () =>
      problemsOf(
        CreateDirectiveBody,
        directive((_b, a) => (a.role = 'chu-tri')),
      ),
    field: 'assignments[0].role',
    problem: 'must be one of: lead, coordinate, inform',
  },
  {
    kind: 'enum',
    what: 'a number',
    problems: () =>
      problemsOf(
        CreateDirectiveBody,
        directive((_b, a) => (a.role = 1)),
      ),
    field: 'assignments[0].role',
    problem: 'must be one of: lead, coordinate, inform',
  },
  {
    kind: 'enum',
    what: 'missing',
    problems: () =>
      problemsOf(
        CreateDirectiveBody,
        directive((_b, a) => delete a.role),
      ),
    field: 'assignments[0].role',
    problem: 'is required',
  },
  {
    kind: 'enum',
    what: 'null',
    problems: () =>
      problemsOf(
        CreateDirectiveBody,
        directive((_b, a) => (a.role = null)),
      ),
    field: 'assignments[0].role',
    problem: 'is required and must not be null',
  },
  // date-time
  {
    kind: 'date-time',
    what: 'a number',
    problems: () =>
      problemsOf(
        CreateDirectiveBody,
        directive((_b, a) => (a.dueAt = Date.now())),
      ),
    field: 'assignments[0].dueAt',
    problem: DATE_TIME,
  },
  {
    kind: 'date-time',
    what: 'missing',
    problems: () => problemsOf(ExtensionRequestBody, { reason: 'Chờ số liệu' }),
    field: 'requestedDueAt',
    problem: 'is required',
  },
  {
    kind: 'date-time',
    what: 'null',
    problems: () => problemsOf(ExtensionRequestBody, { requestedDueAt: null, reason: 'x' }),
    field: 'requestedDueAt',
    problem: 'is required and must not be null',
  },
  {
    kind: 'date-time',
    what: 'an extension to the year 9999',
    problems: () => problemsOf(ExtensionRequestBody, { requestedDueAt: '9999-01-01', reason: 'x' }),
    field: 'requestedDueAt',
    problem: /^must be at most 10 years ahead/,
  },
  {
    kind: 'date-time',
    what: 'in the year 9999',
    problems: () =>
      problemsOf(
        CreateDirectiveBody,
        directive((_b, a) => (a.dueAt = '9999-12-31')),
      ),
    field: 'assignments[0].dueAt',
    problem: /^must be at most 10 years ahead/,
  },
  {
    kind: 'date-time',
    what: 'an issue date next year',
    problems: () =>
      problemsOf(
        CreateDirectiveBody,
        directive((b) => (b.issuedAt = later)),
      ),
    field: 'issuedAt',
    problem: /^must not be in the future \(at most 5 minutes ahead/,
  },
  {
    kind: 'date-time',
    what: 'an issue date as an array',
    problems: () =>
      problemsOf(
        CreateDirectiveBody,
        directive((b) => (b.issuedAt = ['2026-01-05'])),
      ),
    field: 'issuedAt',
    problem: DATE_TIME,
  },
  // duration
  {
    kind: 'duration',
    what: 'a number',
    problems: () =>
      problemsOf(
        CreateDirectiveBody,
        directive((_b, a) => (a.recurrence = { every: 30, until: '2027-12-31' })),
      ),
    field: 'assignments[0].recurrence.every',
    problem: DURATION,
  },
  {
    kind: 'duration',
    what: 'a policy interval as a number',
    problems: () => policyProblem({ overdueEvery: 3600 }),
    field: 'reminderPolicy.overdueEvery',
    problem: 'must be an ISO-8601 duration such as P3D or PT2H',
  },
  {
    kind: 'duration',
    what: 'below the shortest notice interval',
    problems: () => policyProblem({ overdueEvery: 'PT1S' }),
    field: 'reminderPolicy.overdueEvery',
    problem: 'must be at least PT1H (the shortest interval between notices)',
  },
  {
    kind: 'duration',
    what: 'a reminder below the interval',
    problems: () => policyProblem({ before: ['P1D', 'PT30M'] }),
    field: 'reminderPolicy.before[1]',
    problem: 'must be at least PT1H (the shortest interval between notices)',
  },
  {
    kind: 'duration',
    what: 'an escalation below a configured interval',
    problems: () => policyProblem({ escalateAfter: 'PT5S' }, 'PT10S'),
    field: 'reminderPolicy.escalateAfter',
    problem: 'must be at least PT10S (the shortest interval between notices)',
  },
  // id
  {
    kind: 'id',
    what: 'not a UUID',
    problems: () =>
      problemsOf(
        CreateDirectiveBody,
        directive((b) => (b.parentDirectiveId = '335-CV/TU')),
      ),
    field: 'parentDirectiveId',
    problem: 'must be a UUID: the id of a directive',
  },
  {
    kind: 'id',
    what: 'a number',
    problems: () =>
      problemsOf(
        CreateDirectiveBody,
        directive((b) => (b.parentDirectiveId = 335)),
      ),
    field: 'parentDirectiveId',
    problem: 'must be a UUID: the id of a directive',
  },
  {
    kind: 'id',
    what: 'a unit id that is a number',
    problems: () =>
      problemsOf(
        CreateDirectiveBody,
        directive((b) => (b.issuerUnitId = 7)),
      ),
    field: 'issuerUnitId',
    problem: 'must be a string',
  },
  {
    kind: 'id',
    what: 'a missing unit id',
    problems: () =>
      problemsOf(
        CreateDirectiveBody,
        directive((b) => delete b.issuerUnitId),
      ),
    field: 'issuerUnitId',
    problem: 'is required',
  },
  // array
  {
    kind: 'array',
    what: 'an object',
    problems: () =>
      problemsOf(
        CreateDirectiveBody,
        directive((b) => (b.assignments = { unitId: 'x' })),
      ),
    field: 'assignments',
    problem: 'must be an array',
  },
  {
    kind: 'array',
    what: 'a string',
    problems: () =>
      problemsOf(
        CreateDirectiveBody,
        directive((b) => (b.assignments = 'x')),
      ),
    field: 'assignments',
    problem: 'must be an array',
  },
  {
    kind: 'array',
    what: 'missing',
    problems: () =>
      problemsOf(
        CreateDirectiveBody,
        directive((b) => delete b.assignments),
      ),
    field: 'assignments',
    problem: 'is required',
  },
  {
    kind: 'array',
    what: 'null',
    problems: () =>
      problemsOf(
        CreateDirectiveBody,
        directive((b) => (b.assignments = null)),
      ),
    field: 'assignments',
    problem: 'is required and must not be null',
  },
  {
    kind: 'array',
    what: 'empty',
    problems: () =>
      problemsOf(
        CreateDirectiveBody,
        directive((b) => (b.assignments = [])),
      ),
    field: 'assignments',
    problem: 'must name at least one recipient unit',
  },
  {
    kind: 'array',
    what: 'reminders that are not a list',
    problems: () => policyProblem({ before: 'P1D' }),
    field: 'reminderPolicy.before',
    problem: 'must be a list of durations such as ["P3D", "P1D"]',
  },
  {
    kind: 'array',
    what: 'too many reminders',
    problems: () => policyProblem({ before: Array.from({ length: 11 }, (_, i) => `P${i + 1}D`) }),
    field: 'reminderPolicy.before',
    problem: 'must list at most 10 durations',
  },
  // object
  {
    kind: 'object',
    what: 'a recurrence as a string',
    problems: () =>
      problemsOf(
        CreateDirectiveBody,
        directive((_b, a) => (a.recurrence = 'P1M')),
      ),
    field: 'assignments[0].recurrence',
    problem: 'must be an object',
  },
];

describe('validation messages', () => {
  it.each(rows)('$kind field, $what: $field $problem', async ({ problems, field, problem }) => {
    const found = await problems();
    // One problem for the field, and it is the expected one.
    expect(found.filter((p) => p.field === field)).toEqual([
      { field, problem: typeof problem === 'string' ? problem : expect.stringMatching(problem) },
    ]);
  });

  it('accepts the valid bodies the rows start from', async () => {
    expect(
      await problemsOf(
        CreateDirectiveBody,
        directive(() => undefined),
      ),
    ).toEqual([]);
    expect(await problemsOf(ProgressBody, { percent: 50 })).toEqual([]);
    expect(policyProblem({ before: ['P1D', 'PT1H'], overdueEvery: 'P1D', escalateAfter: 'PT2H' })).toEqual([]);
  });

  it('reports every refused field of a body, one problem each', async () => {
    const found = await problemsOf(
      CreateDirectiveBody,
      directive((b, a) => {
        b.number = 276;
        a.role = null;
        a.dueAt = '9999-12-31';
      }),
    );
    expect(found.map((p) => p.field).sort()).toEqual(['assignments[0].dueAt', 'assignments[0].role', 'number']);
  });
});
