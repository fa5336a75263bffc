import 'reflect-metadata';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { InitialSchema1763798400000 } from './migrations/1763798400000-initial-schema';
import { Cascade1763884800000 } from './migrations/1763884800000-cascade';
import { PeriodicReports1763971200000 } from './migrations/1763971200000-periodic-reports';
import { EscalationChain1763971300000 } from './migrations/1763971300000-escalation-chain';
import { Audit1764057600000 } from './migrations/1764057600000-audit';
import { Scope1764144000000 } from './migrations/1764144000000-scope';
import { IdempotencyKeys1764230600000 } from './migrations/1764230600000-idempotency-keys';
import { ListedTasks1764230700000 } from './migrations/1764230700000-listed-tasks';
import { CalendarDays1764230800000 } from './migrations/1764230800000-calendar-days';
import { Statistics1764230900000 } from './migrations/1764230900000-statistics';
import { Outbox1764231050000 } from './migrations/1764231050000-outbox';
import { RateLimitBuckets1764231100000 } from './migrations/1764231100000-rate-limit-buckets';
import { ContactsWebhooks1764231200000 } from './migrations/1764231200000-contacts-webhooks';
import { Deliveries1764231300000 } from './migrations/1764231300000-deliveries';
import { DigestSends1764231400000 } from './migrations/1764231400000-digest-sends';
import { People1764231500000 } from './migrations/1764231500000-people';
import { Attachments1764231600000 } from './migrations/1764231600000-attachments';
import { PeopleMutedTopics1764231800000 } from './migrations/1764231800000-people-muted-topics';
import { UnitAncestry1764232000000 } from './migrations/1764232000000-unit-ancestry';
import { AuditChainHead1765000000000 } from './migrations/1765000000000-audit-chain-head';

/** Every migration, oldest first. Explicit so the compiled app needs no file globbing. */
export const MIGRATIONS = [
  InitialSchema1763798400000,
  Cascade1763884800000,
  PeriodicReports1763971200000,
  EscalationChain1763971300000,
  Audit1764057600000,
  Scope1764144000000,
  IdempotencyKeys1764230600000,
  ListedTasks1764230700000,
  CalendarDays1764230800000,
  Statistics1764230900000,
  Outbox1764231050000,
  RateLimitBuckets1764231100000,
  ContactsWebhooks1764231200000,
  Deliveries1764231300000,
  DigestSends1764231400000,
  People1764231500000,
  Attachments1764231600000,
  PeopleMutedTopics1764231800000,
  UnitAncestry1764232000000,
  AuditChainHead1765000000000,
];

/** TypeORM options for Dondoc's database: explicit migrations, never `synchronize`. */
export function dataSourceOptions(url: string, overrides: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'dondoc_migrations',
    synchronize: false,
    logging: ['error'],
    extra: { max: 10 },
    ...overrides,
  } as DataSourceOptions;
}

/** A data source that is not yet connected. */
export function createDataSource(url: string, overrides: Partial<DataSourceOptions> = {}): DataSource {
  return new DataSource(dataSourceOptions(url, overrides));
}
