import { createHash } from 'node:crypto';
import {
  canonicalJson,
  chainRecord,
  fillTemplate,
  GENESIS_HASH,
  hashedContent,
  hashRecord,
  recordTemplate,
  type AuditEntry,
} from '@dondoc/audit';

/** Entries whose data could trip a cut: keys named like the holes, quotes, escapes, non-ASCII, big numbers. */
const ENTRIES: AuditEntry[] = [
  {
    actor: 'can.bo.1',
    unitId: 'bac-kan-city/ubnd',
    action: 'task.progress',
    targetType: 'task',
    targetId: '00000000-0000-4000-8000-000000000001',
    before: { status: 'acknowledged' },
    after: { status: 'in_progress', progressPercent: 40, note: 'Đã họp triển khai "khẩn" \\ với các phòng\n' },
    requestId: 'req-1',
  },
  {
    actor: 'system',
    unitId: null,
    action: 'task.remind',
    targetType: 'task',
    targetId: 'seq',
    before: null,
    after: {
      at: '1970-01-01T00:00:00.000Z',
      prevHash: GENESIS_HASH,
      seq: 7,
      v: 2,
      '"at"': 'x',
      emoji: '📄\u0000\u2028',
    },
    requestId: null,
  },
  {
    actor: 'quan.tri',
    unitId: 'demo',
    action: 'unit.update',
    targetType: 'unit',
    targetId: 'at:prev:seq:',
    before: [1, 2.5, -0, 1e21, [], {}] as unknown as AuditEntry['before'],
    after: { nested: { deeper: { list: [{ b: 1, a: 2 }] } }, empty: '' },
    requestId: '"req"',
  },
];

describe('the record template the chain head fills', () => {
  it.each(ENTRIES.map((entry, i) => [i, entry] as const))(
    'filled with the head’s values is the canonical text the verifier hashes (entry %i)',
    (_i, entry) => {
      const previous = { seq: 41, hash: createHash('sha256').update('previous').digest('hex') };
      const record = chainRecord(previous, entry, new Date(Date.UTC(2026, 11, 6, 1, 2, 3, 45)));
      const { hash, ...unhashed } = record;
      const text = fillTemplate(recordTemplate(entry), record);
      expect(text).toBe(canonicalJson(hashedContent(unhashed)));
      expect(createHash('sha256').update(text, 'utf8').digest('hex')).toBe(hash);
      expect(hashRecord(unhashed)).toBe(hash);
    },
  );

  it('fills the first record with the genesis hash and seq 1 as chainRecord does', () => {
    const entry = ENTRIES[0]!;
    const record = chainRecord(null, entry, new Date(0));
    expect(
      createHash('sha256')
        .update(fillTemplate(recordTemplate(entry), record), 'utf8')
        .digest('hex'),
    ).toBe(record.hash);
  });

  it('cuts the text only at its holes: the pieces hold every value of the entry once', () => {
    const template = recordTemplate(ENTRIES[1]!);
    expect(template.beforeAt.endsWith('"at":"')).toBe(true);
    expect(template.beforePrevHash.startsWith('","before":')).toBe(true);
    expect(template.beforePrevHash.endsWith('"prevHash":"')).toBe(true);
    expect(template.beforeSeq).toBe('","requestId":null,"seq":');
    expect(template.afterSeq).toBe(',"targetId":"seq","targetType":"task","unitId":null,"v":1}');
  });
});
