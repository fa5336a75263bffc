import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from '@dondoc/persistence';
import { CascadeModule } from './cascade/cascade.module';
import { DirectivesModule } from './directives/directives.module';
import { EscalationsModule } from './escalations/escalations.module';
import { HealthModule } from './health/health.controller';
import { IntakeModule } from './intake/intake.controller';
import { AuditModule } from './audit/audit.controller';
import { NotificationsModule } from './notifications/notifications.controller';
import { API_SETTINGS, type ApiSettings } from './settings';
import { ScopeModule } from './scope/scope.service';
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

/** The composition root of the API: settings, PostgreSQL (migrations run at start), Temporal, features. */
@Module({})
export class AppModule {
  static with(settings: ApiSettings): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SettingsModule.with(settings),
        TypeOrmModule.forRoot({ ...dataSourceOptions(settings.database.url), migrationsRun: true }),
        TemporalModule,
        ScopeModule,
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
