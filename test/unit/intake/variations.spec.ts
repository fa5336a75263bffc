import { readDirective } from '@dondoc/intake';
import { SCORED_FIELDS, loadCase, type Expectation } from '../../../libs/intake/src/evaluation';
import { expectationsFor, fixturesDir, sampleFolder } from './document-cases';

/**
 * The same letter written differently must read the same: these rewrites change only how the
 * text is encoded or laid out, never what it says.
 */
const OLD_TONES: [RegExp, string][] = [
  [/ủy/g, 'uỷ'],
  [/Ủy/g, 'Uỷ'],
  [/ỦY/g, 'UỶ'],
  [/hóa/g, 'hoá'],
  [/hòa/g, 'hoà'],
  [/HÒA/g, 'HOÀ'],
  [/thủy/g, 'thuỷ'],
  [/khỏe/g, 'khoẻ'],
];

const REWRITES: Record<string, (text: string) => string> = {
  'Windows line ends': (text) => text.replace(/\n/g, '\r\n'),
  'decomposed Unicode (NFD)': (text) => text.normalize('NFD'),
  'old tone placement': (text) => OLD_TONES.reduce((out, [from, to]) => out.replace(from, to), text),
  'extra blank lines everywhere': (text) => text.replace(/\n/g, '\n\n\n'),
  'trailing spaces and no-break spaces': (text) => text.replace(/\n/g, '  \n').replace(/ (?=\p{Lu})/gu, '\u00A0'),
  'a byte-order mark and zero-width spaces': (text) => `\uFEFF${text.replace(/ngày/g, 'ng\u200Bày')}`,
};

const samples = sampleFolder();
const cases: Expectation[] = [...expectationsFor('samples'), ...expectationsFor('fixtures')];

describe.each(Object.entries(REWRITES))('a letter rewritten with %s', (_name, rewrite) => {
  it.each(cases.map((e) => [e.document, e] as const))('reads %s the same', (_document, expectation) => {
    const { text, units } = loadCase(expectation, { samples, fixtures: fixturesDir });
    const draft = readDirective(rewrite(text), { units });
    for (const field of SCORED_FIELDS)
      expect({ field, value: draft[field] }).toEqual({ field, value: expectation.expected[field] });
  });
});
