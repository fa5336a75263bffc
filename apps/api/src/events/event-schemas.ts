/**
 * The catalogue's events as OpenAPI schemas (docs/events.md in schema form): one named schema per
 * type, the common envelope in each, and a `oneOf` on `type` for GET /events' items, so a typed
 * client generated from the document switches on `type` as the catalogue says a receiver may.
 * Typed by `EventType`, so a type added to the catalogue fails to compile until it is described.
 */
import type { ReferenceObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ESCALATION_ACTIONS, EVENT_CATALOGUE_VERSION, EVENT_TYPES, TASK_ROLES, type EventType } from '@dondoc/domain';

const instant: SchemaObject = { type: 'string', format: 'date-time' };
const text: SchemaObject = { type: 'string' };
const nullableText: SchemaObject = { type: 'string', nullable: true };
const nullableInstant: SchemaObject = { ...instant, nullable: true };

/** An object schema whose every listed property is required (the catalogue's fields are never absent). */
function object(properties: Record<string, SchemaObject>, optional: string[] = []): SchemaObject {
  return {
    type: 'object',
    required: Object.keys(properties).filter((name) => !optional.includes(name)),
    properties,
  };
}

/** Who acted: a person's token subject within their unit, or `{ unitId: null, sub: "system" }` for Dondoc's timers. */
const actor = object({ unitId: nullableText, sub: text });

const scheduled = { scheduledAt: instant, offset: text };

/** What each type adds in `data` (libs/domain's EventDataByType). */
const DATA: Record<EventType, SchemaObject> = {
  'task.assigned': object({ role: { type: 'string', enum: [...TASK_ROLES] }, assigneeSub: nullableText }),
  'task.reminder': object(
    { ...scheduled, workingDaysLeft: { type: 'integer', minimum: 0, nullable: true }, assignee: nullableText },
    ['assignee'],
  ),
  'task.overdue': object({ ...scheduled, sequence: { type: 'integer', minimum: 1 }, assignee: nullableText }, [
    'assignee',
  ]),
  'task.returned': object({ by: actor, reason: text }),
  'task.completed': object({ by: actor, onTime: { type: 'boolean' } }),
  'task.reassigned': object({ by: actor, toUnitId: text, successorTaskId: nullableText }),
  'escalation.opened': object({
    escalationId: text,
    level: { type: 'integer', enum: [1] },
    coordinatingUnitId: text,
    scheduledAt: instant,
  }),
  'escalation.climbed': object({
    escalationId: text,
    level: { type: 'integer', minimum: 2 },
    coordinatingUnitId: text,
    fromUnitId: text,
    grace: text,
  }),
  'escalation.resolved': object({
    escalationId: text,
    action: { type: 'string', enum: [...ESCALATION_ACTIONS] },
    by: actor,
    note: nullableText,
  }),
  'extension.requested': object({ extensionId: text, requestedDueAt: instant, reason: text, by: actor }),
  'extension.decided': object({
    extensionId: text,
    decision: { type: 'string', enum: ['approved', 'rejected'] },
    newDueAt: nullableInstant,
    by: actor,
  }),
  'directive.withdrawn': object({ by: actor, reason: text }),
  ping: object({ message: text, subscriptionId: { type: 'string', format: 'uuid' } }, ['subscriptionId']),
  'task.assignee_changed': object({
    action: { type: 'string', enum: ['claim', 'assign', 'hand_back'] },
    assignee: nullableText,
    previousAssignee: nullableText,
    by: actor,
  }),
  'comment.added': object({
    commentId: text,
    text,
    by: actor,
    recipientUnitId: text,
    recipientSub: nullableText,
  }),
};

/** `task.assigned` → `TaskAssignedEvent`: the component name of a type's schema. */
export function eventSchemaName(type: EventType): string {
  const words = type.split('.').map((word) => word.charAt(0).toUpperCase() + word.slice(1));
  return `${words.join('')}Event`;
}

/** One type's full schema: the envelope (docs/events.md "The envelope") with its `type` fixed and its `data`. */
function eventSchema(type: EventType): SchemaObject {
  return {
    ...object({
      id: { type: 'string', description: 'Stable, derived from the cause: a repeat carries the same id' },
      type: { type: 'string', enum: [type] },
      version: { type: 'integer', enum: [EVENT_CATALOGUE_VERSION] },
      occurredAt: instant,
      directiveId: nullableText,
      directiveNumber: nullableText,
      directiveSubject: nullableText,
      taskId: nullableText,
      unitId: nullableText,
      dueAt: nullableInstant,
      link: nullableText,
      data: DATA[type],
    }),
    description: `The \`${type}\` event of the catalogue (docs/events.md)`,
  };
}

/** Every type's schema by component name, for the document's `components.schemas`. */
export const EVENT_SCHEMAS: Record<string, SchemaObject> = Object.fromEntries(
  EVENT_TYPES.map((type) => [eventSchemaName(type), eventSchema(type)]),
);

/** Any event of the catalogue: one of the type schemas, told apart by `type`. */
export const ANY_EVENT_SCHEMA: SchemaObject = {
  oneOf: EVENT_TYPES.map((type): ReferenceObject => ({ $ref: `#/components/schemas/${eventSchemaName(type)}` })),
  discriminator: {
    propertyName: 'type',
    mapping: Object.fromEntries(EVENT_TYPES.map((type) => [type, `#/components/schemas/${eventSchemaName(type)}`])),
  },
};

/** The schema of one page of GET /events. */
export const EVENT_PAGE_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['items', 'nextCursor', 'hasMore'],
  properties: {
    items: { type: 'array', items: ANY_EVENT_SCHEMA },
    nextCursor: {
      type: 'string',
      nullable: true,
      description:
        'The position after the last event answered: pass it as `after` to read on, now or later (it stays valid). The `after` sent when nothing follows yet; null only when nothing has been read at all',
    },
    hasMore: { type: 'boolean', description: 'Whether more events follow already (ask again at once)' },
  },
};

/**
 * GET /events/stream's body: server-sent events, text that OpenAPI 3.0 cannot type frame by frame,
 * so the frames are said in words; each `data` line holds one event of {@link ANY_EVENT_SCHEMA}.
 */
export const EVENT_STREAM_SCHEMA: SchemaObject = {
  type: 'string',
  description:
    'text/event-stream frames: `id: <cursor>`, `event: <type of the catalogue, or reset>`, `data: <the event as JSON>`, a blank line; `: keep-alive` comments in between',
  example:
    'retry: 3000\n\nid: WyIxNzY0…\nevent: task.assigned\ndata: {"id":"task.assigned/…","type":"task.assigned",…}\n\n',
};
