/**
 * The audit chain on a real PostgreSQL: concurrent appends from many connections form one
 * gapless chain; `npm run audit:verify` passes on it, and names the record after someone with
 * owner rights changes or deletes a row by hand. Needs only PostgreSQL (DATABASE_URL, a role
 * that may CREATE DATABASE) and, for the command, `npm run build`.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { appendAuditRecord, AuditOutsideTransactionError, verifyAuditChain, type AuditEntry } from '@dondoc/audit';
import { createDataSource } from '@dondoc/persistence';

const adminUrl = process.env.DATABASE_URL ?? 'postgres://dondoc:dondoc@127.0.0.1:5432/dondoc_test';
const databaseName = `dondoc_it_audit_${randomBytes(4).toString('hex')}`;
const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${databaseName}` }).toString();
const verifyCli = path.resolve(__dirname, '../../dist/libs/audit/src/verify-cli.js');

let dataSource: DataSource;

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Runs `npm run audit:verify` (the compiled command) against the test database. */
async function runVerifyCommand(): Promise<{ code: number; stdout: string; stderr: string }> {
  if (!existsSync(verifyCli)) throw new Error(`${verifyCli} is missing: run \`npm run build\` first`);
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [verifyCli], { env: { ...process.env, DATABASE_URL: databaseUrl } });
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
    after: { status: 'in_progress', progressPercent: i + 1, note: `báo cáo tiến độ lần ${i}`, at: new Date(Date.UTC(2026, 10, 22, 1, 2, 3, i)) as unknown as string },
    requestId: `req-${i}`,
  };
}

beforeAll(async () => {
  await admin(`CREATE DATABASE "${databaseName}"`);
  dataSource = createDataSource(databaseUrl, { extra: { max: 8 }, logging: false });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
}, 60_000);

afterAll(async () => {
  await dataSource?.destroy();
  await admin(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
});

describe('the audit chain in PostgreSQL', () => {
  const appends = 60;

  it('numbers concurrent appends without gaps or forks, and a rolled-back append leaves no trace', async () => {
    await Promise.all(
      Array.from({ length: appends }, (_, i) => dataSource.transaction((manager) => appendAuditRecord(manager, entry(i)))),
    );
    // Appends whose transaction rolls back, racing with the others, must not leave holes.
    const rolledBack = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) =>
        dataSource.transaction(async (manager) => {
          await appendAuditRecord(manager, entry(1000 + i));
          throw new Error('the change this record describes failed');
        }),
      ),
    );
    expect(rolledBack.every((r) => r.status === 'rejected')).toBe(true);

    const rows = (await dataSource.query(`SELECT seq::int AS seq, target_id FROM audit_records ORDER BY seq`)) as { seq: number; target_id: string }[];
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: appends }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.target_id)).size).toBe(appends);
    await expect(verifyAuditChain(dataSource, 7)).resolves.toMatchObject({ intact: true, count: appends });
  });

  it('refuses to append outside a transaction, where the chain lock would not hold', async () => {
    await expect(appendAuditRecord(dataSource.manager, entry(0))).rejects.toBeInstanceOf(AuditOutsideTransactionError);
  });

  it('is append-only for ordinary writes', async () => {
    await expect(dataSource.query(`UPDATE audit_records SET actor = 'someone' WHERE seq = 1`)).rejects.toThrow(/append-only: UPDATE/);
    await expect(dataSource.query(`DELETE FROM audit_records WHERE seq = 1`)).rejects.toThrow(/append-only: DELETE/);
  });

  it('audit:verify passes on the intact chain and names the record changed by hand', async () => {
    const intact = await runVerifyCommand();
    expect(intact).toMatchObject({ code: 0 });
    expect(intact.stdout).toMatch(new RegExp(`^audit: ${appends} records, chain intact`));

    // Someone with owner rights switches the guard off and rewrites history.
    await dataSource.query(`ALTER TABLE audit_records DISABLE TRIGGER audit_records_append_only`);
    await dataSource.query(`UPDATE audit_records SET after = jsonb_set(after, '{progressPercent}', '100') WHERE seq = 17`);
    const changed = await runVerifyCommand();
    expect(changed.code).toBe(1);
    expect(changed.stderr).toMatch(/BROKEN at record seq 17 \(content-changed\)/);
    await expect(verifyAuditChain(dataSource)).resolves.toMatchObject({ intact: false, seq: 17, reason: 'content-changed', verified: 16 });
  });

  it('names the gap when a record is deleted by hand', async () => {
    // Put record 17 back as it was: the chain verifies again, so the next break is the deletion.
    await dataSource.query(`UPDATE audit_records SET after = jsonb_set(after, '{progressPercent}', '17') WHERE seq = 17`);
    await expect(verifyAuditChain(dataSource)).resolves.toMatchObject({ intact: true });
    await dataSource.query(`DELETE FROM audit_records WHERE seq = 42`);
    const deleted = await runVerifyCommand();
    expect(deleted.code).toBe(1);
    expect(deleted.stderr).toMatch(/BROKEN at record seq 43 \(sequence-gap\): expected record 42 next but found 43: record 42 was deleted/);
  });
});
