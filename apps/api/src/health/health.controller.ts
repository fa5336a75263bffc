import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import type { Response } from 'express';
import { Public } from '../http/access.guard';
import { ReadinessIndicators } from './readiness.indicators';

/** How long a balancer should wait before asking a process that is not ready again. */
const RETRY_AFTER_SECONDS = '5';

const UP_DOWN = { type: 'string', enum: ['up', 'down'] };
const SUMMARY_SCHEMA = {
  type: 'object',
  required: ['status', 'postgres', 'temporal'],
  properties: { status: { type: 'string', enum: ['ok', 'unavailable'] }, postgres: UP_DOWN, temporal: UP_DOWN },
};
// Terminus's own words: an indicator may also be `degraded`, the whole `shutting_down` while the process stops.
const INDICATORS_SCHEMA = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    required: ['status'],
    properties: {
      status: { type: 'string', enum: ['up', 'down', 'degraded'] },
      message: { type: 'string', description: 'Why a check is down' },
      responseTime: { type: 'number', description: 'Milliseconds the check took' },
    },
    // An indicator may add particulars of its own.
    additionalProperties: true,
  },
};
const TERMINUS_SCHEMA = {
  type: 'object',
  required: ['status', 'details'],
  properties: {
    status: { type: 'string', enum: ['ok', 'error', 'degraded', 'shutting_down'] },
    info: INDICATORS_SCHEMA,
    error: INDICATORS_SCHEMA,
    details: INDICATORS_SCHEMA,
  },
};

/**
 * Health for balancers and orchestrators, by @nestjs/terminus: `/health/live` says the process
 * answers (restart it if not), `/health/ready` that PostgreSQL and Temporal answer, every
 * migration is applied and a worker polls the task queue (send it traffic only then), in
 * terminus's usual body. `/health` is the
 * readiness check in the short body it always had. Open to anyone, never rate-limited.
 */
@ApiTags('health')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: ReadinessIndicators,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'PostgreSQL and Temporal both answer', schema: SUMMARY_SCHEMA })
  @ApiServiceUnavailableResponse({ description: 'PostgreSQL or Temporal does not answer', schema: SUMMARY_SCHEMA })
  async check(@Res() response: Response): Promise<void> {
    const result = await this.readiness();
    const upOrDown = (key: string): 'up' | 'down' => (result.details[key]?.status === 'up' ? 'up' : 'down');
    const ok = result.status === 'ok';
    answer(response, ok, {
      status: ok ? 'ok' : 'unavailable',
      postgres: upOrDown('postgres'),
      temporal: upOrDown('temporal'),
    });
  }

  @Get('live')
  @ApiOkResponse({ description: 'The process answers; it depends on nothing else', schema: TERMINUS_SCHEMA })
  async live(@Res() response: Response): Promise<void> {
    answer(response, true, await this.health.check([]));
  }

  @Get('ready')
  @ApiOkResponse({
    description: 'PostgreSQL and Temporal answer, every migration is applied and a worker polls the task queue',
    schema: TERMINUS_SCHEMA,
  })
  @ApiServiceUnavailableResponse({
    description: 'PostgreSQL or Temporal does not answer, a migration is missing, or no worker polls the task queue',
    schema: TERMINUS_SCHEMA,
  })
  async ready(@Res() response: Response): Promise<void> {
    const result = await this.readiness(this.indicators.ready());
    answer(response, result.status === 'ok', result);
  }

  /** Terminus answers a failed check by throwing; here it is the result either way. */
  private async readiness(checks = this.indicators.all()): Promise<HealthCheckResult> {
    try {
      return await this.health.check(checks);
    } catch (error) {
      const body = (error as { getResponse?: () => unknown }).getResponse?.();
      if (isHealthCheckResult(body)) return body;
      throw error;
    }
  }
}

function answer(response: Response, ok: boolean, body: unknown): void {
  if (!ok) response.setHeader('Retry-After', RETRY_AFTER_SECONDS);
  response.status(ok ? 200 : 503).json(body);
}

function isHealthCheckResult(value: unknown): value is HealthCheckResult {
  return typeof value === 'object' && value !== null && 'status' in value && 'details' in value;
}
