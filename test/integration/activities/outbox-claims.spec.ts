/**
 * The dispatcher's claim on a real PostgreSQL database: claimers running at once never hold the
 * same row, a lapsed lease is claimed again, a dispatched row never is, and a released one
 * waits out its back-off with its attempt counted.
 */
import { randomBytes } from 'node:crypto';
import { EVENT_CATALOGUE_VERSION, eventId, type AnyDondocEvent } from '@dondoc/domain';
import {
  claimOutboxEvents,
  markOutboxEventDispatched,
  releaseOutboxEvent,
  outboxBacklog,
  writeOutboxEvents,
  type ClaimedOutboxEvent,
} from '@dondoc/activities';
import { useTestDatabase } from '../support/database';
import { untilDefined } from '../support/until-defined';

/** `count` ping events no other test wrote. */
function pings(count: number): AnyDondocEvent[] {
  const batch = randomBytes(4).toString('hex');
  return Array.from({ length: count }, (_, index) => ({
    id: eventId('ping', `${batch}:${index}`),
    type: 'ping' as const,
    version: EVENT_CATALOGUE_VERSION,
    occurredAt: new Date(Date.UTC(2026, 11, 1, 8, 0, index)).toISOString(),
    directiveId: null,
    directiveNumber: null,
    directiveSubject: null,
    taskId: null,
    unitId: null,
    dueAt: null,
    link: null,
    data: { message: `ping ${index}` },
  }));
}

const ids = (claimed: ClaimedOutboxEvent[]): string[] => claimed.map((event) => event.id).sort();

describe('claiming the outbox', () => {
  const database = useTestDatabase();

  // Each test starts from an outbox with nothing left to dispatch.
  beforeEach(async () => {
    await database.dataSource.query(
      `UPDATE outbox_events SET dispatched_at = now(), claimed_by = NULL, claimed_until = NULL WHERE dispatched_at IS NULL`,
    );
  });

  it('never gives one row to two claimers, however their claims interleave, and leaves none behind', async () => {
    const events = pings(60);
    await writeOutboxEvents(database.dataSource, events);

    // Two dispatchers, each with several claims in flight at once, until the outbox is empty.
    const claimedBy = new Map<string, string[]>([
      ['dispatcher-a', []],
      ['dispatcher-b', []],
    ]);
    const drain = async (claimer: string): Promise<void> => {
      for (;;) {
        const rounds = await Promise.all(
          [1, 2, 3].map(() => claimOutboxEvents(database.dataSource, { claimer, limit: 4, leaseMs: 60_000 })),
        );
        const claimed = rounds.flat();
        if (claimed.length === 0 && (await outboxBacklog(database.dataSource)).pending === 0) return;
        claimedBy.get(claimer)!.push(...claimed.map((event) => event.id));
        for (const event of claimed)
          expect(await markOutboxEventDispatched(database.dataSource, event.id, claimer)).toBe(true);
      }
    };
    await Promise.all([drain('dispatcher-a'), drain('dispatcher-b')]);

    const all = [...claimedBy.get('dispatcher-a')!, ...claimedBy.get('dispatcher-b')!];
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(events.map((event) => event.id).sort());
    expect(await outboxBacklog(database.dataSource)).toEqual({ pending: 0, oldestAvailableAt: null });
  });

  it('hands out what it leases with the event as written, and not again while the lease holds', async () => {
    const events = pings(3);
    await writeOutboxEvents(database.dataSource, events);

    const first = await claimOutboxEvents(database.dataSource, { claimer: 'a', limit: 2, leaseMs: 60_000 });
    expect(first).toHaveLength(2);
    expect(first[0]!.payload).toEqual(events.find((event) => event.id === first[0]!.id));
    expect(first[0]!.claimedUntil.getTime()).toBeGreaterThan(Date.now() + 50_000);
    const second = await claimOutboxEvents(database.dataSource, { claimer: 'b', limit: 10, leaseMs: 60_000 });
    expect(ids(second)).toEqual(events.map((event) => event.id).filter((id) => !ids(first).includes(id)));
    expect(await claimOutboxEvents(database.dataSource, { claimer: 'c', limit: 10, leaseMs: 60_000 })).toEqual([]);
  });

  it('claims a row again once its lease lapses; the first claimer can then neither mark nor release it', async () => {
    const [event] = pings(1);
    await writeOutboxEvents(database.dataSource, [event!]);
    expect(ids(await claimOutboxEvents(database.dataSource, { claimer: 'dies', limit: 1, leaseMs: 300 }))).toEqual([
      event!.id,
    ]);
    expect(await claimOutboxEvents(database.dataSource, { claimer: 'takes-over', limit: 1, leaseMs: 60_000 })).toEqual(
      [],
    );

    const retaken = await untilDefined(async () => {
      const claimed = await claimOutboxEvents(database.dataSource, {
        claimer: 'takes-over',
        limit: 1,
        leaseMs: 60_000,
      });
      return claimed.length > 0 ? claimed : undefined;
    }, 5_000);
    expect(ids(retaken)).toEqual([event!.id]);
    expect(await markOutboxEventDispatched(database.dataSource, event!.id, 'dies')).toBe(false);
    expect(await releaseOutboxEvent(database.dataSource, event!.id, 'dies', { error: 'late' })).toBe(false);
    expect(await markOutboxEventDispatched(database.dataSource, event!.id, 'takes-over')).toBe(true);
    // Dispatched is final: not claimed again, not marked twice.
    expect(await markOutboxEventDispatched(database.dataSource, event!.id, 'takes-over')).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await claimOutboxEvents(database.dataSource, { claimer: 'later', limit: 10, leaseMs: 60_000 })).toEqual([]);
  });

  it('counts a failed attempt on release and keeps the row back until its retry instant', async () => {
    const [now, later] = pings(2);
    await writeOutboxEvents(database.dataSource, [now!, later!]);
    await claimOutboxEvents(database.dataSource, { claimer: 'a', limit: 2, leaseMs: 60_000 });

    expect(await releaseOutboxEvent(database.dataSource, now!.id, 'a', { error: 'HTTP 503' })).toBe(true);
    expect(
      await releaseOutboxEvent(database.dataSource, later!.id, 'a', {
        error: 'HTTP 500',
        retryAt: new Date(Date.now() + 60 * 60_000),
      }),
    ).toBe(true);

    const again = await claimOutboxEvents(database.dataSource, { claimer: 'b', limit: 10, leaseMs: 60_000 });
    expect(again.map((event) => [event.id, event.attempts])).toEqual([[now!.id, 1]]);
    const [row] = await database.dataSource.query(
      `SELECT attempts, last_error, claimed_by FROM outbox_events WHERE id = $1`,
      [later!.id],
    );
    expect(row).toEqual({ attempts: 1, last_error: 'HTTP 500', claimed_by: null });
    expect((await outboxBacklog(database.dataSource)).pending).toBe(2);
  });

  it('refuses a claim of nothing or for no time', async () => {
    await expect(claimOutboxEvents(database.dataSource, { claimer: 'a', limit: 0, leaseMs: 1_000 })).rejects.toThrow(
      RangeError,
    );
    await expect(claimOutboxEvents(database.dataSource, { claimer: 'a', limit: 1, leaseMs: 0 })).rejects.toThrow(
      RangeError,
    );
  });
});
