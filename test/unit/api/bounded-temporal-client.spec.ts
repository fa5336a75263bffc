/**
 * The API's Temporal calls are bounded in time. Against a server that accepts the connection
 * and never answers (a stalled Temporal) a workflow start fails within the call budget instead
 * of waiting for ever, and against a port nobody listens on it fails after a few quick attempts
 * instead of the SDK's default ~18 s of retries. Real sockets, no mock of the client.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { boundedConnectionOptions } from '../../../apps/api/src/temporal/bounded-client';
import { freePort } from '../../integration/support/stack';

const CALL_TIMEOUT_MS = 1_000;

let stalled: Server;
const sockets = new Set<Socket>();

beforeAll(async () => {
  stalled = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', () => resolve()));
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => stalled.close(() => resolve()));
});

async function timeToFail(address: string): Promise<{ ms: number; error: unknown }> {
  const connection = Connection.lazy(
    boundedConnectionOptions({
      temporal: { address, namespace: 'default', taskQueue: 'q' },
      temporalCallTimeoutMs: CALL_TIMEOUT_MS,
    }),
  );
  const client = new Client({ connection, namespace: 'default' });
  const started = Date.now();
  try {
    await client.workflow.start('directiveWorkflow', { taskQueue: 'q', workflowId: 'directive/x', args: [] });
    return { ms: Date.now() - started, error: undefined };
  } catch (error) {
    return { ms: Date.now() - started, error };
  } finally {
    await connection.close();
  }
}

describe('the API’s Temporal client', () => {
  it('gives up on a stalled server within the call budget', async () => {
    const address = stalled.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const { ms, error } = await timeToFail(`127.0.0.1:${address.port}`);
    expect(error).toBeInstanceOf(Error);
    expect(ms).toBeGreaterThanOrEqual(CALL_TIMEOUT_MS - 50);
    expect(ms).toBeLessThan(CALL_TIMEOUT_MS + 3_000);
  });

  it('gives up on an unreachable server after a few quick attempts', async () => {
    const { ms, error } = await timeToFail(`127.0.0.1:${await freePort()}`);
    expect(error).toBeInstanceOf(Error);
    expect(ms).toBeLessThan(CALL_TIMEOUT_MS + 2_000);
  });
});
