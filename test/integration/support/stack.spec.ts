/**
 * The harness tests itself, so a broken stack shows up here with a plain message rather than as
 * a confusing failure inside every product spec: it starts, answers health, survives a worker
 * being killed and replaced, and leaves nothing behind when stopped.
 */
import { Client } from 'pg';
import { freePort, pollUntil, startStack } from './stack';
import { useStack } from './use-stack';

describe('integration stack harness', () => {
  const stack = useStack();

  it('serves health from the private API once started', async () => {
    const response = await stack.http.get<{ status: string }>('/health');
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ok');
  });

  it('replaces a killed worker with a new one that polls the same queue', async () => {
    expect(stack.runningWorkers()).toBe(1);
    await stack.killWorker();
    expect(stack.runningWorkers()).toBe(0);
    await stack.startWorker();
    expect(stack.runningWorkers()).toBe(1);
  });

  it('drops its database when stopped, and stopping twice is harmless', async () => {
    const second = await startStack({ name: 'harness-drop', workerCount: 0 });
    const databaseName = new URL(second.databaseUrl).pathname.slice(1);
    await second.stop();
    await second.stop();
    const exists = await databaseExists(stack.databaseUrl, databaseName);
    expect(exists).toBe(false);
  });
});

describe('pollUntil', () => {
  it('returns the first value the predicate accepts', async () => {
    let calls = 0;
    const value = await pollUntil(
      () => Promise.resolve(++calls),
      (n) => n >= 3,
      { timeoutMs: 2_000, intervalMs: 1, description: 'the third call' },
    );
    expect(value).toBe(3);
  });

  it('fails with the description and the last value when the deadline passes', async () => {
    await expect(
      pollUntil(
        () => Promise.resolve({ state: 'open' }),
        () => false,
        { timeoutMs: 50, intervalMs: 10, description: 'the task to close' },
      ),
    ).rejects.toThrow(/waiting for the task to close; last value: \{"state":"open"\}/);
  });
});

describe('freePort', () => {
  it('returns a port number in the unprivileged range', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(1023);
    expect(port).toBeLessThan(65536);
  });
});

async function databaseExists(anyDatabaseUrl: string, name: string): Promise<boolean> {
  const client = new Client({ connectionString: anyDatabaseUrl });
  await client.connect();
  try {
    const result = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return result.rowCount === 1;
  } finally {
    await client.end();
  }
}
