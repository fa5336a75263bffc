/**
 * What the controllers' decorators leave out of the OpenAPI document, added by rule so every
 * operation says the same things the same way: the statuses every route can answer (all with
 * the one error body), path parameters and their formats, query parameters' real types, the
 * `Idempotency-Key` header on changes, which operations need no token, and open request-body
 * objects (request-bodies.ts). Success bodies come from the response DTO classes (docs/openapi.md).
 */
import type { OpenAPIObject } from '@nestjs/swagger';
import type {
  OperationObject,
  ParameterObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { MAX_LIMIT } from '../pagination/pagination';
import { EVENT_SCHEMAS } from '../events/event-schemas';
import { IDEMPOTENCY_HEADER, MAX_KEY_LENGTH, REPLAYED_HEADER } from '../idempotency/idempotency-key';
import { openLooseRequestObjects } from './request-bodies';

/** The shape of every error answer (apps/api/src/errors/error.filter.ts). */
export const ERROR_BODY_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer', minimum: 400, maximum: 599 },
    error: { type: 'string', description: 'The status in words' },
    message: { type: 'string', description: 'What is wrong, for people' },
    errors: {
      type: 'array',
      description: 'Each field that is wrong, and how',
      items: {
        type: 'object',
        required: ['field', 'problem'],
        properties: { field: { type: 'string' }, problem: { type: 'string' } },
      },
    },
    details: {
      type: 'object',
      additionalProperties: true,
      description: 'Machine-readable particulars (a code, the allowed actions, …)',
    },
  },
};

/** What each error status means, unless an operation says more. */
export const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is invalid: each wrong field is named in `errors`',
  401: 'No token, or one that is expired, forged or for another audience',
  403: "The caller's role may not use this endpoint, or the resource is outside what they may act on (`details.code: OUT_OF_SCOPE`)",
  404: 'Nothing of this id, or nothing the caller may see',
  409: 'The change is not possible in the current state (the allowed actions are in `details`), or a request with this Idempotency-Key is still being processed',
  413: 'The request body is too large',
  415: 'The request body is in a media type or charset this endpoint does not read',
  422: 'The Idempotency-Key was already used for another request',
  429: 'Too many requests from this caller; `Retry-After` says when to try again',
  503: 'PostgreSQL, Temporal or the token keys are unavailable; `Retry-After` says when to try again',
};

/** Path parameters by resource: ids of directives, tasks, escalations and requests are UUIDs; unit ids are paths. */
const PATH_PARAMETERS: { prefix: string; schema: SchemaObject; description: string }[] = [
  {
    prefix: '/api/v1/units/',
    schema: { type: 'string', minLength: 1 },
    description: 'A unit id such as `bac-kan-city/ubnd` (slashes may be sent as they are or as %2F)',
  },
  {
    prefix: '/api/v1/deliveries/',
    schema: { type: 'string', pattern: '^msg_[A-Za-z0-9_-]+$' },
    description: 'A delivery id (`msg_…`, the `webhook-id` header)',
  },
  {
    prefix: '/api/v1/notifications/',
    schema: { type: 'string', minLength: 1 },
    description: "A notice's id (`<taskId>:<sequence>:<n>`)",
  },
  { prefix: '/api/v1/', schema: { type: 'string', format: 'uuid' }, description: 'The id' },
];

/** Path parameters with a meaning of their own wherever they appear, ahead of the rules by resource above. */
const NAMED_PATH_PARAMETERS: Record<string, { schema: SchemaObject; description: string }> = {
  sub: {
    schema: { type: 'string', pattern: '^[A-Za-z0-9._@:+-]{1,200}$' },
    description: "A person's `sub` within the unit, as their tokens carry it",
  },
};

/** Query parameters whose meaning is the same wherever they appear. */
const QUERY_SCHEMAS: Record<string, SchemaObject> = {
  limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: 50 },
  cursor: { type: 'string', minLength: 1, description: 'The `nextCursor` of the previous page' },
  overdue: { type: 'boolean' },
  directiveId: { type: 'string', format: 'uuid' },
  parentDirectiveId: { type: 'string', format: 'uuid' },
  taskId: { type: 'string', format: 'uuid' },
  from: { type: 'string', format: 'date-time' },
  to: { type: 'string', format: 'date-time' },
  depth: { type: 'integer', minimum: 0 },
};

