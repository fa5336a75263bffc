import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EVENT_TYPES, isPersonEventType, type AnyDondocEvent } from '@dondoc/domain';
import { EmailTemplates, renderEventEmail } from '@dondoc/delivery';
import { PERSON_EVENT_SAMPLES, UNIT_NAMES } from './event-builders';

/** Each `### \`type\`` section of docs/events.md and the JSON example under it. */
function documentedExamples(): Map<string, Record<string, unknown>> {
  const text = readFileSync(path.join(__dirname, '../../../docs/events.md'), 'utf8');
  const examples = new Map<string, Record<string, unknown>>();
  for (const match of text.matchAll(/^### `([^`]+)`\n[\s\S]*?```json\n([\s\S]*?)\n```/gm)) {
    examples.set(match[1] ?? '', JSON.parse(match[2] ?? 'null') as Record<string, unknown>);
  }
  return examples;
}

const ENVELOPE = [
  'id',
  'type',
  'version',
  'occurredAt',
  'directiveId',
  'directiveNumber',
  'directiveSubject',
  'taskId',
  'unitId',
  'dueAt',
  'link',
  'data',
];

describe('docs/events.md', () => {
  const examples = documentedExamples();

  it('documents every event of the catalogue, in its order', () => {
    expect([...examples.keys()]).toEqual([...EVENT_TYPES]);
  });

  it.each([...EVENT_TYPES])('shows %s with the envelope of version 1 and its own type', (type) => {
    const example = examples.get(type);
    expect(Object.keys(example ?? {})).toEqual(ENVELOPE);
    expect(example).toMatchObject({
      type,
      version: 1,
      id: expect.stringMatching(new RegExp(`^${type.replace('.', '\\.')}/`)),
    });
  });

  it('shows the data fields the code sends for every event a person receives, and the e-mail renders from it', () => {
    const templates = EmailTemplates.load();
    for (const type of EVENT_TYPES.filter(isPersonEventType)) {
      const example = examples.get(type) as unknown as AnyDondocEvent;
      expect([type, Object.keys(example.data).sort()]).toEqual([
        type,
        Object.keys(PERSON_EVENT_SAMPLES[type].data).sort(),
      ]);
      expect(
        renderEventEmail(templates, example, {
          unitNames: UNIT_NAMES,
          recipientUnitId: 'bac-kan-city/ubnd',
          instructions: null,
        }).subject,
      ).toMatch(/^\[Đôn đốc\] /);
    }
  });
});
