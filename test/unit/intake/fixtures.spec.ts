import { readdirSync } from 'node:fs';
import { describeDocuments, expectationsFor, fixturesDir } from './document-cases';

describe('intake reader on the fixture letters', () => {
  it('covers both formats with at least six documents, each with an expectation', () => {
    const documents = readdirSync(fixturesDir)
      .filter((name) => /\.(md|txt)$/.test(name))
      .sort();
    const expected = expectationsFor('fixtures');
    expect(documents.length).toBeGreaterThanOrEqual(6);
    expect(expected.map((e) => e.document).sort()).toEqual(documents);
    expect(new Set(expected.map((e) => e.expected.format))).toEqual(new Set(['party', 'state']));
  });

  describeDocuments('fixtures', '');
});
