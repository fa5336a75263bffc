/**
 * The dispatcher's second stage's storage: claiming due deliveries with a lease, and recording
 * what each attempt gave. Like the outbox's claim (`outbox-claims.ts`), a claim skips rows another
 * dispatcher has locked, so two workers never send one delivery at the same time, and every
 * outcome is written only by the claimer that still holds the lease.
 */
import type { AnyDondocEvent, DeliveryChannel } from '@dondoc/domain';
import type { Queryable } from './outbox-claims';

/** One delivery leased to a dispatcher, with the event it carries. */
export interface ClaimedDelivery {
  id: string;
  eventId: string;
  channel: DeliveryChannel;
  unitId: string;
  targetId: string;
  target: string;
  endpoint: string;
  /** Attempts made before this one. */
  attempts: number;
  /** The first attempt's instant (this one, when it is the first): the retry window counts from it. */
  firstAttemptAt: Date;
  /** The lease's end: the delivery must not be started after it, when another may hold it. */
  claimedUntil: Date;
  payload: AnyDondocEvent;
  /**
   * A webhook's subscription as it is at the claim (read in the same statement, so a rotation or a
   * disabling applies from the next claim on); null when it was deleted or for an e-mail.
   */
  subscription: ClaimedSubscription | null;
}

/** What signing and sending a webhook needs of its subscription. */
export interface ClaimedSubscription {
  url: string;
  secret: string;
  /** The secret before the last rotation while its grace period lasts; null after. */
  previousSecret: string | null;
  active: boolean;
}

/** How much to claim: at most `limit` in all, and per endpoint at most its free slots. */
export interface DeliveryClaimRequest {
  claimer: string;
  limit: number;
  leaseMs: number;
  /** Free slots of the endpoints that have fewer than `perEndpoint` (busy, or a circuit open: 0). */
  freeSlots: Readonly<Record<string, number>>;
  /** Free slots of any endpoint not named in `freeSlots`. */
  perEndpoint: number;
}

interface ClaimRow {
  id: string;
  event_id: string;
  channel: DeliveryChannel;
  unit_id: string;
  target_id: string;
  target: string;
  endpoint: string;
  attempts: number;
  first_attempt_at: Date;
  claimed_until: Date;
  payload: AnyDondocEvent;
  sub_url: string | null;
  sub_secret: string | null;
  sub_previous_secret: string | null;
  sub_active: boolean | null;
}

/**
 * Leases due deliveries (pending, or held whose working period has begun), oldest first (of
 * those due at one instant, a person's e-mail before the unit's contacts: a task's notice goes to
 * the person handling it first), no more
 * per endpoint than it has free slots: a dead endpoint's backlog never fills a claim that healthy
 * endpoints' deliveries are waiting behind. Rows locked by a concurrent claim are skipped.
 */
export async function claimDeliveries(db: Queryable, request: DeliveryClaimRequest): Promise<ClaimedDelivery[]> {
  if (!Number.isInteger(request.limit) || request.limit < 1) return [];
  const rows: ClaimRow[] = await db.query(
    `WITH candidates AS (
       SELECT id, endpoint, next_attempt_at,
              row_number() OVER (PARTITION BY endpoint ORDER BY next_attempt_at, target_id LIKE 'person:%' DESC, id) AS rank
       FROM (
         SELECT id, endpoint, next_attempt_at, target_id FROM deliveries
         WHERE status IN ('pending', 'held') AND next_attempt_at <= clock_timestamp()
           AND (claimed_until IS NULL OR claimed_until <= clock_timestamp())
         ORDER BY next_attempt_at, id
         LIMIT $2 * 20
       ) due
     ), allowed AS (
       SELECT id FROM candidates
       WHERE rank <= COALESCE(($4::jsonb ->> endpoint)::integer, $5::integer)
     ), locked AS (
       SELECT d.id FROM deliveries d JOIN allowed USING (id)
       WHERE d.status IN ('pending', 'held') AND (d.claimed_until IS NULL OR d.claimed_until <= clock_timestamp())
       ORDER BY d.next_attempt_at, d.target_id LIKE 'person:%' DESC, d.id
       LIMIT $2
       FOR UPDATE OF d SKIP LOCKED
     ), claimed AS (
       UPDATE deliveries d
       SET claimed_by = $1, claimed_until = clock_timestamp() + make_interval(secs => $3::double precision / 1000),
           status = 'pending', first_attempt_at = COALESCE(d.first_attempt_at, clock_timestamp()),
           updated_at = clock_timestamp()
       FROM locked WHERE d.id = locked.id
       RETURNING d.id, d.event_id, d.channel, d.unit_id, d.target_id, d.target, d.endpoint, d.attempts, d.first_attempt_at,
                 d.claimed_until
     )
     SELECT claimed.*, o.payload, s.url AS sub_url, s.secret AS sub_secret,
            CASE WHEN s.previous_secret_until > clock_timestamp() THEN s.previous_secret END AS sub_previous_secret,
            s.status = 'active' AS sub_active
     FROM claimed JOIN outbox_events o ON o.id = claimed.event_id
     LEFT JOIN webhook_subscriptions s ON claimed.channel = 'webhook' AND s.id::text = claimed.target_id`,
    [request.claimer, request.limit, request.leaseMs, JSON.stringify(request.freeSlots), request.perEndpoint],
  );
  return rows.map((row) => ({
    id: row.id,
    eventId: row.event_id,
    channel: row.channel,
    unitId: row.unit_id,
    targetId: row.target_id,
    target: row.target,
    endpoint: row.endpoint,
    attempts: row.attempts,
    firstAttemptAt: row.first_attempt_at,
    claimedUntil: row.claimed_until,
    payload: row.payload,
    subscription:
      row.sub_url === null || row.sub_secret === null
        ? null
        : {
            url: row.sub_url,
            secret: row.sub_secret,
            previousSecret: row.sub_previous_secret,
            active: row.sub_active === true,
          },
  }));
}