/** Filters that take one or more values of an enum, comma-separated. */
const LIST_QUERIES = new Set(['status', 'kind', 'level']);

const CHANGING = new Set(['post', 'put', 'patch', 'delete']);
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Operations anyone may call, without a token. */
export const PUBLIC_PATHS: ReadonlySet<string> = new Set([
  '/api/v1/health',
  '/api/v1/health/live',
  '/api/v1/health/ready',
  '/api/v1/console/settings',
  '/api/v1/dev/sign-in',
  '/api/v1/metrics',
]);

/** Completes `document` in place (and returns it). */
export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, ErrorBody: ERROR_BODY_SCHEMA, ...EVENT_SCHEMAS };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation !== undefined) completeOperation(path, method, operation);
    }
  }
  openLooseRequestObjects(document);
  return document;
}

function completeOperation(path: string, method: (typeof METHODS)[number], operation: OperationObject): void {
  const isPublic = PUBLIC_PATHS.has(path);
  if (isPublic) operation.security = [];
  const parameters = (operation.parameters ?? []) as ParameterObject[];
  declarePathParameters(path, parameters);
  for (const parameter of parameters) {
    if (parameter.in !== 'query') continue;
    // Every filter and page parameter may be left out (Nest marks undecorated ones required).
    parameter.required = false;
    const typed = QUERY_SCHEMAS[parameter.name];
    // A parameter that declares its own format (statistics' `from` is a day, not an instant) keeps it.
    const ownFormat = (parameter.schema as SchemaObject | undefined)?.format;
    if (typed !== undefined && ownFormat === undefined) parameter.schema = { ...typed };
    const values = (parameter.schema as SchemaObject | undefined)?.enum;
    if (LIST_QUERIES.has(parameter.name) && values !== undefined) {
      // A comma-separated list of enum values: `status=assigned,acknowledged`; `status=` is refused.
      parameter.schema = { type: 'array', minItems: 1, items: { type: 'string', enum: values } };
      parameter.style = 'form';
      parameter.explode = false;
    }
  }
  if (CHANGING.has(method)) {
    parameters.push({
      name: IDEMPOTENCY_HEADER,
      in: 'header',
      required: false,
      description:
        'Makes the request safe to retry: a repeat with the same key and body (by the same caller, within 24 h) answers the first answer, ' +
        `marked \`${REPLAYED_HEADER}: true\`, without acting again; the same key with another request is 422; while the first still runs, 409.`,
      schema: { type: 'string', minLength: 1, maxLength: MAX_KEY_LENGTH, pattern: '^[\\x20-\\x7E]+$' },
    });
  }
  operation.parameters = parameters;

  const statuses = [400];
  if (!isPublic) statuses.push(401, 403, 429);
  if (parameters.some((p) => p.in === 'path')) statuses.push(404);
  if (operation.requestBody !== undefined) statuses.push(413, 415);
  if (CHANGING.has(method)) statuses.push(409, 422);
  statuses.push(503);
  for (const status of statuses) {
    const key = String(status);
    const existing = operation.responses[key] as ResponseObject | undefined;
    if (existing?.content !== undefined) continue;
    operation.responses[key] = {
      description: existing?.description || ERROR_DESCRIPTIONS[status]!,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
    };
  }
  for (const [key, response] of Object.entries(operation.responses) as [string, ResponseObject][]) {
    if (!/^2\d\d$/.test(key)) continue;
    response.description ||= 'Done';
    if (CHANGING.has(method)) {
      response.headers = {
        ...response.headers,
        [REPLAYED_HEADER]: {
          description:
            'Present (`true`) when this is the recorded answer to an earlier request with the same Idempotency-Key',
          schema: { type: 'string', enum: ['true'] },
        },
      };
    }
  }
}

/** Nest leaves out path parameters it has no decorator for (the units' `*id`). */
function declarePathParameters(path: string, parameters: ParameterObject[]): void {
  for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
    const rule = NAMED_PATH_PARAMETERS[name ?? ''] ?? PATH_PARAMETERS.find((r) => path.startsWith(r.prefix))!;
    const declared = parameters.find((p) => p.in === 'path' && p.name === name);
    if (declared !== undefined) declared.schema = { ...rule.schema };
    else
      parameters.push({
        name: name!,
        in: 'path',
        required: true,
        description: rule.description,
        schema: { ...rule.schema },
      });
  }
}
