/**
 * The last few serialised trees, each kept with the validity key of the rows it was built from
 * (see CascadeService: the cascade's directives and a change marker of their tasks) and the
 * instant until which the clock cannot change it (rollup.ts, countsHoldUntil). A tree is served
 * again only when the key read now equals its key and that instant has not passed, so a cached
 * answer is always the answer a fresh build would give.
 */

/** A tree as JSON bytes, with its entity tag and the last instant at which it holds. */
export interface BuiltTree {
  body: Buffer;
  etag: string;
  /** ISO-8601 UTC, compared as a string; undefined when only a write can change the tree. */
  holdsUntil: string | undefined;
}

interface Entry {
  key: string;
  tree: Promise<BuiltTree>;
  bytes: number;
}

/**
 * A bounded LRU of built trees by root directive id. Bounded twice: by count and by the bytes of
 * the bodies (a 20,000-task tree is about 6 MB), so many roots polled at once cannot grow the
 * API's memory without bound; a tree larger than the whole budget is not kept.
 */
export class TreeCache {
  private readonly entries = new Map<string, Entry>();
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
  async lookup(root: string, key: string, now: () => string): Promise<BuiltTree | undefined> {
    const entry = this.entries.get(root);
    if (entry === undefined || entry.key !== key) return undefined;
    // Most recently used last: eviction takes the first.
    this.entries.delete(root);
    this.entries.set(root, entry);
    let tree: BuiltTree;
    try {
      tree = await entry.tree;
    } catch {
      return undefined;
    }
    if (tree.holdsUntil !== undefined && now() > tree.holdsUntil) {
      this.remove(root, entry);
      return undefined;
    }
    return tree;
  }

  /** Keeps the tree of `root` being built from rows with validity key `key`, replacing any other. */
  put(root: string, key: string, tree: Promise<BuiltTree>): void {
    const previous = this.entries.get(root);
    if (previous !== undefined) this.remove(root, previous);
    const entry: Entry = { key, tree, bytes: 0 };
    this.entries.set(root, entry);
    tree.then(
      (built) => {
        if (this.entries.get(root) !== entry) return;
        entry.bytes = built.body.length;
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

  private remove(root: string, entry: Entry): void {
    if (this.entries.get(root) !== entry) return;
    this.entries.delete(root);
    this.bytes -= entry.bytes;
  }
}
