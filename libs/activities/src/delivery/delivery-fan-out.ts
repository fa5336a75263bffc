/**
 * The dispatcher's first stage: outbox events become deliveries. A batch of claimed events is
 * routed (libs/domain `routeEvent`) to the units' active webhook subscriptions, `each` contacts
 * and the person a task's notice names, and the deliveries are inserted in the same transaction that marks the events
 * dispatched: a crash leaves either both or neither, and a repeat inserts nothing new.
 */
import {
  deliveryStart,
  personToldOf,
  routeEvent,
  unitsToldOf,
  type AnyDondocEvent,
  type HoldingRules,
  type PersonRouting,
  type RoutableContact,
  type RoutablePerson,
  type RoutableSubscription,
  type WorkingCalendar,
} from '@dondoc/domain';
import type { DataSource, EntityManager } from 'typeorm';
import { deliveryId, endpointOf } from './delivery-ids';
import { claimOutboxEvents, releaseOutboxEvent, type ClaimedOutboxEvent } from './outbox-claims';

/** What one fan-out pass needs besides the database. */
export interface FanOutOptions {
  claimer: string;
  /** Events per pass (and per transaction). */
  batchSize: number;
  leaseMs: number;
  rules: HoldingRules;
  /** The calendar of working days; read by the caller, which may cache it. */
  calendar: () => Promise<WorkingCalendar>;
}

/** What a pass did: events marked dispatched and deliveries written. */
export interface FanOutResult {
  events: number;
  deliveries: number;
}

/** One delivery row as the fan-out inserts it. */
interface NewDelivery {
  id: string;
  eventId: string;
  eventType: string;
  taskId: string | null;
  unitId: string;
  channel: string;
  targetId: string;
  target: string;
  endpoint: string;
  status: string;
  scheduledFor: Date;
  nextAttemptAt: Date;
}

/**
 * Claims up to `batchSize` due outbox events and turns them into deliveries. A batch that fails
 * is given back to the outbox (its events retried a little later), never half-written.
 */
