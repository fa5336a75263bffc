/**
 * The inbox and the event feed over HTTP on the real stack (issue 11): read state per person
 * (one officer reading leaves the notice unread for the others), bulk reading up to an instant,
 * the unread count; and GET /events read page by page with no event skipped or repeated, even
 * while a transaction that started earlier is still writing one.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  asClerk,
  asOfficer,
  expectError,
  expectStatus,
  fieldsOf,
  tasksOf,
  waitUntilAllActive,
  type Page,
} from './support/api';
import { aDirective, anOrg, DAY, isoIn, type Org } from './support/builders';
import type { RequestOptions } from './support/stack';
import { useStack } from './support/use-stack';

const stack = useStack();

interface NotificationView {
  id: string;
  unitId: string;
  createdAt: string;
  read: boolean;
}

interface EventPage {
  items: { id: string; type: string; unitId: string | null }[];
  nextCursor: string | null;
  hasMore: boolean;
}

/** A connected client on the stack's own database; the caller ends it. */
async function connect(): Promise<Client> {
  const client = new Client({ connectionString: stack.databaseUrl });
  await client.connect();
  return client;
}

async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
  const client = await connect();
  try {
    return (await client.query(query, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Something that runs a query: a client inside a transaction, or a fresh connection that commits at once. */
type Queryable = { query: (text: string, params: unknown[]) => Promise<unknown> };

/** Runs each query on a connection of its own, committed at once. */
const autocommit: Queryable = { query: (text, params) => sql(text, params) };

/** Inserts a ping event about `unitId` with `db` (created_at: that transaction's start); answers its id. */
async function writeEvent(db: Queryable, unitId: string): Promise<string> {
  const id = `ping/it:${randomUUID()}`;
  const payload = {
    id,
    type: 'ping',
    version: 1,
    occurredAt: new Date().toISOString(),
    directiveId: null,
    directiveNumber: null,
    directiveSubject: null,
    taskId: null,
    unitId,
    dueAt: null,
    link: null,
    data: { message: 'feed test' },
  };
  await db.query(
    `INSERT INTO outbox_events (id, type, version, unit_id, occurred_at, payload) VALUES ($1, 'ping', 1, $2, now(), $3)`,
    [id, unitId, JSON.stringify(payload)],
  );
  return id;
}

/** Reads the feed from `after` to its current end, `limit` at a time. */
async function readFeed(
  options: RequestOptions,
  after: string | null,
  limit: number,
): Promise<{ ids: string[]; cursor: string | null }> {
  const ids: string[] = [];
  let cursor = after;
  for (let page = 0; page < 100; page += 1) {
    const query = `/events?limit=${limit}${cursor === null ? '' : `&after=${encodeURIComponent(cursor)}`}`;
    const body = expectStatus(await stack.http.get<EventPage>(query, options), 200);
    ids.push(...body.items.map((e) => e.id));
    expect(body.items.length).toBeLessThanOrEqual(limit);
    cursor = body.nextCursor;
    if (!body.hasMore) return { ids, cursor };
  }
  throw new Error('the feed never ended');
}

describe('the inbox', () => {
  let org: Org;
  let unit: string;
  const notices: string[] = [];
  const times = ['2026-12-01T01:00:00Z', '2026-12-02T01:00:00Z', '2026-12-03T01:00:00Z'];

  beforeAll(async () => {
    org = await anOrg().withRecipients(2).create(stack);
    unit = org.recipients[0]!;
    const directive = await aDirective(org)
      .to(unit)
      .to(org.recipients[1]!)
      .dueAt(isoIn(30 * DAY))
      .issue(stack);
    await waitUntilAllActive(stack, directive.id, 60_000, asClerk(org.issuer));
    const tasks = await tasksOf(stack, directive.id, asClerk(org.issuer));
    const task = tasks.find((t) => t.unitId === unit)!;
    const other = tasks.find((t) => t.unitId !== unit)!;
    for (const [i, at] of times.entries()) {
      const id = `${task.id}:inbox-${i}`;
      notices.push(id);
      await sql(
        `INSERT INTO notifications (id, recipient_unit_id, task_id, directive_id, kind, message, scheduled_for, created_at)
         VALUES ($1, $2, $3, $4, 'reminder', 'Nhắc hạn', $5, $5)`,
        [id, unit, task.id, directive.id, at],
      );
    }
    await sql(
      `INSERT INTO notifications (id, recipient_unit_id, task_id, directive_id, kind, message, scheduled_for, created_at)
       VALUES ($1, $2, $3, $4, 'reminder', 'Nhắc hạn', now(), now())`,
      [`${other.id}:inbox-x`, other.unitId, other.id, directive.id],
    );
  }, 120_000);

  it('keeps read state per person: one officer reading leaves the notice unread for another', async () => {
    const first = asOfficer(unit, 'can.bo.1');
    const second = asOfficer(unit, 'can.bo.2');
    expect(expectStatus(await stack.http.get(`/notifications/unread-count`, first), 200)).toEqual({ unread: 3 });

    const read = expectStatus(
      await stack.http.post<NotificationView>(`/notifications/${notices[0]}/read`, {}, first),
      200,
    );
    expect(read).toMatchObject({ id: notices[0], read: true });
    expect(expectStatus(await stack.http.get(`/notifications/unread-count`, first), 200)).toEqual({ unread: 2 });
    expect(expectStatus(await stack.http.get(`/notifications/unread-count`, second), 200)).toEqual({ unread: 3 });

    const all = expectStatus(await stack.http.get<Page<NotificationView>>(`/notifications`, first), 200);
    expect(all.items.map((n) => [n.id, n.read])).toEqual([
      [notices[0], true],
      [notices[1], false],
      [notices[2], false],
    ]);
    const unread = expectStatus(await stack.http.get<Page<NotificationView>>(`/notifications?unread=true`, first), 200);
    expect(unread.items.map((n) => n.id)).toEqual([notices[1], notices[2]]);
    const readOnly = expectStatus(
      await stack.http.get<Page<NotificationView>>(`/notifications?unread=false`, first),
      200,
    );
    expect(readOnly.items.map((n) => n.id)).toEqual([notices[0]]);
    const othersView = expectStatus(await stack.http.get<Page<NotificationView>>(`/notifications`, second), 200);
    expect(othersView.items.every((n) => !n.read)).toBe(true);
  });

  it('reading again keeps the first instant; the bulk read marks what the person sees up to `before`', async () => {
    const person = asOfficer(unit, 'can.bo.3');
    expectStatus(await stack.http.post(`/notifications/${notices[0]}/read`, {}, person), 200);
    const [firstRead] = await sql<{ read_at: Date }>(
      `SELECT read_at FROM notification_reads WHERE notification_id = $1 AND reader = 'can.bo.3'`,
      [notices[0]],
    );
    expectStatus(await stack.http.post(`/notifications/${notices[0]}/read`, {}, person), 200);
    const [again] = await sql<{ read_at: Date }>(
      `SELECT read_at FROM notification_reads WHERE notification_id = $1 AND reader = 'can.bo.3'`,
      [notices[0]],
    );
    expect(again!.read_at).toEqual(firstRead!.read_at);

    const marked = expectStatus(await stack.http.post('/notifications/read', { before: times[1] }, person), 200);
    expect(marked).toEqual({ marked: 1 });
    expect(expectStatus(await stack.http.get(`/notifications/unread-count`, person), 200)).toEqual({ unread: 1 });
    const unread = expectStatus(
      await stack.http.get<Page<NotificationView>>(`/notifications?unread=true`, person),
      200,
    );
    expect(unread.items.map((n) => n.id)).toEqual([notices[2]]);
    // Another unit's notice was not touched by this person's bulk read.
    const rows = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM notification_reads WHERE reader = 'can.bo.3' AND notification_id NOT LIKE '%:inbox-_'`,
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('answers 404 for a notice the person does not see, 400 naming `before` and `unread` when wrong', async () => {
    const stranger = asOfficer(org.recipients[1]!, 'can.bo.khac');
    expect(expectError(await stack.http.post(`/notifications/${notices[0]}/read`, {}, stranger), 404).message).toBe(
      `notification ${notices[0]} does not exist`,
    );
    expect(expectStatus(await stack.http.get(`/notifications/unread-count`, stranger), 200)).toEqual({ unread: 1 });
    const person = asOfficer(unit, 'can.bo.4');
    expect(
      fieldsOf(expectError(await stack.http.post('/notifications/read', { before: 'yesterday' }, person), 400)),
    ).toEqual(['before']);
    expect(fieldsOf(expectError(await stack.http.post('/notifications/read', {}, person), 400))).toEqual(['before']);
    expect(fieldsOf(expectError(await stack.http.get('/notifications?unread=yes', person), 400))).toEqual(['unread']);
  });
});

describe('the event feed', () => {
  let org: Org;
  let unit: string;
  beforeAll(async () => {
    org = await anOrg().withRecipients(2).create(stack);
    unit = org.recipients[0]!;
  });

  it('pages through the unit’s events in the order written, none skipped or repeated, another unit’s left out', async () => {
    const written: string[] = [];
    const db = await connect();
    try {
      for (let batch = 0; batch < 4; batch += 1) {
        // Several events per transaction share a created_at: the id orders them.
        await db.query('BEGIN');
        const ids: string[] = [];
        for (let i = 0; i < 6; i += 1) ids.push(await writeEvent(db, unit));
        await writeEvent(db, org.recipients[1]!);
        await db.query('COMMIT');
        written.push(...ids.sort());
      }
    } finally {
      await db.end();
    }
    const officer = asOfficer(unit);
    const { ids, cursor } = await readFeed(officer, null, 5);
    expect(ids).toEqual(written);
    expect(cursor).not.toBeNull();
    // The end of the feed keeps its cursor: nothing new yet, then exactly what came after.
    const empty = expectStatus(
      await stack.http.get<EventPage>(`/events?after=${encodeURIComponent(cursor!)}`, officer),
      200,
    );
    expect(empty).toEqual({ items: [], nextCursor: cursor, hasMore: false });
    const next = await writeEvent(autocommit, unit);
    expect((await readFeed(officer, cursor, 5)).ids).toEqual([next]);
    expect((await readFeed(asClerk(org.recipients[1]!), null, 50)).ids).toHaveLength(4);
  });

  it('does not read past an event whose transaction started earlier and is still open', async () => {
    const officer = asOfficer(org.recipients[1]!);
    const start = await readFeed(officer, null, 50);
    const slow = await connect();
    try {
      await slow.query('BEGIN');
      const early = await writeEvent(slow, org.recipients[1]!);
      const late = await writeEvent(autocommit, org.recipients[1]!);
      const whileOpen = await readFeed(officer, start.cursor, 50);
      expect(whileOpen.ids).not.toContain(late);
      await slow.query('COMMIT');
      const after = await readFeed(officer, whileOpen.cursor, 50);
      expect([...whileOpen.ids, ...after.ids]).toEqual([early, late]);
    } finally {
      await slow.end();
    }
  });

  it('refuses a cursor it did not give out, naming `after`', async () => {
    const body = expectError(await stack.http.get('/events?after=not-a-cursor', asOfficer(unit)), 400);
    expect(fieldsOf(body)).toEqual(['after']);
  });
});