/** What an attempt gave, as it is recorded. */
export type AttemptRecord =
  | { kind: 'delivered'; lastStatus: string }
  | { kind: 'retry'; lastStatus: string | null; error: string | null; retryAt: Date }
  | { kind: 'failed'; lastStatus: string | null; error: string }
  | { kind: 'cancelled'; lastStatus: string | null; error: string };

/**
 * Records an attempt's outcome and ends the lease; false when `claimer` no longer holds the row
 * (its lease lapsed and another dispatcher took it), in which case the other's outcome stands.
 */
export async function recordAttempt(
  db: Queryable,
  id: string,
  claimer: string,
  record: AttemptRecord,
): Promise<boolean> {
  const status = record.kind === 'retry' ? 'pending' : record.kind;
  const rows: unknown[] = await db.query(
    `WITH recorded AS (
       UPDATE deliveries
       SET status = $3, attempts = attempts + 1, last_status = $4, last_error = $5,
           next_attempt_at = COALESCE($6::timestamptz, next_attempt_at),
           sent_at = CASE WHEN $3 = 'delivered' THEN clock_timestamp() ELSE sent_at END,
           claimed_by = NULL, claimed_until = NULL, updated_at = clock_timestamp()
       WHERE id = $1 AND claimed_by = $2 AND status = 'pending' RETURNING id
     ) SELECT id FROM recorded`,
    [
      id,
      claimer,
      status,
      record.lastStatus,
      record.kind === 'delivered' ? null : record.error,
      record.kind === 'retry' ? record.retryAt.toISOString() : null,
    ],
  );
  return rows.length > 0;
}

/**
 * Gives a claimed delivery back without counting an attempt (its endpoint's circuit refused it):
 * it is claimed again at `retryAt`.
 */
export async function releaseDelivery(db: Queryable, id: string, claimer: string, retryAt: Date): Promise<boolean> {
  const rows: unknown[] = await db.query(
    `WITH released AS (
       UPDATE deliveries SET claimed_by = NULL, claimed_until = NULL, next_attempt_at = $3, updated_at = clock_timestamp()
       WHERE id = $1 AND claimed_by = $2 AND status = 'pending' RETURNING id
     ) SELECT id FROM released`,
    [id, claimer, retryAt.toISOString()],
  );
  return rows.length > 0;
}

/**
 * Turns a subscription off because its receiver answered 410 Gone, and cancels its deliveries
 * still waiting (a claimed one in flight keeps its lease and its outcome is recorded as usual).
 */
export async function disableSubscription(db: Queryable, subscriptionId: string, reason: string): Promise<void> {
  await db.query(
    `UPDATE webhook_subscriptions SET status = 'disabled', disabled_reason = $2, disabled_at = clock_timestamp()
     WHERE id::text = $1 AND status = 'active'`,
    [subscriptionId, reason],
  );
  await db.query(
    `UPDATE deliveries SET status = 'cancelled', last_error = $2, updated_at = clock_timestamp()
     WHERE channel = 'webhook' AND target_id = $1 AND status IN ('pending', 'held') AND claimed_by IS NULL`,
    [subscriptionId, reason],
  );
}

/** What waits: outbox events not yet fanned out, and deliveries by open or failed status. */
export interface DeliveryBacklog {
  outboxPending: number;
  pending: number;
  held: number;
  failed: number;
}

/** The backlog `/health/ready` reports. */
export async function deliveryBacklog(db: Queryable): Promise<DeliveryBacklog> {
  const rows: { outbox: string; pending: string; held: string; failed: string }[] = await db.query(
    `SELECT (SELECT count(*) FROM outbox_events WHERE dispatched_at IS NULL) AS outbox,
            (SELECT count(*) FROM deliveries WHERE status = 'pending') AS pending,
            (SELECT count(*) FROM deliveries WHERE status = 'held') AS held,
            (SELECT count(*) FROM deliveries WHERE status = 'failed') AS failed`,
  );
  const row = rows[0];
  return {
    outboxPending: Number(row?.outbox ?? 0),
    pending: Number(row?.pending ?? 0),
    held: Number(row?.held ?? 0),
    failed: Number(row?.failed ?? 0),
  };
}
