import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { tracing } from './tracing';

/**
 * Exports the spans still batched when the API shuts down, after the other modules' hooks (the
 * last requests, the Temporal client), so a request's spans are not lost with the process.
 */
@Module({})
export class TracingModule implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await tracing?.shutdown();
  }
}
