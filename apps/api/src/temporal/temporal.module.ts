import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { closeTemporalClient } from '@dondoc/temporal';
import { API_SETTINGS, type ApiSettings } from '../settings';
import { createBoundedTemporalClient } from './bounded-client';
import { TEMPORAL_CLIENT } from './tokens';
import { WorkflowGateway } from './workflow.gateway';

/** The Temporal client, connected at start-up (calls bounded in time) and closed on shutdown. */
@Global()
@Module({
  providers: [
    {
      provide: TEMPORAL_CLIENT,
      inject: [API_SETTINGS],
      useFactory: (settings: ApiSettings) => createBoundedTemporalClient(settings),
    },
    WorkflowGateway,
  ],
  exports: [TEMPORAL_CLIENT, WorkflowGateway],
})
export class TemporalModule implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}

  async onApplicationShutdown(): Promise<void> {
    await closeTemporalClient(this.client);
  }
}
