import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { emptyDraft } from '@dondoc/intake';
import { sameJson, samplesDir, scoreDraft } from '../../../libs/intake/src/evaluation';

describe('expectations and scoring', () => {
  it('compares JSON values deeply, keys in any order, undefined keys ignored', () => {
    expect(sameJson({ a: [1, { b: null }], c: undefined }, { a: [1, { b: null }] })).toBe(true);
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameJson(null, {})).toBe(false);
  });

  it('scores a field exact or not, and list fields item by item', () => {
    const actual = { ...emptyDraft(), number: '12', addressees: ['A', 'B', 'C'] };
    const expected = { ...emptyDraft(), number: '13', addressees: ['A', 'B'] };
    const scores = scoreDraft(actual, expected);
    expect(scores.find((s) => s.field === 'number')).toEqual({ field: 'number', exact: false });
    expect(scores.find((s) => s.field === 'addressees')).toEqual({
      field: 'addressees',
      exact: false,
      items: { found: 2, expected: 2, produced: 3 },
    });
    expect(scores.find((s) => s.field === 'subject')?.exact).toBe(true);
  });

  describe('samples folder', () => {
    const saved = process.env.DONDOC_SAMPLES_DIR;
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'dondoc-samples-'))));
    afterEach(() => {
      rmSync(dir, { recursive: true, force: true });
      if (saved === undefined) delete process.env.DONDOC_SAMPLES_DIR;
      else process.env.DONDOC_SAMPLES_DIR = saved;
    });

    it('uses the preferred folder, else DONDOC_SAMPLES_DIR', () => {
      process.env.DONDOC_SAMPLES_DIR = dir;
      expect(samplesDir(tmpdir())).toBe(tmpdir());
      expect(samplesDir(path.join(dir, 'absent'))).toBe(dir);
    });

    it('fails loudly when neither exists', () => {
      process.env.DONDOC_SAMPLES_DIR = path.join(dir, 'also-absent');
      expect(() => samplesDir(path.join(dir, 'absent'))).toThrow(/sample documents not found/);
    });
  });
});
