/**
 * Visible means actionable: a task appears in the lists only once its workflow runs, so an
 * officer who acts on a task the moment it is listed is answered, never told to come back. A
 * task reached by id before it is listed (its workflow still starting) waits for the start.
 *
 * The fan-out runs with shards of 250 so that two shards start pages side by side, as a large
 * directive does.
 */
import { Client } from 'pg';
import { asClerk, asOfficer, getDirective, type Page, type TaskView } from './support/api';
import { aDirective, anOrg, type Org } from './support/builders';
import { pollUntil, type HttpResponse } from './support/stack';
import { useStack } from './support/use-stack';

const FANOUT_UNITS = 1_000;
const ACTED_ON = 50;

const stack = useStack({ env: { DONDOC_SHARD_SIZE: '250' } });

/** The first page of a directive's tasks as the issuing clerk lists them. */
async function listed(org: Org, directiveId: string, limit: number): Promise<TaskView[]> {
  const response = await stack.http.get<Page<TaskView>>(
    `/directives/${directiveId}/tasks?limit=${limit}`,
    asClerk(org.issuer),
  );
  if (response.status !== 200) throw new Error(`GET /directives/${directiveId}/tasks answered ${response.status}`);
  return response.body.items;
}

/** An officer of the task's own unit acknowledges it. */
function acknowledge(task: { id: string; unitId: string }): Promise<HttpResponse<TaskView>> {
  return stack.http.post<TaskView>(`/tasks/${task.id}/acknowledge`, {}, asOfficer(task.unitId));
}

/** Every answer that is not 200, by unit, with its message. */
function failures(answers: { unitId: string; response: HttpResponse<TaskView> }[]): string[] {
  return answers
    .filter((a) => a.response.status !== 200)
    .map((a) => `${a.unitId}: ${a.response.status} ${JSON.stringify(a.response.body).slice(0, 200)}`);
}

describe('a task listed during a fan-out', () => {
  it(`can be acted on the moment it is listed: the first ${ACTED_ON} of ${FANOUT_UNITS} tasks, each acknowledged as it appears`, async () => {
    const org = await anOrg().withRecipients(FANOUT_UNITS).create(stack);
    const directive = await aDirective(org).toAll(org.recipients).issue(stack);

    const answers: Promise<{ unitId: string; response: HttpResponse<TaskView> }>[] = [];
    const seen = new Set<string>();
    const listedInactive: string[] = [];
    await pollUntil(
      async () => {
        for (const task of await listed(org, directive.id, 500)) {
          if (seen.size >= ACTED_ON || seen.has(task.id)) continue;
          seen.add(task.id);
          if (task.activatedAt === null) listedInactive.push(task.unitId);
          answers.push(acknowledge(task).then((response) => ({ unitId: task.unitId, response })));
        }
        return seen.size;
      },
      (count) => count >= ACTED_ON,
      { timeoutMs: 240_000, intervalMs: 50, description: `${ACTED_ON} tasks of the directive to be listed` },
    );
    const settled = await Promise.all(answers);
    expect(failures(settled)).toEqual([]);
    expect(listedInactive).toEqual([]);
    expect(settled.map((a) => a.response.body.status)).toEqual(Array(ACTED_ON).fill('acknowledged'));
    // Acting early did not slow the fan-out down for good: the rest are listed too.
    const after = await pollUntil(
      () => getDirective(stack, directive.id, asClerk(org.issuer)),
      (d) => d.progress?.active === FANOUT_UNITS,
      { timeoutMs: 300_000, intervalMs: 1_000, description: `all ${FANOUT_UNITS} tasks active` },
    );
    expect(after.progress).toMatchObject({
      total: FANOUT_UNITS,
      byStatus: { acknowledged: ACTED_ON, assigned: FANOUT_UNITS - ACTED_ON },
    });
  }, 600_000);
});

describe('a task of a two-unit directive', () => {
  it('listed within a second of the directive, is acknowledged at once', async () => {
    const org = await anOrg().withRecipients(2).create(stack);
    const directive = await aDirective(org).toAll(org.recipients).issue(stack);
    const issuedAt = Date.now();
    const [first] = await pollUntil(
      () => listed(org, directive.id, 10),
      (tasks) => tasks.length > 0,
      {
        timeoutMs: 60_000,
        intervalMs: 20,
        description: 'a task of the directive to be listed',
      },
    );
    const response = await acknowledge(first!);
    expect(failures([{ unitId: first!.unitId, response }])).toEqual([]);
    expect(response.body.status).toBe('acknowledged');
    // The point is acting early; on a loaded machine it may take longer, which proves less but still must not fail.
    if (Date.now() - issuedAt > 1_000)
      console.warn(`listing and acknowledging took ${Date.now() - issuedAt} ms (aimed at under 1 s)`);
  }, 120_000);

  it('reached by id before it is listed, waits for its workflow to start and is acknowledged', async () => {
    const org = await anOrg().withRecipients(2).create(stack);
    const directive = await aDirective(org).toAll(org.recipients).issue(stack);
    // Straight from the read model, as a client holding the id from elsewhere would send it.
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    let rows: { id: string; unit_id: string; activated_at: Date | null }[];
    try {
      rows = (
        await db.query(`SELECT id, unit_id, activated_at FROM tasks WHERE directive_id = $1 ORDER BY unit_id`, [
          directive.id,
        ])
      ).rows;
    } finally {
      await db.end();
    }
    const answers = await Promise.all(
      rows.map(async (r) => ({ unitId: r.unit_id, response: await acknowledge({ id: r.id, unitId: r.unit_id }) })),
    );
    expect(failures(answers)).toEqual([]);
    expect(answers.map((a) => a.response.body.status)).toEqual(['acknowledged', 'acknowledged']);
    if (rows.every((r) => r.activated_at !== null))
      console.warn('both tasks were already active when read: the wait for a start was not exercised this run');
  }, 120_000);
});
