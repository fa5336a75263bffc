import { Client, Connection, type ClientInterceptors } from '@temporalio/client';
import type { TemporalSettings } from '@dondoc/config';

/**
 * A connected Temporal client; close it with {@link closeTemporalClient}. `interceptors`: a
 * traced process's (libs/tracing), so its calls carry the trace to the workflows.
 */
export async function createTemporalClient(
  settings: TemporalSettings,
  interceptors?: ClientInterceptors,
): Promise<Client> {
  const connection = await Connection.connect({ address: settings.address });
  return new Client({
    connection,
    namespace: settings.namespace,
    ...(interceptors === undefined ? {} : { interceptors }),
  });
}

/** Closes the client's connection. */
export async function closeTemporalClient(client: Client): Promise<void> {
  await client.connection.close();
}
