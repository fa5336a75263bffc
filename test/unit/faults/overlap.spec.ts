import { runOverlapped } from '../../../infra/faults/overlap';

/** A promise and the function that settles it, so a test decides when each stage ends. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

/** Lets every pending promise callback run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe('fault cases overlapped by one phase (runOverlapped)', () => {
  it('starts the next drive once the previous one is done, while its check still runs', async () => {
    const events: string[] = [];
    const checkA = deferred();
    const run = runOverlapped(
      ['a', 'b'],
      async (item, previousChecked) => {
        events.push(`drive ${item}`);
        await previousChecked;
        events.push(`fault ${item}`);
        return item;
      },
      async (item) => {
        events.push(`check ${item}`);
        if (item === 'a') await checkA.promise;
        events.push(`checked ${item}`);
        return item;
      },
      (item) => `failed ${item}`,
    );
    await settle();
    // b fans out during a's check, but its fault waits for it.
    expect(events).toEqual(['drive a', 'fault a', 'check a', 'drive b']);
    checkA.resolve();
    await expect(run).resolves.toEqual(['a', 'b']);
    expect(events.indexOf('fault b')).toBeGreaterThan(events.indexOf('checked a'));
  });

  it('keeps a later fault waiting for an earlier check when the case between them failed early', async () => {
    const events: string[] = [];
    const checkA = deferred();
    const run = runOverlapped(
      ['a', 'b', 'c'],
      async (item, previousChecked) => {
        if (item === 'b') throw new Error('fan-out stopped');
        await previousChecked;
        events.push(`fault ${item}`);
        return item;
      },
      async (item) => {
        if (item === 'a') await checkA.promise;
        events.push(`checked ${item}`);
        return item;
      },
      (item, error) => `${item}: ${error instanceof Error ? error.message : String(error)}`,
    );
    await settle();
    expect(events).toEqual(['fault a']);
    checkA.resolve();
    await expect(run).resolves.toEqual(['a', 'b: fan-out stopped', 'c']);
    expect(events).toEqual(['fault a', 'checked a', 'fault c', 'checked c']);
  });

  it('gives a failed check its failure row and still runs the next case', async () => {
    const run = runOverlapped(
      ['a', 'b'],
      async (item) => item,
      async (item) => {
        if (item === 'a') throw new Error('audit chain broken');
        return item;
      },
      (item, error) => `${item}: ${error instanceof Error ? error.message : String(error)}`,
    );
    await expect(run).resolves.toEqual(['a: audit chain broken', 'b']);
  });
});
