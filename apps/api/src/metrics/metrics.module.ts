import { Global, Module } from '@nestjs/common';
import { ApiMetrics } from './api-metrics';
import { BusinessGauges, snapshotReaderProvider } from './business-gauges';
import { MetricsController } from './metrics.controller';

/**
 * The API's Prometheus series and `/metrics`. Global, so the Temporal gateway can time its
 * Updates and configure.ts can install the HTTP timer without importing this module.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [ApiMetrics, snapshotReaderProvider, BusinessGauges],
  exports: [ApiMetrics],
})
export class MetricsModule {}
