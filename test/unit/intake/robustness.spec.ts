import { readDirective, type DirectiveDraft } from '@dondoc/intake';
import { loadCase } from '../../../libs/intake/src/evaluation';
import { expectationsFor, fixturesDir, sampleFolder } from './document-cases';

/** A small seeded generator, so a failing case can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Checks the shape every draft has, whatever the input. */
function expectWellFormed(draft: DirectiveDraft): void {
  expect(typeof draft).toBe('object');
  expect(draft.number === null || /^\d+$/.test(draft.number)).toBe(true);
  expect(draft.issuedOn === null || /^\d{4}-\d{2}-\d{2}$/.test(draft.issuedOn)).toBe(true);
  for (const list of [
    draft.addressees,
    draft.references,
    draft.sections,
    draft.recipients,
    draft.notes,
    draft.matches,
    draft.warnings,
  ]) {
    expect(Array.isArray(list)).toBe(true);
  }
  for (const section of draft.sections) expect(section.addressedAs).toHaveLength(section.units.length);
  expect(draft.warnings.every((w) => typeof w === 'string' && w.length > 0)).toBe(true);
  expect(draft.warnings.join('\n')).not.toMatch(/reader failed/);
  expect(() => JSON.stringify(draft)).not.toThrow();
}

const samples = sampleFolder();
const texts = [...expectationsFor('samples'), ...expectationsFor('fixtures')].map(
  (e) => loadCase(e, { samples, fixtures: fixturesDir }).text,
);

describe('intake reader on odd input', () => {
  it.each([
    ['an empty string', ''],
    ['only blank lines', '\n\n   \n\t\n'],
    ['one word', 'Kính'],
    ['only a header', 'ỦY BAN NHÂN DÂN\nHUYỆN X\nSố: /UBND'],
    ['only "Kính gửi:"', 'Kính gửi:'],
    ['only "Nơi nhận:"', 'Nơi nhận:\n- \n-'],
    ['a signature alone', 'TM. ỦY BAN NHÂN DÂN'],
    ['markdown noise', '***\n|---|\n| | |\n# \n**\n\\*\n[1]\n⁽¹⁾'],
    ['control and binary characters', '\u0000\u0001\u0002\uFFFD\uD800 Số: 12/UBND \u0007'],
    ['a date that does not exist', 'Số: 12/UBND-VP\nHà Nội, ngày 31 tháng 2 năm 2021'],
    ['a number with no symbol', 'Số: 12\nKính gửi: A'],
  ])('returns a well-formed draft for %s', (_name, text) => {
    expectWellFormed(readDirective(text));
  });

  it('treats input that is not a string as empty text instead of throwing', () => {
    for (const value of [null, undefined, 42, {}, ['a']]) expectWellFormed(readDirective(value as unknown as string));
  });

  it('ignores units that are not a list, and units without id or name', () => {
    const text = texts[0] ?? '';
    expectWellFormed(readDirective(text, { units: 'x' as never }));
    expectWellFormed(readDirective(text, { units: [null, { id: 1 }, { name: 'Công an huyện' }] as never }));
  });

  it('says why the date is empty when it does not exist', () => {
    const draft = readDirective('Số: 12/UBND-VP\nHà Nội, ngày 31 tháng 2 năm 2021');
    expect(draft.issuedOn).toBeNull();
    expect(draft.warnings.join('\n')).toContain('not a real date');
  });

  it('survives every letter cut short, with lines dropped or shuffled', () => {
    const next = random(20240611);
    for (const text of texts) {
      const lines = text.split('\n');
      for (let round = 0; round < 25; round += 1) {
        const cut = text.slice(0, Math.floor(next() * text.length));
        const dropped = lines.filter(() => next() > 0.3).join('\n');
        const shuffled = [...lines].sort(() => next() - 0.5).join('\n');
        const spliced = text.slice(0, Math.floor(next() * text.length)) + text.slice(Math.floor(next() * text.length));
        for (const variant of [cut, dropped, shuffled, spliced]) expectWellFormed(readDirective(variant));
      }
    }
  });

  it('reads a very long letter in linear time', () => {
    const body = Array.from(
      { length: 4000 },
      (_, i) => `- nhiệm vụ số ${i} thực hiện Công văn số ${i + 1}-CV/TU ngày 06/8/2021 của Tỉnh ủy`,
    ).join('\n');
    const longLine = 'Thực hiện '.repeat(20000);
    const text = `THÀNH ỦY X\nSố 1-CV/TU\nKính gửi: A\n1. Ủy ban nhân dân huyện\n${body}\n${longLine}\n`;
    const started = Date.now();
    const draft = readDirective(text);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(draft.references.length).toBeGreaterThan(3000);
  });
});
