/**
 * The audit trail on a real run: people's actions (with their unit and the HTTP request id) and
 * the engine's own (reminders) are appended to one hash chain that `npm run audit:verify`
 * accepts; a record changed by hand in PostgreSQL is named by the command.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import {
  asAdmin,
  asClerk,
  asOfficer,
  expectError,
  expectStatus,
  fieldsOf,
  tasksOf,
  waitUntilAllActive,
} from './support/api';
import { SECOND, aDirective, anOrg, isoIn } from './support/builders';
import { pollUntil } from './support/stack';
import { useStack } from './support/use-stack';

const verifyCli = path.resolve(__dirname, '../../dist/libs/audit/src/verify-cli.js');

const stack = useStack();

interface AuditRecordView {
  seq: number;
  actor: string;
  unitId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
  prevHash: string;
  hash: string;
}

/** What GET /audit/verification answers. */
interface VerificationView {
  intact: boolean;
  checked: number;
  afterSeq: number;
  lastSeq: number;
  lastHash: string;
  complete: boolean;
  nextAfterSeq: number | null;
  broken: { seq: number; reason: string; message: string } | null;
}

/** The administrator who reads the audit trail, and who writes the units (as the org builder does). */
const admin = asAdmin();

async function audit(query: string): Promise<AuditRecordView[]> {
  return expectStatus(await stack.http.get<{ items: AuditRecordView[] }>(`/audit?${query}`, admin), 200).items;
}

async function verify(): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [verifyCli], {
      env: { ...process.env, DATABASE_URL: stack.databaseUrl },
    });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: `${failed.stdout}${failed.stderr}` };
  }
}

describe('the audit trail of a real run', () => {
  let taskId: string;

  it('records a person’s action with their unit and the request id, and the engine’s reminders as system', async () => {
    const org = await anOrg().create(stack);
    const directive = await aDirective(org)
      .dueAt(isoIn(8 * SECOND))
      .withPolicy({ before: ['PT4S'], atDeadline: false, overdueEvery: null, escalateAfter: null })
      .issue(stack, 'van.thu');
    const clerk = asClerk(org.issuer, 'van.thu');
    await waitUntilAllActive(stack, directive.id, undefined, clerk);
    taskId = (await tasksOf(stack, directive.id, clerk))[0]!.id;

    // Sent without the HTTP helper, to read the request id the API answers with.
    const officer = asOfficer(org.recipients[0]!, 'can.bo.huyen');
    const response = await fetch(`${stack.baseUrl}/tasks/${taskId}/acknowledge`, {
      method: 'POST',
      headers: { authorization: await stack.authorization(officer), 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(200);
    const requestId = response.headers.get('x-request-id');

    const [acknowledged, ...more] = await audit(`targetId=${taskId}&action=task.acknowledge`);
    expect(more).toEqual([]);
    expect(acknowledged).toMatchObject({
      actor: 'can.bo.huyen',
      unitId: org.recipients[0],
      targetType: 'task',
      before: { status: 'assigned' },
      after: expect.objectContaining({ status: 'acknowledged' }),
      requestId,
    });
    expect((await audit(`targetId=${directive.id}&action=directive.create`))[0]).toMatchObject({
      actor: 'van.thu',
      unitId: org.issuer,
      requestId: expect.any(String),
    });
    const unitWrites = await audit('action=units.write');
    expect(unitWrites.length).toBeGreaterThan(0);
    for (const write of unitWrites) expect(write).toMatchObject({ actor: admin.actor, unitId: admin.unit });

    const [reminder] = await pollUntil(
      () => audit(`targetId=${taskId}&action=task.remind`),
      (records) => records.length > 0,
      { timeoutMs: 30_000, description: 'the reminder’s audit record' },
    );
    expect(reminder).toMatchObject({ actor: 'system', unitId: null, requestId: null });
    // Listing needs the admin role.
    expect((await stack.http.get('/audit', officer)).status).toBe(403);
  }, 60_000);

  it('chains every record to the one before it, and the verify command accepts the chain', async () => {
    const records: AuditRecordView[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: AuditRecordView[]; nextCursor: string | null } = expectStatus(
        await stack.http.get(`/audit?limit=5${cursor ? `&cursor=${cursor}` : ''}`, admin),
        200,
      );
      records.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
    records.slice(1).forEach((r, i) => expect(r.prevHash).toBe(records[i]!.hash));
    const intact = await verify();
    expect(intact.code).toBe(0);
    expect(intact.output).toContain(`audit: ${records.length} records, chain intact`);
  });

  it('GET /audit/verification agrees with the command, a segment at a time', async () => {
    const whole = expectStatus(await stack.http.get<VerificationView>('/audit/verification', admin), 200);
    expect(whole).toMatchObject({ intact: true, afterSeq: 0, complete: true, nextAfterSeq: null, broken: null });
    expect((await verify()).output).toContain(
      `audit: ${whole.checked} records, chain intact (last hash ${whole.lastHash})`,
    );
    expect(whole.lastSeq).toBe(whole.checked);

    // Two records at a time, each segment starting where the last ended, cover the same chain.
    const segments: VerificationView[] = [];
    let afterSeq: number | null = 0;
    while (afterSeq !== null) {
      const segment: VerificationView = expectStatus(
        await stack.http.get<VerificationView>(`/audit/verification?afterSeq=${afterSeq}&records=2`, admin),
        200,
      );
      segments.push(segment);
      afterSeq = segment.nextAfterSeq;
    }
    expect(segments.every((segment) => segment.intact && segment.checked <= 2)).toBe(true);
    expect(segments.reduce((sum, segment) => sum + segment.checked, 0)).toBe(whole.checked);
    expect(segments.at(-1)).toMatchObject({ complete: true, lastHash: whole.lastHash });

    expectError(await stack.http.get(`/audit/verification?afterSeq=${whole.lastSeq + 1000}`, admin), 404);
    expect(fieldsOf(expectError(await stack.http.get('/audit/verification?records=0', admin), 400))).toEqual([
      'records',
    ]);
    expectError(await stack.http.get('/audit/verification', asOfficer(admin.unit ?? 'it-root')), 403);
  });

  it('names the record someone changed by hand in PostgreSQL', async () => {
    const [acknowledged] = await audit(`targetId=${taskId}&action=task.acknowledge`);
    const client = new Client({ connectionString: stack.databaseUrl });
    await client.connect();
    try {
      // The table refuses UPDATE; an owner can switch that off — the chain still tells.
      await client.query(`ALTER TABLE audit_records DISABLE TRIGGER audit_records_append_only`);
      await client.query(`UPDATE audit_records SET actor = 'someone.else' WHERE seq = $1`, [acknowledged!.seq]);
    } finally {
      await client.end();
    }
    const broken = await verify();
    expect(broken.code).toBe(1);
    expect(broken.output).toContain(`BROKEN at record seq ${acknowledged!.seq} (content-changed)`);

    const result = expectStatus(await stack.http.get<VerificationView>('/audit/verification', admin), 200);
    expect(result).toMatchObject({
      intact: false,
      checked: acknowledged!.seq - 1,
      lastSeq: acknowledged!.seq - 1,
      complete: true,
      nextAfterSeq: null,
      broken: { seq: acknowledged!.seq, reason: 'content-changed' },
    });
  });
});
