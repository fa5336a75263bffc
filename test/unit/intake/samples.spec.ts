import { readdirSync } from 'node:fs';
import { describeDocuments, expectationsFor, sampleFolder } from './document-cases';

// Resolved at load time: a missing samples folder fails this suite instead of skipping it.
const samples = sampleFolder();

describe('intake reader on the shared sample letters', () => {
  it('has a hand-written expectation for every sample, and a sample for every expectation', () => {
    const documents = readdirSync(samples)
      .filter((name) => !name.startsWith('.'))
      .sort();
    expect(documents.length).toBeGreaterThan(0);
    expect(
      expectationsFor('samples')
        .map((e) => e.document)
        .sort(),
    ).toEqual(documents);
  });

  describeDocuments('samples', samples);
});
