/**
 * `npm run openapi:generate`: writes the API's OpenAPI document and the console's types, which
 * openapi-typescript generates from it (contract.ts names the files). `npm run openapi:check`
 * (`--check`; test/integration/openapi-contract.spec.ts runs it) writes nothing and exits 1
 * naming each file that differs from what the code generates. Either way it fails naming every
 * answer a generated client could not type. A script over the build, not a jest module: the API
 * and openapi-typescript load ES modules that jest's CommonJS runtime cannot.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildOfflineDocument, CONTRACT_FILES, contractProblems, renderContract } from './contract';

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const document = await buildOfflineDocument();
  const files = await renderContract(document);
  const problems = contractProblems(document, files);
  for (const key of Object.keys(CONTRACT_FILES) as (keyof typeof CONTRACT_FILES)[]) {
    const file = path.join(process.cwd(), CONTRACT_FILES[key]);
    if (check) {
      if (readIfPresent(file) !== files[key]) {
        problems.push(`${CONTRACT_FILES[key]} is out of date: run \`npm run openapi:generate\` and commit it`);
      }
      continue;
    }
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, files[key]);
    console.log(`wrote ${CONTRACT_FILES[key]}`);
  }
  if (problems.length > 0) {
    console.error(`The API contract has problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exitCode = 1;
  } else if (check) {
    console.log(`${Object.values(CONTRACT_FILES).join(' and ')} are up to date; every answer is typed`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
