/**
 * Who is told, over HTTP on the real stack (issue 11): a unit's e-mail contacts and the webhook
 * subscriptions of its API clients. Each endpoint's success, every kind of bad input (400 naming
 * the field, 409 for a second address), scope (a clerk of another unit reads 404), the secret
 * shown once, a rotation that keeps both secrets signing, and a test ping queued in the outbox.
 */
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';
import { signWebhook } from '@dondoc/delivery';
import { asAdmin, asClerk, asOfficer, expectError, expectStatus, fieldsOf, type Page } from './support/api';
import { anOrg, type Org } from './support/builders';
import { useStack } from './support/use-stack';

const stack = useStack();

interface ContactView {
  id: string;
  unitId: string;
  name: string;
  email: string;
  topics: string[];
  mode: 'each' | 'digest';
}

interface WebhookView {
  id: string;
  unitId: string;
  url: string;
  events: string[];
  status: 'active' | 'disabled';
  previousSecretValidUntil: string | null;
  createdBy: string;
  secret?: string;
}

/** A public address written as an IP, so no DNS is needed to accept it. */
const PUBLIC_URL = 'https://93.184.215.14/dondoc/hook';

/** Runs `query` on the stack's own database. */
async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    return (await client.query(query, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('unit contacts', () => {
  let org: Org;
  let unit: string;
  let path: string;
  beforeAll(async () => {
    org = await anOrg().withRecipients(2).create(stack);
    unit = org.recipients[0]!;
    path = `/units/${unit}/contacts`;
  });

  it('a clerk adds, lists, changes and removes their own unit’s contacts, each change audited', async () => {
    const clerk = asClerk(unit);
    const created = expectStatus(
      await stack.http.post<ContactView>(
        path,
        { name: 'Văn phòng Huyện ủy', email: 'VanPhong@huyen.gov.vn', topics: ['reminder', 'overdue'] },
        clerk,
      ),
      201,
    );
    expect(created).toMatchObject({
      unitId: unit,
      email: 'VanPhong@huyen.gov.vn',
      topics: ['reminder', 'overdue'],
      mode: 'each',
    });

    const listed = expectStatus(await stack.http.get<Page<ContactView>>(path, clerk), 200);
    expect(listed.items.map((c) => c.id)).toEqual([created.id]);

    const changed = expectStatus(
      await stack.http.patch<ContactView>(`${path}/${created.id}`, { topics: ['all'], mode: 'digest' }, clerk),
      200,
    );
    expect(changed).toMatchObject({ id: created.id, topics: ['all'], mode: 'digest', name: 'Văn phòng Huyện ủy' });

    expectStatus(await stack.http.delete(`${path}/${created.id}`, clerk), 204);
    expect(expectStatus(await stack.http.get<Page<ContactView>>(path, clerk), 200).items).toEqual([]);
    const audit = await sql<{ action: string }>(`SELECT action FROM audit_records WHERE target_id = $1 ORDER BY seq`, [
      created.id,
    ]);
    expect(audit.map((a) => a.action)).toEqual(['contacts.create', 'contacts.update', 'contacts.delete']);
  });

  it('an admin manages any unit’s contacts; a unit id with slashes works encoded too', async () => {
    const created = expectStatus(
      await stack.http.post<ContactView>(
        `/units/${encodeURIComponent(org.recipients[1]!)}/contacts`,
        { name: 'Chánh Văn phòng', email: 'cvp@huyen2.gov.vn', topics: ['escalation'], mode: 'digest' },
        asAdmin(),
      ),
      201,
    );
    expect(created.unitId).toBe(org.recipients[1]);
  });

  it('refuses bad input with 400 naming each field, and a second address in the unit with 409', async () => {
    const clerk = asClerk(unit);
    const bad = expectError(
      await stack.http.post(
        path,
        { name: '', email: 'not-an-address', topics: ['reminder', 'tea'], mode: 'weekly' },
        clerk,
      ),
      400,
    );
    expect(fieldsOf(bad).sort()).toEqual(['email', 'mode', 'name', 'topics']);
    expect(bad.errors!.find((e) => e.field === 'topics')!.problem).toMatch(/tea/);
    expect(bad.errors!.find((e) => e.field === 'email')!.problem).toMatch(/e-mail address/);
    expect(bad.errors!.find((e) => e.field === 'mode')!.problem).toMatch(/each, digest/);

    const allAndMore = expectError(
      await stack.http.post(path, { name: 'A', email: 'a@huyen.gov.vn', topics: ['all', 'reminder'] }, clerk),
      400,
    );
    expect(fieldsOf(allAndMore)).toEqual(['topics']);
    expect(
      fieldsOf(expectError(await stack.http.post(path, { name: 'A', email: 'a@huyen.gov.vn' }, clerk), 400)),
    ).toEqual(['topics']);

    expectStatus(await stack.http.post(path, { name: 'A', email: 'a@huyen.gov.vn', topics: ['all'] }, clerk), 201);
    const twice = expectError(
      await stack.http.post(path, { name: 'B', email: 'A@HUYEN.gov.vn', topics: ['reminder'] }, clerk),
      409,
    );
    expect(twice.details).toEqual({ field: 'email' });
    const other = expectStatus(
      await stack.http.post<ContactView>(path, { name: 'C', email: 'c@huyen.gov.vn', topics: ['all'] }, clerk),
      201,
    );
    expectError(await stack.http.patch(`${path}/${other.id}`, { email: 'a@huyen.gov.vn' }, clerk), 409);
    expect(
      fieldsOf(expectError(await stack.http.patch(`${path}/${other.id}`, { mode: 'hourly' }, clerk), 400)),
    ).toEqual(['mode']);
  });

  it('a clerk of another unit, and a unit that does not exist, read 404; officers are refused by role', async () => {
    const mine = expectStatus(
      await stack.http.post<ContactView>(path, { name: 'D', email: 'd@huyen.gov.vn', topics: ['all'] }, asClerk(unit)),
      201,
    );
    const stranger = asClerk(org.recipients[1]!);
    const hidden = expectError(await stack.http.get(path, stranger), 404);
    expect(hidden.message).toBe(`unit ${unit} does not exist`);
    expectError(await stack.http.post(path, { name: 'X', email: 'x@x.vn', topics: ['all'] }, stranger), 404);
    expectError(await stack.http.patch(`${path}/${mine.id}`, { name: 'X' }, stranger), 404);
    expectError(await stack.http.delete(`${path}/${mine.id}`, stranger), 404);
    expectError(await stack.http.get(`/units/${org.prefix}/nowhere/contacts`, asAdmin()), 404);
    expectError(
      await stack.http.patch(`/units/${org.recipients[1]!}/contacts/${mine.id}`, { name: 'X' }, asAdmin()),
      404,
    );
    expectError(await stack.http.get(path, asOfficer(unit)), 403);
  });
});

describe('contacts in the units’ import and export', () => {
  it('an import gives each unit that lists contacts exactly those; only an admin’s export shows them', async () => {
    const org = await anOrg().withRecipients(1).create(stack);
    const unit = org.recipients[0]!;
    const kept = unit;
    expectStatus(
      await stack.http.post(
        `/units/${org.spares[0]!}/contacts`,
        { name: 'Giữ nguyên', email: 'giu@so.gov.vn', topics: ['all'] },
        asAdmin(),
      ),
      201,
    );
    const imported = expectStatus(
      await stack.http.post(
        '/units/import',
        {
          units: [
            {
              id: kept,
              name: 'Huyện ủy 1',
              level: 'district',
              parentId: org.province,
              contacts: [
                { name: 'Văn phòng', email: 'vp@huyen1.gov.vn', topics: ['reminder', 'overdue'] },
                { name: 'Bí thư', email: 'bt@huyen1.gov.vn', topics: ['escalation'], mode: 'digest' },
              ],
            },
            { id: org.spares[0]!, name: 'Sở 1', level: 'agency', parentId: org.province },
          ],
        },
        asAdmin(),
      ),
      200,
    );
    expect(imported).toEqual({ imported: 2, created: 0, updated: 2, contacts: 2 });
    const listed = expectStatus(await stack.http.get<Page<ContactView>>(`/units/${unit}/contacts`, asClerk(unit)), 200);
    expect(listed.items.map((c) => [c.email, c.mode])).toEqual([
      ['vp@huyen1.gov.vn', 'each'],
      ['bt@huyen1.gov.vn', 'digest'],
    ]);
    // A unit listed without contacts keeps its own.
    const spare = expectStatus(
      await stack.http.get<Page<ContactView>>(`/units/${org.spares[0]!}/contacts`, asAdmin()),
      200,
    );
    expect(spare.items.map((c) => c.email)).toEqual(['giu@so.gov.vn']);

    type Exported = { units: { id: string; contacts?: { email: string }[] }[] };
    const asAdminExport = expectStatus(await stack.http.get<Exported>('/units/export', asAdmin()), 200);
    expect(asAdminExport.units.find((u) => u.id === unit)?.contacts?.map((c) => c.email)).toEqual([
      'vp@huyen1.gov.vn',
      'bt@huyen1.gov.vn',
    ]);
    const asClerkExport = expectStatus(await stack.http.get<Exported>('/units/export', asClerk(unit)), 200);
    expect(asClerkExport.units.find((u) => u.id === unit)).not.toHaveProperty('contacts');

    const refused = expectError(
      await stack.http.post(
        '/units/import',
        [{ id: kept, name: 'H', level: 'district', contacts: [{ name: 'X', email: 'x', topics: ['all'] }] }],
        asAdmin(),
      ),
      400,
    );
    expect(fieldsOf(refused)).toEqual(['units[0].contacts[0].email']);
  });
});

describe('webhook subscriptions', () => {
  let org: Org;
  let unit: string;
  beforeAll(async () => {
    org = await anOrg().withRecipients(2).create(stack);
    unit = org.recipients[0]!;
  });

  it('shows the signing secret once, at registration, never when listed or read', async () => {
    const clerk = asClerk(unit);
    const created = expectStatus(
      await stack.http.post<WebhookView>(
        '/webhooks',
        { unitId: unit, url: PUBLIC_URL, events: ['task.reminder'] },
        clerk,
      ),
      201,
    );
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created).toMatchObject({
      unitId: unit,
      url: PUBLIC_URL,
      events: ['task.reminder'],
      status: 'active',
      createdBy: 'van.thu',
    });
    const [stored] = await sql<{ secret: string }>(`SELECT secret FROM webhook_subscriptions WHERE id = $1`, [
      created.id,
    ]);
    expect(stored!.secret).toBe(created.secret);

    const read = expectStatus(await stack.http.get<WebhookView>(`/webhooks/${created.id}`, clerk), 200);
    const listed = expectStatus(await stack.http.get<Page<WebhookView>>(`/webhooks?unitId=${unit}`, clerk), 200);
    expect(listed.items.map((w) => w.id)).toContain(created.id);
    for (const view of [read, ...listed.items]) {
      expect(view).not.toHaveProperty('secret');
      expect(JSON.stringify(view)).not.toContain(created.secret!);
    }
  });

  it('rotation shows a new secret once and keeps the old one signing until the grace ends', async () => {
    const clerk = asClerk(unit);
    const created = expectStatus(
      await stack.http.post<WebhookView>(
        '/webhooks',
        { unitId: unit, url: PUBLIC_URL, events: ['task.overdue'] },
        clerk,
      ),
      201,
    );
    const before = Date.now();
    const rotated = expectStatus(
      await stack.http.post<WebhookView>(`/webhooks/${created.id}/rotate-secret`, {}, clerk),
      200,
    );
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
    const [stored] = await sql<{ secret: string; previous_secret: string; previous_secret_until: Date }>(
      `SELECT secret, previous_secret, previous_secret_until FROM webhook_subscriptions WHERE id = $1`,
      [created.id],
    );
    expect(stored!.secret).toBe(rotated.secret);
    expect(stored!.previous_secret).toBe(created.secret);
    const graceMs = stored!.previous_secret_until.getTime() - before;
    expect(graceMs).toBeGreaterThan(24 * 3_600_000 - 60_000);
    expect(graceMs).toBeLessThan(24 * 3_600_000 + 60_000);
    expect(rotated.previousSecretValidUntil).toBe(stored!.previous_secret_until.toISOString());

    // What the dispatcher signs with during the grace verifies under either secret.
    const body = JSON.stringify({ type: 'ping' });
    const headers = signWebhook('msg_1', new Date(), body, {
      current: stored!.secret,
      previous: stored!.previous_secret,
    });
    for (const secret of [created.secret!, rotated.secret!])
      expect(new Webhook(secret).verify(body, { ...headers })).toEqual({ type: 'ping' });
  });

  it('a test writes a fresh ping for this subscription alone into the outbox and answers 202 with its id', async () => {
    const clerk = asClerk(unit);
    const created = expectStatus(
      await stack.http.post<WebhookView>(
        '/webhooks',
        { unitId: unit, url: PUBLIC_URL, events: ['task.assigned'] },
        clerk,
      ),
      201,
    );
    const first = expectStatus(
      await stack.http.post<{ eventId: string }>(`/webhooks/${created.id}/test`, {}, clerk),
      202,
    );
    const second = expectStatus(
      await stack.http.post<{ eventId: string }>(`/webhooks/${created.id}/test`, {}, clerk),
      202,
    );
    expect(first.eventId).not.toBe(second.eventId);
    const [row] = await sql<{ type: string; unit_id: string; payload: { id: string; type: string; data: unknown } }>(
      `SELECT type, unit_id, payload FROM outbox_events WHERE id = $1`,
      [first.eventId],
    );
    expect(row).toMatchObject({ type: 'ping', unit_id: unit });
    expect(row!.payload).toMatchObject({
      id: first.eventId,
      type: 'ping',
      version: 1,
      unitId: unit,
      data: { subscriptionId: created.id, message: expect.any(String) },
    });

    // Nothing is sent to a disabled subscription, so there is nothing to test.
    await sql(
      `UPDATE webhook_subscriptions SET status = 'disabled', disabled_at = now(), disabled_reason = '410 Gone' WHERE id = $1`,
      [created.id],
    );
    const disabled = expectError(await stack.http.post(`/webhooks/${created.id}/test`, {}, clerk), 409);
    expect(disabled.details).toMatchObject({ status: 'disabled', disabledReason: '410 Gone' });
  });

  it('removal deletes the subscription and is audited', async () => {
    const clerk = asClerk(unit);
    const created = expectStatus(
      await stack.http.post<WebhookView>(
        '/webhooks',
        { unitId: unit, url: PUBLIC_URL, events: ['task.returned'] },
        clerk,
      ),
      201,
    );
    expectStatus(await stack.http.delete(`/webhooks/${created.id}`, clerk), 204);
    expectError(await stack.http.get(`/webhooks/${created.id}`, clerk), 404);
    const audit = await sql<{ action: string; after: unknown }>(
      `SELECT action, after FROM audit_records WHERE target_id = $1 ORDER BY seq`,
      [created.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['webhooks.create', 'webhooks.delete']);
    expect(JSON.stringify(audit)).not.toContain(created.secret!);
  });

  it.each([
    ['http://', 'http://93.184.215.14/hook', /only https/],
    ['a loopback address', 'https://127.0.0.1/hook', /loopback, private or link-local/],
    ['a private address', 'https://10.1.2.3/hook', /loopback, private or link-local/],
    ['a link-local address', 'https://169.254.169.254/latest/meta-data', /loopback, private or link-local/],
    ['a name resolving to loopback', 'https://localhost:8443/hook', /resolves to .*loopback/],
    ['no URL at all', 'hook', /not a URL/],
  ])('refuses %s with 400 naming url', async (_what, url, problem) => {
    const body = expectError(
      await stack.http.post('/webhooks', { unitId: unit, url, events: ['task.reminder'] }, asClerk(unit)),
      400,
    );
    expect(fieldsOf(body)).toEqual(['url']);
    expect(body.errors![0]!.problem).toMatch(problem);
  });

  it('refuses unknown, repeated and ping events naming events[i], and an unknown unit naming unitId', async () => {
    const body = expectError(
      await stack.http.post(
        '/webhooks',
        { unitId: unit, url: PUBLIC_URL, events: ['task.reminder', 'task.exploded', 'ping', 'task.reminder'] },
        asClerk(unit),
      ),
      400,
    );
    expect(fieldsOf(body)).toEqual(['events[1]', 'events[2]', 'events[3]']);
    expect(body.errors![0]!.problem).toMatch(/task\.exploded/);
    expect(
      fieldsOf(
        expectError(
          await stack.http.post('/webhooks', { unitId: unit, url: PUBLIC_URL, events: [] }, asClerk(unit)),
          400,
        ),
      ),
    ).toEqual(['events']);
    const unknownUnit = expectError(
      await stack.http.post(
        '/webhooks',
        { unitId: `${org.prefix}/nowhere`, url: PUBLIC_URL, events: ['task.overdue'] },
        asAdmin(),
      ),
      400,
    );
    expect(fieldsOf(unknownUnit)).toEqual(['unitId']);
  });

  it('a clerk of another unit reads 404 for its subscriptions and cannot register one for it; an admin sees all', async () => {
    const created = expectStatus(
      await stack.http.post<WebhookView>(
        '/webhooks',
        { unitId: unit, url: PUBLIC_URL, events: ['task.completed'] },
        asClerk(unit),
      ),
      201,
    );
    const stranger = asClerk(org.recipients[1]!);
    for (const response of [
      await stack.http.get(`/webhooks/${created.id}`, stranger),
      await stack.http.delete(`/webhooks/${created.id}`, stranger),
      await stack.http.post(`/webhooks/${created.id}/rotate-secret`, {}, stranger),
      await stack.http.post(`/webhooks/${created.id}/test`, {}, stranger),
    ])
      expect(expectError(response, 404).message).toBe(`webhook ${created.id} does not exist`);
    expect(
      expectStatus(await stack.http.get<Page<WebhookView>>(`/webhooks?unitId=${unit}`, stranger), 200).items,
    ).toEqual([]);
    const refused = expectError(
      await stack.http.post('/webhooks', { unitId: unit, url: PUBLIC_URL, events: ['task.overdue'] }, stranger),
      403,
    );
    expect(fieldsOf(refused)).toEqual(['unitId']);
    const all = expectStatus(
      await stack.http.get<Page<WebhookView>>(`/webhooks?unitId=${unit}&limit=200`, asAdmin()),
      200,
    );
    expect(all.items.map((w) => w.id)).toContain(created.id);
    expectError(await stack.http.get('/webhooks', asOfficer(unit)), 403);
  });
});
