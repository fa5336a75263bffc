import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import type { Logger as Pino } from 'pino';
import type { DataSource } from 'typeorm';
import { dataSourceOptions } from '@dondoc/persistence';
import { CalendarModule } from './calendar/calendar.module';
import { CascadeModule } from './cascade/cascade.module';
import { DirectivesModule } from './directives/directives.module';
import { EscalationsModule } from './escalations/escalations.module';
import { HealthModule } from './health/health.module';
import { apiLoggerModule } from './http/logging';
import { MemoryThrottlerStorage } from './http/rate-limit/memory-throttler.storage';
import { PostgresThrottlerStorage } from './http/rate-limit/postgres-throttler.storage';
import { RateLimitModule } from './http/rate-limit/rate-limit.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { IntakeModule } from './intake/intake.module';
import { AuditModule } from './audit/audit.module';
import { NotificationsModule } from './notifications/notifications.module';
import { API_SETTINGS, type ApiSettings } from './settings';
import { ScopeModule } from './scope/scope.module';
import { StatisticsModule } from './statistics/statistics.module';
import { TasksModule } from './tasks/tasks.module';
import { TemporalModule } from './temporal/temporal.module';
import { UnitsModule } from './units/units.module';
import { ContactsModule } from './contacts/contacts.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { EventsModule } from './events/events.module';
import { DeliveriesModule } from './deliveries/deliveries.module';
import { PeopleModule } from './people/people.module';
import { CommentsModule } from './comments/comments.module';
import { AttachmentsModule } from './attachments/attachments.module';
import { ConsoleModule } from './console/console.module';
import { DevSignInModule } from './dev-sign-in/dev-sign-in.module';
import { MetricsModule } from './metrics/metrics.module';
import { TracingModule } from './tracing/tracing.module';

/** Provides the validated settings to every module. */
@Module({})
class SettingsModule {
  static with(settings: ApiSettings): DynamicModule {
    return {
      module: SettingsModule,
      global: true,
      providers: [{ provide: API_SETTINGS, useValue: settings }],
      exports: [API_SETTINGS],
    };
  }
}

/**
 * Pool options that keep a request from hanging on PostgreSQL: a bounded wait for a connection,
 * a server-side statement time-out, and a client-side one a little longer for a server that
 * stopped answering altogether. Each ends in an error the filter answers with 503.
 */
function boundedPool(settings: ApiSettings): Record<string, unknown> {
  const { connectTimeoutMs, statementTimeoutMs } = settings.database;
  return {
    max: 10,
    connectionTimeoutMillis: connectTimeoutMs,
    statement_timeout: statementTimeoutMs,
    query_timeout: statementTimeoutMs + 5_000,
  };
}

/** The rate limit counted in this process, or in PostgreSQL so replicas share it (DONDOC_RATE_LIMIT_STORE). */
function rateLimit(settings: ApiSettings): DynamicModule {
  const { rateLimitPerMinute: perMinute, rateLimitStore } = settings.http;
  if (rateLimitStore === 'memory')
    return RateLimitModule.forRoot({ perMinute, storage: () => new MemoryThrottlerStorage() });
  return RateLimitModule.forRoot({
    perMinute,
    inject: [getDataSourceToken()],
    storage: (dataSource: DataSource) => new PostgresThrottlerStorage(dataSource),
  });
}

/**
 * The composition root of the API: settings, the logger (nestjs-pino over the process's pino
 * logger, so services may inject PinoLogger), PostgreSQL (migrations run at start), the rate
 * limit, Temporal, features.
 */
@Module({})
export class AppModule {
  static with(settings: ApiSettings, logger: Pino): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SettingsModule.with(settings),
        apiLoggerModule(logger),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(settings.database.url, { extra: boundedPool(settings) }),
          migrationsRun: true,
        }),
        rateLimit(settings),
        TemporalModule,
        IdempotencyModule,
        ScopeModule,
        CalendarModule,
        // Before UnitsModule: its `GET /units/*id` would take `/units/<id>/contacts` for a unit id.
        ContactsModule,
        UnitsModule,
        DirectivesModule,
        TasksModule,
        EscalationsModule,
        NotificationsModule,
        AuditModule,
        HealthModule,
        IntakeModule,
        CascadeModule,
        StatisticsModule,
        WebhooksModule,
        EventsModule,
        DeliveriesModule,
        PeopleModule,
        CommentsModule,
        AttachmentsModule,
        ConsoleModule,
        // Development only: absent from every other mode, so its paths answer 404 there.
        ...(settings.console.devSignIn ? [DevSignInModule] : []),
        MetricsModule,
        TracingModule,
      ],
    };
  }
}
