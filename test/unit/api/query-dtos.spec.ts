/**
 * The query DTOs of the list endpoints, run through the API's own ValidationPipe as a request's
 * query is: values are read into the types the services take (lists, booleans, numbers, dates),
 * absent ones get their defaults, and a wrong one is worded exactly as the hand-written readers
 * these DTOs replaced worded it (the integration suite asserts the same answers over HTTP).
 */
import 'reflect-metadata';
import type { ArgumentMetadata } from '@nestjs/common';
import { FieldErrors } from '../../../apps/api/src/errors/errors';
import { createValidationPipe } from '../../../apps/api/src/validation/validation-pipe';
import { AuditQuery } from '../../../apps/api/src/audit/audit.dto';
import { ListDirectivesQuery } from '../../../apps/api/src/directives/directives.dto';
import { ListEscalationsQuery } from '../../../apps/api/src/escalations/escalations.dto';
import { ListNotificationsQuery } from '../../../apps/api/src/notifications/notifications.dto';
import { PageQuery } from '../../../apps/api/src/pagination/page-query';
import { ListTasksQuery } from '../../../apps/api/src/tasks/tasks.dto';
import { ExportUnitsQuery, ListUnitsQuery, SubtreeQuery } from '../../../apps/api/src/units/units.dto';

const pipe = createValidationPipe();

/** The query as the handler receives it, or the problems the pipe answers with. */
async function read(
  metatype: ArgumentMetadata['metatype'],
  query: Record<string, string>,
): Promise<Record<string, unknown> | { field: string; problem: string }[]> {
  try {
    return { ...((await pipe.transform(query, { type: 'query', metatype })) as Record<string, unknown>) };
  } catch (error) {
    if (error instanceof FieldErrors) return error.errors;
    throw error;
  }
}

describe('query DTOs of the lists', () => {
  it('read a list with nothing sent as the first page of 50, unfiltered', async () => {
    expect(await read(ListTasksQuery, {})).toEqual({ limit: 50 });
    expect(await read(PageQuery, {})).toEqual({ limit: 50 });
  });

  it('read filters into the types the services take', async () => {
    const directiveId = '0b7c6f0e-6a43-4c4b-9d2a-2f7f0f0f0f0f';
    expect(
      await read(ListTasksQuery, {
        unitId: 'a/b',
        directiveId,
        status: 'assigned, acknowledged',
        overdue: 'false',
        limit: '500',
        cursor: 'abc',
      }),
    ).toEqual({
      unitId: 'a/b',
      directiveId,
      status: ['assigned', 'acknowledged'],
      overdue: false,
      limit: 500,
      cursor: 'abc',
    });
    expect(await read(AuditQuery, { from: '2026-01-01', to: '2026-01-02T00:00:00Z' })).toEqual({
      from: new Date('2026-01-01T00:00:00+07:00'),
      to: new Date('2026-01-02T00:00:00Z'),
      limit: 50,
    });
    expect(await read(SubtreeQuery, { depth: '0' })).toEqual({ depth: 0 });
    expect(await read(ExportUnitsQuery, {})).toEqual({ format: 'json' });
  });

  it.each([
    [ListTasksQuery, { limit: '0' }, 'limit', 'must be a whole number from 1 to 500'],
    [ListTasksQuery, { limit: '2.5' }, 'limit', 'must be a whole number from 1 to 500'],
    [PageQuery, { limit: 'abc' }, 'limit', 'must be a whole number from 1 to 500'],
    [
      ListTasksQuery,
      { status: 'assigned,done' },
      'status',
      'must be one of assigned, acknowledged, in_progress, submitted, completed, cancelled, waived, reassigned (got done)',
    ],
    [ListTasksQuery, { overdue: '1' }, 'overdue', 'must be true or false'],
    [ListTasksQuery, { directiveId: 'abc' }, 'directiveId', 'must be the id of a directive'],
    [ListDirectivesQuery, { status: 'open' }, 'status', 'must be one of active, withdrawn (got open)'],
    [ListDirectivesQuery, { parentDirectiveId: '335-CV' }, 'parentDirectiveId', 'must be the id of a directive'],
    [ListEscalationsQuery, { taskId: 'abc' }, 'taskId', 'must be the id of a task'],
    [ListEscalationsQuery, { status: 'pending' }, 'status', 'must be one of open, resolved, closed (got pending)'],
    [ListNotificationsQuery, { taskId: 'abc' }, 'taskId', 'must be the id of a task'],
    [
      ListUnitsQuery,
      { level: 'village' },
      'level',
      'must be one of central, province, district, commune, agency (got village)',
    ],
    [SubtreeQuery, { depth: '-1' }, 'depth', 'must be a whole number from 0 to 256'],
    [ExportUnitsQuery, { format: 'xml' }, 'format', 'must be one of json, csv'],
    [
      AuditQuery,
      { to: 'yesterday' },
      'to',
      'must be an ISO-8601 date-time with an offset, e.g. 2026-12-20T17:00:00+07:00, or a date YYYY-MM-DD',
    ],
  ] as const)('%p refuses %j naming %s', async (metatype, query, field, problem) => {
    expect(await read(metatype, query)).toEqual([{ field, problem }]);
  });
});
