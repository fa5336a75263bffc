import { createHash } from 'node:crypto';
import {
  canonicalJson,
  chainRecord,
  ChainVerifier,
  GENESIS_HASH,
  hashRecord,
  NotCanonicalError,
  toJsonValue,
  type AuditEntry,
  type AuditRecord,
} from '@dondoc/audit';
import { describeVerification } from '../../../libs/audit/src/verify-cli';

describe('canonical JSON', () => {
  it('sorts object keys at every depth and leaves out whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('gives the same text however the object was built', () => {
    const one = { status: 'acknowledged', progress: { percent: 40, note: 'đang triển khai' } };
    const two = { progress: { note: 'đang triển khai', percent: 40 }, status: 'acknowledged' };
    expect(canonicalJson(one)).toBe(canonicalJson(two));
  });

  it('sorts keys by code unit, not by locale', () => {
    expect(canonicalJson({ é: 1, z: 2, Z: 3, a: 4 })).toBe('{"Z":3,"a":4,"z":2,"é":1}');
  });

  it('leaves out undefined members as JSON does, but refuses values JSON would silently change', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(() => canonicalJson([1, undefined])).toThrow(NotCanonicalError);
    expect(() => canonicalJson({ n: Number.NaN })).toThrow('$.n is NaN, which JSON cannot hold');
    expect(() => canonicalJson({ at: new Date(0) })).toThrow(/\$\.at is a Date; convert it to plain JSON first/);
    expect(() => canonicalJson({ big: 1n })).toThrow(/bigint/);
  });

  it('turns values with a JSON form into plain JSON first (dates to ISO text, undefined to null)', () => {
    expect(toJsonValue({ at: new Date('2026-11-22T00:00:00Z'), gone: undefined })).toEqual({
      at: '2026-11-22T00:00:00.000Z',
    });
    expect(toJsonValue(undefined)).toBeNull();
  });
});

const AT = new Date('2026-11-22T03:04:05.678Z');

function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    actor: 'officer-1',
    unitId: 'bac-kan-city/ubnd',
    action: 'task.acknowledge',
    targetType: 'task',
    targetId: '3f8a0c1e-0000-4000-8000-000000000001',
    before: { status: 'assigned' },
    after: { status: 'acknowledged' },
    requestId: 'req-1',
    ...overrides,
  };
}

/** A valid chain of n records. */
function chain(n: number): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (let i = 0; i < n; i += 1)
    records.push(chainRecord(records[i - 1] ?? null, entry({ targetId: `t-${i}` }), new Date(AT.getTime() + i)));
  return records;
}

function verifyAll(records: AuditRecord[]): ReturnType<ChainVerifier['check']> {
  const verifier = new ChainVerifier();
  for (const record of records) {
    const broken = verifier.check(record);
    if (broken !== null) return broken;
  }
  return null;
}

describe('the audit hash chain', () => {
  it('starts from the genesis hash at seq 1 and links each record to the one before', () => {
    const [first, second] = chain(2) as [AuditRecord, AuditRecord];
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, at: '2026-11-22T03:04:05.678Z' });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash });
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes SHA-256 over the canonical JSON of the versioned content', () => {
    const record = chainRecord(null, entry(), AT);
    const { hash, ...content } = record;
    const expected = createHash('sha256')
      .update(canonicalJson({ v: 1, ...content }), 'utf8')
      .digest('hex');
    expect(hash).toBe(expected);
  });

  it('changes the hash when any field changes, even a nested one', () => {
    const base = chainRecord(null, entry(), AT);
    const { hash, ...content } = base;
    const variants: Omit<AuditRecord, 'hash'>[] = [
      { ...content, actor: 'officer-2' },
      { ...content, unitId: null },
      { ...content, at: '2026-11-22T03:04:05.679Z' },
      { ...content, after: { status: 'completed' } },
      { ...content, before: null },
      { ...content, requestId: null },
      { ...content, seq: 2 },
      { ...content, prevHash: 'f'.repeat(64) },
    ];
    for (const variant of variants) expect(hashRecord(variant)).not.toBe(hash);
  });

  it('verifies an untouched chain', () => {
    const verifier = new ChainVerifier();
    const records = chain(5);
    for (const record of records) expect(verifier.check(record)).toBeNull();
    expect(verifier.count).toBe(5);
    expect(verifier.lastHash).toBe(records[4]!.hash);
  });

  it('continues from a record an earlier segment verified, checking the link to it', () => {
    const records = chain(6);
    const verifier = new ChainVerifier(records[2]!);
    for (const record of records.slice(3)) expect(verifier.check(record)).toBeNull();
    expect(verifier.count).toBe(3);
    expect(verifier.lastHash).toBe(records[5]!.hash);
    // Started after record 3, a record 5 next is a gap; a wrong anchor hash breaks the first link.
    expect(new ChainVerifier(records[2]!).check(records[4]!)).toMatchObject({ seq: 5, reason: 'sequence-gap' });
    expect(new ChainVerifier({ seq: 3, hash: 'f'.repeat(64) }).check(records[3]!)).toMatchObject({
      seq: 4,
      reason: 'link-broken',
    });
  });

  it('names the record whose content was changed', () => {
    const records = chain(5);
    records[2] = { ...records[2]!, after: { status: 'completed' } };
    expect(verifyAll(records)).toMatchObject({ seq: 3, reason: 'content-changed' });
  });

  it('names the record after one that was changed and re-hashed to cover its tracks', () => {
    const records = chain(5);
    const { hash: _old, ...content } = { ...records[1]!, actor: 'someone-else' };
    records[1] = { ...content, hash: hashRecord(content) };
    expect(verifyAll(records)).toMatchObject({ seq: 3, reason: 'link-broken' });
  });

  it('names the gap where a record was deleted, even with the links re-forged around it', () => {
    const records = chain(5);
    const withoutThird = [records[0]!, records[1]!, records[3]!, records[4]!];
    expect(verifyAll(withoutThird)).toMatchObject({
      seq: 4,
      reason: 'sequence-gap',
      message: expect.stringContaining('record 3 was deleted'),
    });
    const forged = { ...records[3]!, prevHash: records[1]!.hash };
    const { hash: _h, ...content } = forged;
    expect(verifyAll([records[0]!, records[1]!, { ...content, hash: hashRecord(content) }])).toMatchObject({
      seq: 4,
      reason: 'sequence-gap',
    });
  });

  it('notices when the first record is gone', () => {
    expect(verifyAll(chain(3).slice(1))).toMatchObject({ seq: 2, reason: 'sequence-gap' });
  });

  it('notices two records swapped', () => {
    const records = chain(4);
    expect(verifyAll([records[0]!, records[2]!, records[1]!, records[3]!])).toMatchObject({
      seq: 3,
      reason: 'sequence-gap',
    });
  });
});

describe('the audit:verify report', () => {
  it('exits 0 for an intact or empty chain and 1 naming the first broken record', () => {
    expect(describeVerification({ intact: true, count: 0, lastHash: GENESIS_HASH })).toEqual({
      line: 'audit: no records yet; nothing to verify',
      code: 0,
    });
    expect(describeVerification({ intact: true, count: 12, lastHash: 'ab'.repeat(32) }).code).toBe(0);
    const broken = describeVerification({
      intact: false,
      verified: 6,
      seq: 7,
      reason: 'content-changed',
      message: 'its content no longer matches its hash',
    });
    expect(broken.code).toBe(1);
    expect(broken.line).toMatch(/^audit: BROKEN at record seq 7 \(content-changed\)/);
  });
});
