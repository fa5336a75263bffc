/**
 * The API's Prometheus series in a small Nest app (no database, no Temporal): requests by route
 * template and status, Update latency by action, and the business gauges read once per TTL.
 */
import 'reflect-metadata';
import { Controller, Get, Module, NotFoundException, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { ApiMetrics } from '../../../apps/api/src/metrics/api-metrics';
import {
  BusinessGauges,
  SNAPSHOT_READER,
  SNAPSHOT_TTL_MS,
  type BusinessSnapshot,
} from '../../../apps/api/src/metrics/business-gauges';
import { UNMATCHED_ROUTE, recordHttpMetrics } from '../../../apps/api/src/metrics/http-metrics.middleware';
import { MetricsController } from '../../../apps/api/src/metrics/metrics.controller';

@Controller('items')
class ItemsController {
  @Get(':id')
  item(@Param('id') id: string): { id: string } {
    if (id === 'missing') throw new NotFoundException();
    return { id };
  }
}

function snapshot(openTasks: number): BusinessSnapshot {
  return {
    openTasks,
    overdueTasks: 2,
    openEscalationsByLevel: new Map([
      [1, 3],
      [2, 1],
    ]),
    outboxBacklog: 7,
  };
}

/** A snapshot reader whose answers the test decides, counting how often it is asked. */
class FakeReader {
  calls = 0;
  next: () => Promise<BusinessSnapshot> = () => Promise.resolve(snapshot(5));
  read = (): Promise<BusinessSnapshot> => {
    this.calls += 1;
    return this.next();
  };
}

describe('API metrics', () => {
  let app: NestExpressApplication;
  const reader = new FakeReader();

  beforeAll(async () => {
    @Module({
      controllers: [ItemsController, MetricsController],
      providers: [ApiMetrics, { provide: SNAPSHOT_READER, useValue: reader.read }, BusinessGauges],
    })
    class TestModule {}
    app = await NestFactory.create<NestExpressApplication>(TestModule, { logger: false });
    app.use(recordHttpMetrics(app.get(ApiMetrics)));
    app.setGlobalPrefix('api/v1');
    await app.init();
  });

  afterAll(async () => {
    await app.close();
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  const scrape = async (): Promise<string> => {
    const response = await request(app.getHttpServer()).get('/api/v1/metrics').expect(200);
    expect(response.headers['content-type']).toContain('text/plain');
    return response.text;
  };

  it('counts requests by route template and status, never by raw path', async () => {
    await request(app.getHttpServer()).get('/api/v1/items/42').expect(200);
    await request(app.getHttpServer()).get('/api/v1/items/43').expect(200);
    await request(app.getHttpServer()).get('/api/v1/items/missing').expect(404);
    await request(app.getHttpServer()).get('/api/v1/nowhere/1').expect(404);
    const text = await scrape();
    expect(text).toContain(
      'dondoc_http_request_duration_seconds_count{method="GET",route="/api/v1/items/:id",status="200"} 2',
    );
    expect(text).toContain(
      'dondoc_http_request_duration_seconds_count{method="GET",route="/api/v1/items/:id",status="404"} 1',
    );
    expect(text).toContain(
      `dondoc_http_request_duration_seconds_count{method="GET",route="${UNMATCHED_ROUTE}",status="404"} 1`,
    );
    expect(text).not.toContain('/items/42');
  });

  it('times Updates by action and outcome, passing results and errors through', async () => {
    const metrics = app.get(ApiMetrics);
    await expect(metrics.timeUpdate('acknowledge', () => Promise.resolve('done'))).resolves.toBe('done');
    await expect(metrics.timeUpdate('submit', () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    const text = await scrape();
    expect(text).toContain('dondoc_update_duration_seconds_count{action="acknowledge",outcome="ok"} 1');
    expect(text).toContain('dondoc_update_duration_seconds_count{action="submit",outcome="error"} 1');
  });

  it('reads the business gauges once per scrape window, keeping the last values when a read fails', async () => {
    const start = Date.now() + 10 * SNAPSHOT_TTL_MS; // later than any read the other tests caused
    const now = jest.spyOn(Date, 'now').mockReturnValue(start);
    reader.calls = 0;
    reader.next = () => Promise.resolve(snapshot(5));

    const first = await scrape();
    expect(first).toContain('dondoc_open_tasks 5');
    expect(first).toContain('dondoc_overdue_tasks 2');
    expect(first).toContain('dondoc_open_escalations{level="1"} 3');
    expect(first).toContain('dondoc_open_escalations{level="2"} 1');
    expect(first).toContain('dondoc_outbox_backlog 7');
    await scrape();
    expect(reader.calls).toBe(1);

    now.mockReturnValue(start + SNAPSHOT_TTL_MS);
    reader.next = () => Promise.reject(new Error('PostgreSQL is down'));
    const failed = await scrape();
    expect(reader.calls).toBe(2);
    expect(failed).toContain('dondoc_open_tasks 5');
    expect(failed).toContain('dondoc_business_gauges_read_errors_total 1');

    reader.next = () => Promise.resolve(snapshot(9));
    expect(await scrape()).toContain('dondoc_open_tasks 9');
    expect(reader.calls).toBe(3);
  });
});
