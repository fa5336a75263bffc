import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EVENT_TYPES } from '@dondoc/domain';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { FieldErrors } from '../../../apps/api/src/errors/errors';
import { ANY_EVENT_SCHEMA, EVENT_SCHEMAS, eventSchemaName } from '../../../apps/api/src/events/event-schemas';
import { feedCursorOf, feedPositionOf } from '../../../apps/api/src/events/events.service';
import { SUBSCRIBABLE_EVENT_TYPES, subscribedEventProblems } from '../../../apps/api/src/webhooks/webhook-rules';

describe('a subscription’s events', () => {
  it('takes every event of the catalogue but ping', () => {
    expect(subscribedEventProblems([...SUBSCRIBABLE_EVENT_TYPES])).toEqual([]);
    expect(SUBSCRIBABLE_EVENT_TYPES).toEqual(EVENT_TYPES.filter((t) => t !== 'ping'));
  });

  it('names each wrong element: unknown, ping, repeated, and an empty list as the list', () => {
    expect(subscribedEventProblems(['task.reminder', 'task.exploded', 'ping', 'task.reminder', 7])).toEqual([
      { field: 'events[1]', problem: expect.stringMatching(/got task\.exploded/) },
      { field: 'events[2]', problem: expect.stringMatching(/POST \/webhooks\/:id\/test/) },
      { field: 'events[3]', problem: 'names task.reminder a second time' },
      { field: 'events[4]', problem: expect.stringMatching(/got 7/) },
    ]);
    expect(subscribedEventProblems([])).toEqual([{ field: 'events', problem: expect.stringMatching(/at least one/) }]);
  });
});

describe('the event feed’s cursor', () => {
  it('reads back the position it wrote, to the microsecond', () => {
    const position = { createdMicros: '1796108400123456', id: 'ping/a:b' };
    expect(feedPositionOf(feedCursorOf(position))).toEqual(position);
    expect(feedPositionOf(undefined)).toBeNull();
  });

  it('refuses anything else naming `after`', () => {
    for (const bad of [
      'nonsense',
      Buffer.from('["x","y"]').toString('base64url'),
      Buffer.from('[1,2]').toString('base64url'),
    ]) {
      try {
        feedPositionOf(bad);
        throw new Error(`accepted ${bad}`);
      } catch (error) {
        expect(error).toBeInstanceOf(FieldErrors);
        expect((error as FieldErrors).errors.map((e) => e.field)).toEqual(['after']);
      }
    }
  });
});

describe('the catalogue’s OpenAPI schemas', () => {
  /** The JSON example under each `### \`type\`` of docs/events.md. */
  const examples = new Map<string, Record<string, unknown>>();
  const text = readFileSync(path.join(__dirname, '../../../docs/events.md'), 'utf8');
  for (const match of text.matchAll(/^### `([^`]+)`\n[\s\S]*?```json\n([\s\S]*?)\n```/gm))
    examples.set(match[1] ?? '', JSON.parse(match[2] ?? 'null') as Record<string, unknown>);

  /** The names of `object` that the schema requires and that it allows. */
  function keysOf(schema: SchemaObject): { required: string[]; allowed: string[] } {
    return { required: schema.required ?? [], allowed: Object.keys(schema.properties ?? {}) };
  }

  it('has one schema per type and a oneOf over them told apart by type', () => {
    expect(Object.keys(EVENT_SCHEMAS)).toEqual(EVENT_TYPES.map(eventSchemaName));
    expect(eventSchemaName('escalation.opened')).toBe('EscalationOpenedEvent');
    expect(ANY_EVENT_SCHEMA.oneOf).toHaveLength(EVENT_TYPES.length);
    expect(ANY_EVENT_SCHEMA.discriminator?.propertyName).toBe('type');
  });

  it.each([...EVENT_TYPES])('describes the documented %s example: every field it has, none it lacks', (type) => {
    const example = examples.get(type);
    const schema = EVENT_SCHEMAS[eventSchemaName(type)]!;
    expect(example).toBeDefined();
    const envelope = keysOf(schema);
    expect(Object.keys(example!).sort()).toEqual([...envelope.allowed].sort());
    expect(envelope.required.sort()).toEqual([...envelope.allowed].sort());
    const data = keysOf(schema.properties!.data as SchemaObject);
    const documented = Object.keys(example!.data as object);
    expect(documented.filter((key) => !data.allowed.includes(key))).toEqual([]);
    expect(data.required.filter((key) => !documented.includes(key))).toEqual([]);
    expect((schema.properties!.type as SchemaObject).enum).toEqual([type]);
  });
});
