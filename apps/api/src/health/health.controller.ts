import { Controller, Get, Inject, Module, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Client } from '@temporalio/client';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { TEMPORAL_CLIENT } from '../temporal/tokens';
import { Public } from '../http/access.guard';

/** Answers 200 only when PostgreSQL and Temporal both answer. */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  @Get()
  async check(@Res() response: Response): Promise<void> {
    const [postgres, temporal] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(() => this.temporal.withDeadline(Date.now() + 2_000, () => this.temporal.workflowService.getSystemInfo({}))),
    ]);
    const ok = postgres === 'up' && temporal === 'up';
    if (!ok) response.setHeader('Retry-After', '5');
    response.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', postgres, temporal });
  }
}

async function probe(fn: () => Promise<unknown>): Promise<'up' | 'down'> {
  try {
    await fn();
    return 'up';
  } catch {
    return 'down';
  }
}

@Module({ controllers: [HealthController] })
export class HealthModule {}
