/**
 * The contract the console's client is generated from stays true to the code: `npm run
 * openapi:check` rebuilds the OpenAPI document from the compiled API (no server) and its
 * openapi-typescript types, and fails when apps/api/openapi.json or
 * apps/console/src/api/schema.d.ts differs from them, or when any documented answer would be
 * typed `unknown` or empty. (Here, over the build like every integration test: the API and
 * openapi-typescript load ES modules jest's CommonJS runtime cannot.) Every answer the suite
 * sees is held to that document by the HTTP helper (support/contract.ts).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

it('has the checked-in document and console types as the code generates them, every answer typed', () => {
  const run = spawnSync(
    process.execPath,
    [path.join(ROOT, 'dist/apps/api/src/openapi/generate-contract.js'), '--check'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  const output = `${run.stdout}${run.stderr}`;
  if (run.status !== 0) throw new Error(`npm run openapi:check failed (exit ${String(run.status)}):\n${output}`);
  expect(output).toContain('every answer is typed');
});
