/**
 * The audit chain on a real PostgreSQL: concurrent appends from many connections form one
 * gapless chain; `npm run audit:verify` passes on it, and names the record after someone with
 * owner rights changes or deletes a row by hand. Needs only PostgreSQL (DATABASE_URL, a role
 * that may CREATE DATABASE) and, for the command, `npm run build`.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { appendAuditRecord, AuditOutsideTransactionError, verifyAuditChain, type AuditEntry } from '@dondoc/audit';
import { useTestDatabase } from './support/database';

const verifyCli = path.resolve(__dirname, '../../dist/libs/audit/src/verify-cli.js');

// Eight connections: the concurrent appends need writers that really run at once.
const database = useTestDatabase({ poolSize: 8 });

/** Runs `npm run audit:verify` (the compiled command) against the test database. */
async function runVerifyCommand(): Promise<{ code: number; stdout: string; stderr: string }> {
  if (!existsSync(verifyCli)) throw new Error(`${verifyCli} is missing: run \`npm run build\` first`);
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [verifyCli], {
      env: { ...process.env, DATABASE_URL: database.url },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function entry(i: number): AuditEntry {
  return {
    actor: i % 5 === 0 ? 'system' : `officer-${i % 3}`,
    unitId: i % 5 === 0 ? null : 'bac-kan-city/ubnd',
    action: 'task.progress',
    targetType: 'task',
    targetId: `task-${i}`,
    before: { status: 'acknowledged', progressPercent: i },
    after: {
      status: 'in_progress',
      progressPercent: i + 1,
      note: `báo cáo tiến độ lần ${i}`,
      at: new Date(Date.UTC(2026, 10, 22, 1, 2, 3, i)) as unknown as string,
    },
    requestId: `req-${i}`,
  };
}

describe('the audit chain in PostgreSQL', () => {
  const appends = 60;
  /** Record 17's progress before it is changed by hand, to put it back. */
  let progressOf17: number | undefined;

  it('numbers concurrent appends without gaps or forks, and a rolled-back append leaves no trace', async () => {
    await Promise.all(
      Array.from({ length: appends }, (_, i) =>
        database.dataSource.transaction((manager) => appendAuditRecord(manager, entry(i))),
      ),
    );
    // Appends whose transaction rolls back, racing with the others, must not leave holes.
    const rolledBack = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) =>
        database.dataSource.transaction(async (manager) => {
          await appendAuditRecord(manager, entry(1000 + i));
          throw new Error('the change this record describes failed');
        }),
      ),
    );
    expect(rolledBack.every((r) => r.status === 'rejected')).toBe(true);

    const rows = (await database.dataSource.query(
      `SELECT seq::int AS seq, target_id FROM audit_records ORDER BY seq`,
    )) as { seq: number; target_id: string }[];
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: appends }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.target_id)).size).toBe(appends);
    await expect(verifyAuditChain(database.dataSource, 7)).resolves.toMatchObject({ intact: true, count: appends });
  });

  it('refuses to append outside a transaction, where the chain lock would not hold', async () => {
    await expect(appendAuditRecord(database.dataSource.manager, entry(0))).rejects.toBeInstanceOf(
      AuditOutsideTransactionError,
    );
  });

  it('is append-only for ordinary writes', async () => {
    await expect(database.dataSource.query(`UPDATE audit_records SET actor = 'someone' WHERE seq = 1`)).rejects.toThrow(
      /append-only: UPDATE/,
    );
    await expect(database.dataSource.query(`DELETE FROM audit_records WHERE seq = 1`)).rejects.toThrow(
      /append-only: DELETE/,
    );
  });

  it('audit:verify passes on the intact chain and names the record changed by hand', async () => {
    const intact = await runVerifyCommand();
    expect(intact).toMatchObject({ code: 0 });
    expect(intact.stdout).toMatch(new RegExp(`^audit: ${appends} records, chain intact`));

    // Someone with owner rights switches the guard off and rewrites history. (Which append got
    // seq 17 is the order the concurrent writers reached the lock in, so its value is read first.)
    const [original] = (await database.dataSource.query(
      `SELECT after->'progressPercent' AS percent FROM audit_records WHERE seq = 17`,
    )) as { percent: number }[];
    progressOf17 = original!.percent;
    await database.dataSource.query(`ALTER TABLE audit_records DISABLE TRIGGER audit_records_append_only`);
    await database.dataSource.query(
      `UPDATE audit_records SET after = jsonb_set(after, '{progressPercent}', '100') WHERE seq = 17`,
    );
    const changed = await runVerifyCommand();
    expect(changed.code).toBe(1);
    expect(changed.stderr).toMatch(/BROKEN at record seq 17 \(content-changed\)/);
    await expect(verifyAuditChain(database.dataSource)).resolves.toMatchObject({
      intact: false,
      seq: 17,
      reason: 'content-changed',
      verified: 16,
    });
  });

  it('names the gap when a record is deleted by hand', async () => {
    // Put record 17 back as it was: the chain verifies again, so the next break is the deletion.
    await database.dataSource.query(
      `UPDATE audit_records SET after = jsonb_set(after, '{progressPercent}', to_jsonb($1::int)) WHERE seq = 17`,
      [progressOf17],
    );
    await expect(verifyAuditChain(database.dataSource)).resolves.toMatchObject({ intact: true });
    await database.dataSource.query(`DELETE FROM audit_records WHERE seq = 42`);
    const deleted = await runVerifyCommand();
    expect(deleted.code).toBe(1);
    expect(deleted.stderr).toMatch(
      /BROKEN at record seq 43 \(sequence-gap\): expected record 42 next but found 43: record 42 was deleted/,
    );
  });
});
