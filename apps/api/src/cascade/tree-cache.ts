/**
 * The last few serialised trees, each kept with the validity key of the rows it was built from
 * (see CascadeService: the cascade's directives and a change marker of their tasks) and the
 * instant until which the clock cannot change it (rollup.ts, countsHoldUntil). A tree is served
 * again only when the key read now equals its key and that instant has not passed, so a cached
 * answer is always the answer a fresh build would give.
 */

/**
 * A tree as JSON bytes, with its entity tag, the last instant at which it holds, and whatever
 * its builder keeps to build the next one faster (`source`).
 */
export interface BuiltTree<Source = unknown> {
  body: Buffer;
  etag: string;
  /** ISO-8601 UTC, compared as a string; undefined when only a write can change the tree. */
  holdsUntil: string | undefined;
  source: Source;
  /** What keeping it costs: the body and an estimate of `source`. */
  bytes: number;
}

interface Entry<Source> {
  key: string;
  tree: Promise<BuiltTree<Source>>;
  bytes: number;
}

/**
 * A bounded LRU of built trees by root directive id. Bounded twice: by count and by bytes (a
 * 20,000-task tree is about 6 MB of JSON plus its rows), so many roots polled at once cannot grow
 * the API's memory without bound; a tree larger than the whole budget is not kept.
 */
export class TreeCache<Source = unknown> {
  private readonly entries = new Map<string, Entry<Source>>();
  private bytes = 0;

  constructor(
    private readonly maxTrees: number,
    private readonly maxBytes: number,
  ) {}

  /**
   * The tree of `root` built from rows with validity key `key`, when there is one and it still
   * holds at `now()`. A tree still being built is waited for (that costs less than a
   * second build); `now` is read after that wait.
   */
  async lookup(root: string, key: string, now: () => string): Promise<BuiltTree<Source> | undefined> {
    const entry = this.entries.get(root);
    if (entry === undefined || entry.key !== key) return undefined;
    // Most recently used last: eviction takes the first.
    this.entries.delete(root);
    this.entries.set(root, entry);
    let tree: BuiltTree<Source>;
    try {
      tree = await entry.tree;
    } catch {
      return undefined;
    }
    // Past its deadline it is not served, but stays kept until the rebuild replaces it: that
    // rebuild reuses its rows and most of its JSON (see latest).
    if (tree.holdsUntil !== undefined && now() > tree.holdsUntil) return undefined;
    return tree;
  }

  /**
   * The last tree kept for `root`, whatever rows it was built from and however old: for its
   * `source`, not to be served. Undefined when none is kept or its build failed.
   */
  async latest(root: string): Promise<BuiltTree<Source> | undefined> {
    const entry = this.entries.get(root);
    return entry === undefined ? undefined : entry.tree.catch(() => undefined);
  }

  /** Keeps the tree of `root` being built from rows with validity key `key`, replacing any other. */
  put(root: string, key: string, tree: Promise<BuiltTree<Source>>): void {
    const previous = this.entries.get(root);
    if (previous !== undefined) this.remove(root, previous);
    const entry: Entry<Source> = { key, tree, bytes: 0 };
    this.entries.set(root, entry);
    tree.then(
      (built) => {
        if (this.entries.get(root) !== entry) return;
        entry.bytes = built.bytes;
        this.bytes += entry.bytes;
        this.evict();
      },
      () => this.remove(root, entry),
    );
    this.evict();
  }

  /** How many trees are kept and the bytes of their bodies. */
  size(): { trees: number; bytes: number } {
    return { trees: this.entries.size, bytes: this.bytes };
  }

  private evict(): void {
    for (const [root, entry] of this.entries) {
      if (this.entries.size <= this.maxTrees && this.bytes <= this.maxBytes) return;
      this.remove(root, entry);
    }
  }

  private remove(root: string, entry: Entry<Source>): void {
    if (this.entries.get(root) !== entry) return;
    this.entries.delete(root);
    this.bytes -= entry.bytes;
  }
}
