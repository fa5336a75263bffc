import { TreeCache, type BuiltTree } from '../../../apps/api/src/cascade/tree-cache';

const NOW = '2026-06-15T05:00:00.000Z';
const LATER = '2026-06-15T06:00:00.000Z';

function aTree(bytes = 10, holdsUntil: string | undefined = undefined): BuiltTree {
  return { body: Buffer.alloc(bytes), etag: `W/"${bytes}"`, holdsUntil, source: undefined, bytes };
}

const at = (iso: string) => (): string => iso;

/** Lets queued promise callbacks run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('cache of built trees', () => {
  it('serves a tree again only for the validity key it was built from', async () => {
    const cache = new TreeCache(4, 1_000);
    const tree = aTree();
    cache.put('root', 'key-1', Promise.resolve(tree));

    await expect(cache.lookup('root', 'key-1', at(NOW))).resolves.toBe(tree);
    await expect(cache.lookup('root', 'key-2', at(NOW))).resolves.toBeUndefined();
    await expect(cache.lookup('other', 'key-1', at(NOW))).resolves.toBeUndefined();
  });

  it('serves a tree up to the instant it holds until, not after, yet keeps it for the rebuild', async () => {
    const cache = new TreeCache(4, 1_000);
    const tree = aTree(10, LATER);
    cache.put('root', 'key', Promise.resolve(tree));

    await expect(cache.lookup('root', 'key', at(LATER))).resolves.toBe(tree);
    await expect(cache.lookup('root', 'key', at('2026-06-15T06:00:00.001Z'))).resolves.toBeUndefined();
    await expect(cache.latest('root')).resolves.toBe(tree);
  });

  it('hands out the last tree of a root whatever its key, for what its builder kept', async () => {
    const cache = new TreeCache(4, 1_000);
    const tree = aTree();
    cache.put('root', 'old-key', Promise.resolve(tree));

    await expect(cache.latest('root')).resolves.toBe(tree);
    await expect(cache.latest('other')).resolves.toBeUndefined();
  });

  it('lets a lookup wait for a tree still being built, and forgets a build that failed', async () => {
    const cache = new TreeCache(4, 1_000);
    let finish!: (tree: BuiltTree) => void;
    cache.put('root', 'key', new Promise<BuiltTree>((resolve) => (finish = resolve)));
    const waiting = cache.lookup('root', 'key', at(NOW));
    const tree = aTree();
    finish(tree);
    await expect(waiting).resolves.toBe(tree);

    cache.put('root', 'key-2', Promise.reject(new Error('read failed')));
    await expect(cache.lookup('root', 'key-2', at(NOW))).resolves.toBeUndefined();
    await settle();
    expect(cache.size()).toEqual({ trees: 0, bytes: 0 });
  });

  it('keeps at most the given number of trees, evicting the least recently read', async () => {
    const cache = new TreeCache(2, 1_000);
    cache.put('a', 'k', Promise.resolve(aTree()));
    cache.put('b', 'k', Promise.resolve(aTree()));
    await cache.lookup('a', 'k', at(NOW));
    cache.put('c', 'k', Promise.resolve(aTree()));
    await settle();

    await expect(cache.lookup('b', 'k', at(NOW))).resolves.toBeUndefined();
    await expect(cache.lookup('a', 'k', at(NOW))).resolves.toBeDefined();
    await expect(cache.lookup('c', 'k', at(NOW))).resolves.toBeDefined();
  });

  it('keeps the bodies within the byte budget, and does not keep a tree larger than all of it', async () => {
    const cache = new TreeCache(10, 100);
    cache.put('a', 'k', Promise.resolve(aTree(60)));
    cache.put('b', 'k', Promise.resolve(aTree(30)));
    await settle();
    expect(cache.size()).toEqual({ trees: 2, bytes: 90 });

    cache.put('c', 'k', Promise.resolve(aTree(30)));
    await settle();
    expect(cache.size()).toEqual({ trees: 2, bytes: 60 });
    await expect(cache.lookup('a', 'k', at(NOW))).resolves.toBeUndefined();

    cache.put('huge', 'k', Promise.resolve(aTree(101)));
    await settle();
    await expect(cache.lookup('huge', 'k', at(NOW))).resolves.toBeUndefined();
    expect(cache.size().bytes).toBeLessThanOrEqual(100);
  });

  it('replaces the tree of a root built from older rows', async () => {
    const cache = new TreeCache(4, 1_000);
    cache.put('root', 'old', Promise.resolve(aTree(40)));
    await settle();
    const fresh = aTree(20);
    cache.put('root', 'new', Promise.resolve(fresh));
    await settle();

    await expect(cache.lookup('root', 'old', at(NOW))).resolves.toBeUndefined();
    await expect(cache.lookup('root', 'new', at(NOW))).resolves.toBe(fresh);
    expect(cache.size()).toEqual({ trees: 1, bytes: 20 });
  });
});