export async function fanOutOutbox(dataSource: DataSource, options: FanOutOptions): Promise<FanOutResult> {
  const claimed = await claimOutboxEvents(dataSource, {
    claimer: options.claimer,
    limit: options.batchSize,
    leaseMs: options.leaseMs,
  });
  if (claimed.length === 0) return { events: 0, deliveries: 0 };
  try {
    const calendar = await options.calendar();
    return await dataSource.transaction(async (db) => {
      const rows = await deliveriesOf(db, claimed, options.rules, calendar);
      const written = await insertDeliveries(db, rows);
      const marked: unknown[] = await db.query(
        `WITH marked AS (
           UPDATE outbox_events SET dispatched_at = clock_timestamp(), claimed_by = NULL, claimed_until = NULL
           WHERE id = ANY($1::text[]) AND claimed_by = $2 AND dispatched_at IS NULL RETURNING id
         ) SELECT id FROM marked`,
        [claimed.map((event) => event.id), options.claimer],
      );
      return { events: marked.length, deliveries: written };
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const retryAt = new Date(Date.now() + 5_000);
    for (const event of claimed)
      await releaseOutboxEvent(dataSource, event.id, options.claimer, { error: message, retryAt });
    throw error;
  }
}

/** The deliveries of a batch: each event routed to the subscriptions and contacts of the units it tells. */
async function deliveriesOf(
  db: EntityManager,
  claimed: readonly ClaimedOutboxEvent[],
  rules: HoldingRules,
  calendar: WorkingCalendar,
): Promise<NewDelivery[]> {
  const events = claimed.map((row) => row.payload);
  const units = [...new Set(events.flatMap((event) => unitsToldOf(event)))];
  const pings = events.flatMap((event) => (event.type === 'ping' ? [pingTarget(event)] : [])).filter(isText);
  const subscriptions: RoutableSubscription[] = await db.query(
    `SELECT id::text AS id, unit_id AS "unitId", url, events FROM webhook_subscriptions
     WHERE status = 'active' AND (unit_id = ANY($1::text[]) OR id::text = ANY($2::text[]))`,
    [units, pings],
  );
  const contacts: RoutableContact[] = await db.query(
    `SELECT id::text AS id, unit_id AS "unitId", email, topics, mode FROM unit_contacts
     WHERE mode = 'each' AND unit_id = ANY($1::text[])`,
    [units],
  );
  // A comment names its recipient's unit; every other person told is of a unit told.
  const personUnits = events.flatMap((event) => personToldOf(event, null)?.unitId ?? []);
  const people = await peopleOf(db, events, [...new Set([...units, ...personUnits])]);
  return events.flatMap((event) =>
    routeEvent(event, subscriptions, contacts, people).map((target) => {
      const start = deliveryStart(event, target.channel, rules, calendar);
      return {
        id: deliveryId(event.id, target.channel, target.targetId),
        eventId: event.id,
        eventType: event.type,
        taskId: event.taskId,
        unitId: target.unitId,
        channel: target.channel,
        targetId: target.targetId,
        target: target.target,
        endpoint: endpointOf(target.channel, target.target),
        status: start.status,
        scheduledFor: new Date(start.scheduledFor),
        nextAttemptAt: new Date(start.nextAttemptAt),
      };
    }),
  );
}

/**
 * The people of the units told, and the current assignee of the batch's tasks (a returned report
 * goes to whoever handles the task now). People are read whole for their units: a unit has tens.
 */
async function peopleOf(
  db: EntityManager,
  events: readonly AnyDondocEvent[],
  units: readonly string[],
): Promise<PersonRouting> {
  const taskIds = [...new Set(events.map((event) => event.taskId))].filter(
    (id): id is string => id !== null && UUID.test(id),
  );
  const people: RoutablePerson[] = await db.query(
    `SELECT unit_id AS "unitId", sub, email, active, muted_topics AS "mutedTopics" FROM people
     WHERE unit_id = ANY($1::text[]) AND active AND email IS NOT NULL`,
    [units],
  );
  const tasks: { id: string; assignee: string | null }[] = await db.query(
    `SELECT id::text AS id, assignee FROM tasks WHERE id = ANY($1::uuid[]) AND assignee IS NOT NULL`,
    [taskIds],
  );
  return { people, currentAssignees: Object.fromEntries(tasks.map((task) => [task.id, task.assignee])) };
}

/** A task id the tasks table can hold; anything else (a test's made-up id) has no assignee. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const COLUMNS = [
  'id',
  'event_id',
  'event_type',
  'task_id',
  'unit_id',
  'channel',
  'target_id',
  'target',
  'endpoint',
  'status',
  'scheduled_for',
  'next_attempt_at',
] as const;

/** Inserts the rows in pages, skipping any already there; returns how many were new. */
async function insertDeliveries(db: EntityManager, rows: readonly NewDelivery[]): Promise<number> {
  let written = 0;
  // 12 parameters a row: 500 rows stay far below PostgreSQL's 65,535 parameters.
  for (let start = 0; start < rows.length; start += 500) {
    const page = rows.slice(start, start + 500);
    const params: unknown[] = [];
    const values = page.map((row) => {
      params.push(
        row.id,
        row.eventId,
        row.eventType,
        row.taskId,
        row.unitId,
        row.channel,
        row.targetId,
        row.target,
        row.endpoint,
        row.status,
        row.scheduledFor,
        row.nextAttemptAt,
      );
      const first = params.length - COLUMNS.length + 1;
      return `(${COLUMNS.map((_, index) => `$${first + index}`).join(', ')})`;
    });
    const inserted: unknown[] = await db.query(
      `INSERT INTO deliveries (${COLUMNS.join(', ')}) VALUES ${values.join(', ')} ON CONFLICT DO NOTHING RETURNING id`,
      params,
    );
    written += inserted.length;
  }
  return written;
}

function pingTarget(event: AnyDondocEvent): string | undefined {
  return event.type === 'ping' ? event.data.subscriptionId : undefined;
}

function isText(value: string | undefined): value is string {
  return value !== undefined;
}
