import { Inject, Injectable } from '@nestjs/common';
import {
  HealthIndicatorService,
  TypeOrmHealthIndicator,
  type HealthIndicatorFunction,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { deliveryBacklog } from '@dondoc/activities';
import { API_SETTINGS, type ApiSettings } from '../settings';
import { TEMPORAL_CLIENT } from '../temporal/tokens';
import { describePollers } from './worker-pollers';

/** Longest one dependency may take to answer before it counts as down. */
const PROBE_TIMEOUT_MS = 2_000;

/**
 * What the API needs before it can serve: PostgreSQL, Temporal, and the schema it was built for;
 * beside them, the outbox backlog (events not yet fanned out; deliveries pending, held, failed).
 */
@Injectable()
export class ReadinessIndicators {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly typeOrm: TypeOrmHealthIndicator,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  /**
   * {@link all}, and a worker polls Dondoc's task queue for both workflow and activity tasks:
   * without one the API accepts changes that no workflow carries out. `/health/ready` only, so
   * `/health` keeps answering for the API and its own dependencies alone.
   */
  ready(): HealthIndicatorFunction[] {
    const { namespace, taskQueue } = this.settings.temporal;
    return [
      ...this.all(),
      async () => {
        const indicator = this.indicators.check('worker');
        try {
          const pollers = await this.temporal.withDeadline(Date.now() + PROBE_TIMEOUT_MS, () =>
            describePollers(this.temporal.workflowService, namespace, taskQueue, Date.now()),
          );
          const details = { taskQueue, workflowPollers: pollers.workflow, activityPollers: pollers.activity };
          return pollers.workflow > 0 && pollers.activity > 0 ? indicator.up(details) : indicator.down(details);
        } catch (error) {
          return indicator.down({ message: error instanceof Error ? error.message : String(error) });
        }
      },
    ];
  }

  /** The checks, each answering `up` or `down` within {@link PROBE_TIMEOUT_MS}. */
  all(): HealthIndicatorFunction[] {
    return [
      () => this.typeOrm.pingCheck('postgres', { connection: this.dataSource, timeout: PROBE_TIMEOUT_MS }),
      () =>
        this.indicators
          .check('temporal')
          .attempt(async () => {
            await this.temporal.withDeadline(Date.now() + PROBE_TIMEOUT_MS, () =>
              this.temporal.workflowService.getSystemInfo({}),
            );
          })
          .withTimeout(PROBE_TIMEOUT_MS),
      () =>
        this.indicators
          .check('migrations')
          .attempt(async () => {
            // TypeORM's name for "some migration of this build is not applied yet".
            if (await this.dataSource.showMigrations()) throw new Error('a migration is not applied');
          })
          .withTimeout(PROBE_TIMEOUT_MS),
      // The notices waiting to leave: told, never a reason to stop traffic (a dead receiver is not our outage).
      () => this.outboxBacklog(),
    ];
  }

  private async outboxBacklog(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('outbox');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no answer')), PROBE_TIMEOUT_MS);
    });
    try {
      // Bounded like the other checks, so a database that hangs never slows the answer down.
      return indicator.up({ ...(await Promise.race([deliveryBacklog(this.dataSource), late])) });
    } catch {
      // The database's own check says why; the backlog is only information.
      return indicator.up({ unknown: true });
    } finally {
      clearTimeout(timer);
    }
  }
}
