import { Inject, Injectable } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Counter, Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';
import { OPEN_STATUSES, overdueSql } from '@dondoc/domain';
import { ApiMetrics } from './api-metrics';

/** What the business gauges show, read in one go. */
export interface BusinessSnapshot {
  openTasks: number;
  overdueTasks: number;
  /** Open escalations by the level that holds them (1 = the coordinating body of the issuing level). */
  openEscalationsByLevel: Map<number, number>;
  /** Events written to the outbox and not dispatched yet. */
  outboxBacklog: number;
}

/** Reads a {@link BusinessSnapshot}; the database in the app, a fake in tests. */
export type SnapshotReader = () => Promise<BusinessSnapshot>;

/** Token of the {@link SnapshotReader} the gauges use. */
export const SNAPSHOT_READER = Symbol('SNAPSHOT_READER');

/** A scrape every few seconds from several Prometheus servers must not become several queries each. */
export const SNAPSHOT_TTL_MS = 15_000;

const OPEN = OPEN_STATUSES.map((status) => `'${status}'`).join(', ');

/**
 * One statement: the open tasks through the status index (the overdue ones are among them), open
 * escalations by level, and the outbox rows not dispatched yet.
 */
const SNAPSHOT_SQL = `
  SELECT 'tasks' AS kind, NULL::int AS level,
         count(*)::int AS total, (count(*) FILTER (WHERE ${overdueSql('t')}))::int AS overdue
    FROM tasks t WHERE t.status IN (${OPEN})
  UNION ALL
  SELECT 'escalations', e.level, count(*)::int, 0 FROM escalations e WHERE e.status = 'open' GROUP BY e.level
  UNION ALL
  SELECT 'outbox', NULL, count(*)::int, 0 FROM outbox_events o WHERE o.dispatched_at IS NULL`;

interface SnapshotRow {
  kind: 'tasks' | 'escalations' | 'outbox';
  level: number | null;
  total: number;
  overdue: number;
}

/** Reads the snapshot from PostgreSQL. */
export async function readSnapshot(dataSource: DataSource): Promise<BusinessSnapshot> {
  const rows: SnapshotRow[] = await dataSource.query(SNAPSHOT_SQL);
  const snapshot: BusinessSnapshot = {
    openTasks: 0,
    overdueTasks: 0,
    openEscalationsByLevel: new Map(),
    outboxBacklog: 0,
  };
  for (const row of rows) {
    if (row.kind === 'tasks') {
      snapshot.openTasks = row.total;
      snapshot.overdueTasks = row.overdue;
    } else if (row.kind === 'outbox') snapshot.outboxBacklog = row.total;
    else if (row.level !== null) snapshot.openEscalationsByLevel.set(row.level, row.total);
  }
  return snapshot;
}

/**
 * Open tasks, overdue tasks, open escalations by level and the outbox backlog, computed when
 * Prometheus scrapes (never on a timer of our own) and cached for {@link SNAPSHOT_TTL_MS}: the
 * four gauges of one scrape share one read. A failed read keeps the last values and is counted.
 */
@Injectable()
export class BusinessGauges {
  private cached: { at: number; snapshot: Promise<BusinessSnapshot | undefined> } | undefined;
  private last: BusinessSnapshot | undefined;
  private readonly readErrors: Counter;

  constructor(
    metrics: ApiMetrics,
    @Inject(SNAPSHOT_READER) private readonly read: SnapshotReader,
  ) {
    const registers = [metrics.registry];
    // prom-client calls collect() with the metric as `this`; the arrow keeps hold of the gauges.
    const current = (): Promise<BusinessSnapshot | undefined> => this.snapshot();
    this.readErrors = new Counter({
      name: 'dondoc_business_gauges_read_errors_total',
      help: 'Scrapes whose business gauges could not be read from PostgreSQL (the last values were kept)',
      registers,
      // Waits for this scrape's read, so a failure shows in the scrape it happened in.
      async collect() {
        await current();
      },
    });
    new Gauge({
      name: 'dondoc_open_tasks',
      help: 'Unit tasks not yet closed (assigned, acknowledged, in progress or submitted)',
      registers,
      async collect() {
        const snapshot = await current();
        if (snapshot) this.set(snapshot.openTasks);
      },
    });
    new Gauge({
      name: 'dondoc_overdue_tasks',
      help: 'Unit tasks whose unit still owes the work after the deadline in force',
      registers,
      async collect() {
        const snapshot = await current();
        if (snapshot) this.set(snapshot.overdueTasks);
      },
    });
    new Gauge({
      name: 'dondoc_open_escalations',
      help: 'Escalations not yet resolved, by the level that holds them',
      labelNames: ['level'] as const,
      registers,
      async collect() {
        const snapshot = await current();
        if (!snapshot) return;
        this.reset();
        for (const [level, count] of snapshot.openEscalationsByLevel) this.set({ level: String(level) }, count);
      },
    });
    new Gauge({
      name: 'dondoc_outbox_backlog',
      help: 'Events in the outbox not dispatched yet',
      registers,
      async collect() {
        const snapshot = await current();
        if (snapshot) this.set(snapshot.outboxBacklog);
      },
    });
  }

  /** The cached snapshot, read again once it is older than the TTL; the last good one if a read fails. */
  snapshot(): Promise<BusinessSnapshot | undefined> {
    const now = Date.now();
    if (this.cached === undefined || now - this.cached.at >= SNAPSHOT_TTL_MS) {
      this.cached = { at: now, snapshot: this.refresh() };
    }
    return this.cached.snapshot;
  }

  /** One read shared by every gauge of a scrape; a failure is counted once and retried at the next scrape. */
  private refresh(): Promise<BusinessSnapshot | undefined> {
    return this.read().then(
      (snapshot) => {
        this.last = snapshot;
        return snapshot;
      },
      () => {
        this.readErrors.inc();
        this.cached = undefined;
        return this.last;
      },
    );
  }
}

/** The database reader for the app module. */
export const snapshotReaderProvider = {
  provide: SNAPSHOT_READER,
  inject: [getDataSourceToken()],
  useFactory:
    (dataSource: DataSource): SnapshotReader =>
    () =>
      readSnapshot(dataSource),
};
