import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { Public } from '../http/access.guard';
import { ApiMetrics } from './api-metrics';

/**
 * `/metrics` for Prometheus, in its text format. Open like health (a scraper carries no token)
 * and never rate-limited, so a scrape every few seconds cannot push a client over its limit;
 * it shows counts and latencies, nothing about a single task or person.
 */
@ApiTags('metrics')
@Public()
@SkipThrottle()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: ApiMetrics) {}

  @Get()
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'Prometheus text exposition: HTTP and Update latencies, business gauges, process metrics',
    schema: { type: 'string' },
  })
  async scrape(@Res() response: Response): Promise<void> {
    const text = await this.metrics.registry.metrics();
    response.status(200).type(this.metrics.registry.contentType).send(text);
  }
}
