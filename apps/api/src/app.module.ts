import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from '@dondoc/persistence';
import { CalendarModule } from './calendar/calendar.module';
import { CascadeModule } from './cascade/cascade.module';
import { DirectivesModule } from './directives/directives.module';
import { EscalationsModule } from './escalations/escalations.module';
import { HealthModule } from './health/health.controller';
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

/** Provides the validated settings to every module. */
@Module({})
class SettingsModule {
  static with(settings: ApiSettings): DynamicModule {
    return { module: SettingsModule, global: true, providers: [{ provide: API_SETTINGS, useValue: settings }], exports: [API_SETTINGS] };
  }
}

/**
 * Pool options that keep a request from hanging on PostgreSQL: a bounded wait for a connection,
 * a server-side statement time-out, and a client-side one a little longer for a server that
 * stopped answering altogether. Each ends in an error the filter answers with 503.
 */
function boundedPool(settings: ApiSettings): Record<string, unknown> {
  const { connectTimeoutMs, statementTimeoutMs } = settings.database;
  return { max: 10, connectionTimeoutMillis: connectTimeoutMs, statement_timeout: statementTimeoutMs, query_timeout: statementTimeoutMs + 5_000 };
}

/** The composition root of the API: settings, PostgreSQL (migrations run at start), Temporal, features. */
@Module({})
export class AppModule {
  static with(settings: ApiSettings): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SettingsModule.with(settings),
        TypeOrmModule.forRoot({ ...dataSourceOptions(settings.database.url, { extra: boundedPool(settings) }), migrationsRun: true }),
        TemporalModule,
        IdempotencyModule,
        ScopeModule,
        CalendarModule,
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
      ],
    };
  }
}
