import { GatheredReads } from '../../../apps/api/src/cascade/gathered-reads';

/** A load the test finishes by hand, counting how often it started. */
function controlledLoads(): {
  load: () => Promise<number>;
  finish: (value: number) => void;
  fail: (error: Error) => void;
  started: () => number;
} {
  const pending: { resolve: (v: number) => void; reject: (e: Error) => void }[] = [];
  return {
    load: () => new Promise<number>((resolve, reject) => pending.push({ resolve, reject })),
    finish: (value) => pending.shift()?.resolve(value),
    fail: (error) => pending.shift()?.reject(error),
    started: () => pending.length,
  };
}

/** Lets queued promise callbacks run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('gathered reads of one tree', () => {
  it('starts a lone request at once', async () => {
    const reads = new GatheredReads<number>();
    const loads = controlledLoads();

    const answer = reads.read('root', loads.load);
    expect(loads.started()).toBe(1);
    loads.finish(7);

    await expect(answer).resolves.toBe(7);
  });

  it('never hands a request the load that was already running when it arrived', async () => {
    const reads = new GatheredReads<number>();
    const loads = controlledLoads();
    const first = reads.read('root', loads.load);

    // These arrive while the first load runs: its reads may predate their writes.
    const second = reads.read('root', loads.load);
    const third = reads.read('root', loads.load);
    expect(loads.started()).toBe(1);
    loads.finish(1);
    await expect(first).resolves.toBe(1);
    await settle();

    // One new load, shared by both.
    expect(loads.started()).toBe(1);
    loads.finish(2);
    await expect(second).resolves.toBe(2);
    await expect(third).resolves.toBe(2);
  });

  it('starts the next load once the running one has finished reading, before it finishes', async () => {
    const reads = new GatheredReads<number>();
    let finishFirst!: (value: number) => void;
    let startedSecond = false;
    const first = reads.read('root', (readsDone) => {
      readsDone();
      return new Promise<number>((resolve) => (finishFirst = resolve));
    });
    const second = reads.read('root', () => {
      startedSecond = true;
      return Promise.resolve(2);
    });

    await expect(second).resolves.toBe(2);
    expect(startedSecond).toBe(true);
    finishFirst(1);
    await expect(first).resolves.toBe(1);
  });

  it('keeps different trees apart', async () => {
    const reads = new GatheredReads<number>();
    const loads = controlledLoads();

    const a = reads.read('a', loads.load);
    const b = reads.read('b', loads.load);
    expect(loads.started()).toBe(2);
    loads.finish(1);
    loads.finish(2);

    await expect(a).resolves.toBe(1);
    await expect(b).resolves.toBe(2);
  });

  it('gives the gathered requests a fresh load after the running one failed', async () => {
    const reads = new GatheredReads<number>();
    const loads = controlledLoads();
    const first = reads.read('root', loads.load);
    const second = reads.read('root', loads.load);

    loads.fail(new Error('database went away'));
    await expect(first).rejects.toThrow('database went away');
    await settle();
    loads.finish(3);

    await expect(second).resolves.toBe(3);
  });
});
