/**
 * Runs the reader over documents with hand-written expectations (expected/*.json) and checks
 * every scored field, one test per field, so a failure names the field.
 */
import * as path from 'node:path';
import { readDirective, type DirectiveDraft } from '@dondoc/intake';
import {
  SCORED_FIELDS,
  loadCase,
  loadExpectations,
  samplesDir,
  type Expectation,
} from '../../../libs/intake/src/evaluation';

export const expectedDir = path.join(__dirname, 'expected');
export const fixturesDir = path.join(__dirname, 'fixtures');

/** The sample letters, kept in the repository so a bare clone reads them; throws when missing. */
export function sampleFolder(): string {
  return samplesDir(path.resolve(__dirname, '../../fixtures/letters'));
}

/** Expectations for one source, by document name. */
export function expectationsFor(source: Expectation['source']): Expectation[] {
  return loadExpectations(expectedDir).filter((expectation) => expectation.source === source);
}

/** Declares the field-by-field tests of every document of `source`. */
export function describeDocuments(source: Expectation['source'], samples: string): void {
  describe.each(expectationsFor(source).map((e) => [e.document, e] as const))('%s', (_document, expectation) => {
    let draft: DirectiveDraft;

    beforeAll(() => {
      const { text, units } = loadCase(expectation, { samples, fixtures: fixturesDir });
      draft = readDirective(text, { units });
    });

    it.each([...SCORED_FIELDS])('reads %s as written by hand', (field) => {
      expect(draft[field]).toEqual(expectation.expected[field]);
    });

    it('says in its warnings what it could not find', () => {
      for (const phrase of expectation.warningsInclude) expect(draft.warnings.join('\n')).toContain(phrase);
    });
  });
}
