import { Client, Connection } from '@temporalio/client';
import type { TemporalSettings } from '@dondoc/config';

/** A connected Temporal client; close it with {@link closeTemporalClient}. */
export async function createTemporalClient(settings: TemporalSettings): Promise<Client> {
  const connection = await Connection.connect({ address: settings.address });
  return new Client({ connection, namespace: settings.namespace });
}

/** Closes the client's connection. */
export async function closeTemporalClient(client: Client): Promise<void> {
  await client.connection.close();
}
