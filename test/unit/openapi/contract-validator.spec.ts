/**
 * The validator the integration suite holds every answer to (test/integration/support/contract.ts),
 * over the real document: what it accepts, and that a failure names the route, the status and
 * the mismatched path.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ContractValidator } from '../../integration/support/contract';

const document = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../../apps/api/openapi.json'), 'utf8'),
) as ConstructorParameters<typeof ContractValidator>[0];
const validator = new ContractValidator(document);
const url = (route: string): URL => new URL(`http://127.0.0.1:3000/api/v1${route}`);
const JSON_TYPE = 'application/json; charset=utf-8';

const task = {
  id: '6f1c7c3e-4a59-4c3e-9a43-2f1d8c1e0a11',
  directiveId: '0b6f3d8e-6f0a-4d43-8f61-7c2e0b0b7a22',
  unitId: 'bac-kan-city/ubnd',
  role: 'lead',
  instructions: 'Báo cáo kết quả',
  period: null,
  recurrence: null,
  status: 'assigned',
  dueAt: '2026-12-20T16:59:59.999Z',
  originalDueAt: '2026-12-20T16:59:59.999Z',
  overdue: false,
  escalated: false,
  progress: { percent: 0, note: null },
  report: null,
  returnReason: null,
  activatedAt: '2026-12-01T01:00:00.000Z',
  acknowledgedAt: null,
  submittedAt: null,
  completedAt: null,
  closedAt: null,
  reassignedFromTaskId: null,
  reassignedToTaskId: null,
  assignee: null,
  createdAt: '2026-12-01T01:00:00.000Z',
  updatedAt: '2026-12-01T01:00:00.000Z',
};

it('accepts an answer that matches, and requests to no documented operation', () => {
  expect(validator.check('GET', url(`/tasks/${task.id}`), 200, JSON_TYPE, task)).toEqual([]);
  expect(validator.check('GET', url('/tasks'), 200, JSON_TYPE, { items: [task], nextCursor: null })).toEqual([]);
  expect(validator.check('GET', url('/no-such-thing'), 404, JSON_TYPE, {})).toEqual([]);
});

it('names the route, the status and each mismatched path', () => {
  const wrong = { ...task, dueAt: 'soon', progress: { percent: 0 }, surprise: 1 };
  expect(validator.check('GET', url('/tasks'), 200, JSON_TYPE, { items: [wrong], nextCursor: null })).toEqual([
    'GET /api/v1/tasks answered 200: /items/0 must NOT have additional properties (surprise)',
    'GET /api/v1/tasks answered 200: /items/0/dueAt must match format "date-time"',
    "GET /api/v1/tasks answered 200: /items/0/progress must have required property 'note'",
  ]);
});

it('holds error answers to the one error body, and statuses to those declared', () => {
  expect(
    validator.check('POST', url(`/tasks/${task.id}/acknowledge`), 409, JSON_TYPE, {
      statusCode: 409,
      error: 'Conflict',
      message: 'Không thể xác nhận',
      details: { allowedActions: [] },
    }),
  ).toEqual([]);
  expect(validator.check('GET', url(`/tasks/${task.id}`), 404, JSON_TYPE, { message: 'x' })).toEqual([
    `GET /api/v1/tasks/{id} answered 404: (the body) must have required property 'statusCode'`,
    `GET /api/v1/tasks/{id} answered 404: (the body) must have required property 'error'`,
  ]);
  expect(validator.check('GET', url(`/tasks/${task.id}`), 418, JSON_TYPE, {})[0]).toMatch(
    /^GET \/api\/v1\/tasks\/\{id\} answered 418, which the document does not declare/,
  );
});

it('matches unit ids with slashes, and literal paths before parameterised ones', () => {
  expect(validator.check('GET', url('/units/export'), 200, 'text/csv; charset=utf-8', 'id,name\n')).toEqual([]);
  expect(validator.check('GET', url('/units/bac-kan/tinh-uy'), 200, JSON_TYPE, {})[0]).toMatch(
    /^GET \/api\/v1\/units\/\{id\} answered 200: \(the body\) must have required property/,
  );
});
