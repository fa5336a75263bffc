/**
 * `npm run audit:verify`: checks the audit chain in DATABASE_URL. Exit 0 when intact; exit 1
 * naming the first broken record and why; exit 2 when the check itself cannot run.
 */
import { ConfigError, loadDatabaseSettings } from '@dondoc/config';
import { createDataSource } from '@dondoc/persistence';
import { verifyAuditChain, type ChainVerification } from './audit-store';

/** The line printed for a result, and the exit code that goes with it. */
export function describeVerification(result: ChainVerification): { line: string; code: number } {
  if (result.intact) {
    return result.count === 0
      ? { line: 'audit: no records yet; nothing to verify', code: 0 }
      : { line: `audit: ${result.count} records, chain intact (last hash ${result.lastHash})`, code: 0 };
  }
  return {
    line: `audit: BROKEN at record seq ${result.seq} (${result.reason}): ${result.message}. ${result.verified} records before it verify.`,
    code: 1,
  };
}

async function main(): Promise<number> {
  const { url } = loadDatabaseSettings();
  const dataSource = createDataSource(url, { extra: { max: 1 } });
  await dataSource.initialize();
  try {
    const { line, code } = describeVerification(await verifyAuditChain(dataSource));
    (code === 0 ? console.log : console.error)(line);
    return code;
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(
        `audit: cannot verify: ${error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error)}`,
      );
      process.exitCode = 2;
    },
  );
}
