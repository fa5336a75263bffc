import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { NotFoundError, OutOfScopeError } from '../errors/errors';
import { ScopeService } from '../scope/scope.service';
import { DIRECTIVES_WITH_MARKS, TASKS_OF_DIRECTIVES, VALIDITY_KEY } from './cascade.queries';
import { GatheredReads } from './gathered-reads';
import type { CascadeDirectiveRow, CascadeTaskRow } from './rollup';
import { TreeCache, type BuiltTree } from './tree-cache';
import { serialiseCascade, type CascadeJsonMemo } from './tree-json';

/**
 * How many levels a cascade may have. Real ones have four or five (centre, province, district,
 * commune, cell); the bound only stops a corrupted cycle from running away.
 */
export const MAX_CASCADE_DEPTH = 32;

/**
 * See GatheredReads. Only requests that queue behind a running load wait this long. Was 40 ms
 * when every load rebuilt the tree; now that most loads are one aggregate query (≈12 ms), a long
 * wait only adds latency: in bench/cascade 10 ms did as well as 0 read-only and a little better
 * with writes (more requests share one rebuild).
 */
const TREE_GATHER_MS = 10;

/**
 * Trees kept built (tree-cache.ts): a few dashboards' roots, at most 96 MiB in all. A tree of
 * 20,210 tasks holds ≈25 MB: 5.4 MB of body and ≈20 MB of heap (its task rows and the JSON of
 * its smaller subtrees, tree-json.ts), so up to four of that size fit.
 */
const CACHED_TREES = 4;
const CACHED_TREE_BYTES = 96 * 1024 * 1024;

/** Changes whenever the JSON of a tree changes shape, so a client's old entity tag cannot match a new format. */
const TREE_FORMAT = 'tree-1';

type TaskTuple = [
  string,
  string,
  string,
  CascadeTaskRow['role'],
  CascadeTaskRow['status'],
  string,
  string,
  string | null,
  boolean,
];

/** A tree as JSON bytes with its entity tag, ready to send to every request that shared the load. */
export interface SerialisedTree {
  body: Buffer;
  etag: string;
}

/** One step of GET /tasks/:id/path: a task and the directive it belongs to. */
export interface PathStep {
  directive: { id: string; number: string; issuerUnitId: string };
  task: { id: string; unitId: string; status: string };
}

/** One directive's task rows, read in a snapshot where the directive had mark `mark`. */
interface DirectiveTasks {
  mark: string;
  tasks: CascadeTaskRow[];
}

/**
 * What a built tree keeps so the next build reads and writes only what changed: every
 * directive's tasks, and the JSON of every directive subtree (tree-json.ts).
 */
interface CascadeSource {
  tasksByDirective: Map<string, DirectiveTasks>;
  json: CascadeJsonMemo;
}

/** The rows a tree is built from, read in one snapshot with their validity key, and what the last build kept. */
interface CascadeRows {
  key: string;
  directives: CascadeDirectiveRow[];
  tasksByDirective: Map<string, DirectiveTasks>;
  previous: CascadeJsonMemo | undefined;
}

/**
 * Heap a kept tree holds per task, for the cache's byte budget: its row (an object of nine
 * fields, six of them strings) and its share of the kept subtree JSON. Measured with
 * process.memoryUsage() after gc at 20,210 tasks: 20.1 MB.
 */
const KEPT_BYTES_PER_TASK = 1_000;

/**
 * Reads cascades: the tree below a directive (its directives and their tasks read in one
 * snapshot, the JSON written by tree-json.ts) and the chain from a task up to its root directive.
 *
 * A built tree is kept (TreeCache) and served again while two things hold: the cascade's rows
 * are unchanged, which a cheap query tells exactly (its validity key, {@link VALIDITY_KEY}), and
 * no deadline has passed that would turn a task overdue. So polling dashboards cost one small
 * aggregate query per round, and any write shows on the next read.
 */
@Injectable()
export class CascadeService {
  private readonly gathered = new GatheredReads<SerialisedTree>(TREE_GATHER_MS);
  private readonly built = new TreeCache<CascadeSource>(CACHED_TREES, CACHED_TREE_BYTES);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
  ) {}

  /**
   * A directive's tree is for those who read it in full: the clerks of its issuer and the
   * supervisors of its coordinating body, or of a directive above it.
   * @throws NotFoundError when the caller may not read the directive at all, OutOfScopeError when they read only their own part of it.
   */
  private async assertReadsWhole(id: string): Promise<void> {
    if (await this.scope.readsWholeDirective(id)) return;
    const directive = await this.scope.readDirective(id);
    throw new OutOfScopeError(
      `the cascade of directive ${directive.number} is read by the clerks of its issuer and the supervisors of its coordinating body, or of a directive above it`,
    );
  }

  /**
   * The whole cascade below directive `id` as JSON (a CascadeTree of rollup.ts: counts per node
   * and in total), shared by the requests for the same tree that arrive together.
   */
  async serialisedTree(id: string): Promise<SerialisedTree> {
    await this.assertReadsWhole(id);
    return this.gathered.read(id, async (readsDone) => {
      const read = await this.readCascade(id);
      if ('cached' in read) {
        readsDone();
        return read.cached;
      }
      let settle!: { resolve: (tree: BuiltTree<CascadeSource>) => void; reject: (error: unknown) => void };
      const building = new Promise<BuiltTree<CascadeSource>>((resolve, reject) => (settle = { resolve, reject }));
      // Kept before the next load may start, so one with the same key waits for this build
      // rather than repeating it.
      this.built.put(id, read.key, building);
      readsDone();
      try {
        const tree = this.build(id, read);
        settle.resolve(tree);
        return tree;
      } catch (error) {
        settle.reject(error);
        throw error;
      }
    });
  }

  /**
   * In one REPEATABLE READ snapshot: the validity key of the cascade below `id`, then either the
   * tree kept for that key (when it still holds) or the rows to build a new one: every directive,
   * with the tasks of those whose mark changed since the last build (all of them the first time).
   * One snapshot, so the key describes exactly the rows the tree is built from.
   */
  private async readCascade(id: string): Promise<{ cached: BuiltTree } | CascadeRows> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const [marks] = (
          await client.query<{ directives: number; key: string }>(VALIDITY_KEY, [id, MAX_CASCADE_DEPTH - 1])
        ).rows;
        if (marks === undefined || marks.directives === 0) throw new NotFoundError('directive', id);
        const cached = await this.built.lookup(id, marks.key, () => new Date().toISOString());
        if (cached !== undefined) return { cached };
        const latest = (await this.built.latest(id))?.source;
        const kept = latest?.tasksByDirective;
        const directives = (
          await client.query<CascadeDirectiveRow & { mark: string }>(DIRECTIVES_WITH_MARKS, [id, MAX_CASCADE_DEPTH - 1])
        ).rows;
        const tasksByDirective = new Map<string, DirectiveTasks>();
        const stale: string[] = [];
        for (const directive of directives) {
          const previous = kept?.get(directive.id);
          if (previous !== undefined && previous.mark === directive.mark) tasksByDirective.set(directive.id, previous);
          else {
            tasksByDirective.set(directive.id, { mark: directive.mark, tasks: [] });
            stale.push(directive.id);
          }
        }
        if (stale.length > 0) {
          for (const task of await this.readTasks(client, stale))
            tasksByDirective.get(task.directiveId)?.tasks.push(task);
        }
        return { key: marks.key, directives, tasksByDirective, previous: latest?.json };
      } finally {
        await client.query('COMMIT');
      }
    } finally {
      await runner.release();
    }
  }

  /** The tasks of the given directives, unsorted. */
  private async readTasks(client: PoolClient, directiveIds: string[]): Promise<CascadeTaskRow[]> {
    // Rows as arrays: at 20,000 tasks, building one object per row in the driver costs more than the query.
    // Unsorted: tree-json.ts orders each directive's few tasks; sorting them all here spills to disk.
    const tuples = (
      await client.query<TaskTuple>({ text: TASKS_OF_DIRECTIVES, values: [directiveIds], rowMode: 'array' })
    ).rows;
    return tuples.map(
      ([taskId, directiveId, unitId, role, status, dueAt, originalDueAt, completedAt, escalated]): CascadeTaskRow => ({
        id: taskId,
        directiveId,
        unitId,
        role,
        status,
        dueAt,
        originalDueAt,
        completedAt,
        escalated,
      }),
    );
  }

  /**
   * Writes a tree's JSON (reusing the subtrees the last build wrote, where nothing below them
   * changed), with the instant until which it holds and its entity tag.
   */
  private build(id: string, rows: CascadeRows): BuiltTree<CascadeSource> {
    const now = new Date().toISOString();
    const tasks = new Map<string, readonly CascadeTaskRow[]>();
    let taskCount = 0;
    for (const [directiveId, own] of rows.tasksByDirective) {
      // The same array for a directive whose mark is unchanged: tree-json.ts compares identity.
      tasks.set(directiveId, own.tasks);
      taskCount += own.tasks.length;
    }
    const built = serialiseCascade(id, rows.directives, tasks, now, rows.previous);
    if (built === undefined) throw new NotFoundError('directive', id);
    const body = Buffer.from(built.json, 'utf8');
    // Rows with one key and a clock short of the same deadline give the same JSON, so the tag can
    // be made from them without hashing several MB, and is the same in every API process.
    const etag = `W/"${createHash('sha256')
      .update(`${TREE_FORMAT}|${id}|${rows.key}|${built.holdsUntil ?? 'never'}`)
      .digest('base64url')
      .slice(0, 32)}"`;
    const source = { tasksByDirective: rows.tasksByDirective, json: built.memo };
    return { body, etag, holdsUntil: built.holdsUntil, source, bytes: body.length + taskCount * KEPT_BYTES_PER_TASK };
  }

  /** The chain from task `id` up to the root directive: the task's own step first, the root's last. */
  async path(id: string): Promise<PathStep[]> {
    // Whoever reads the task reads the chain above it: it says why the unit has the work.
    await this.scope.readTask(id);
    const rows = await this.dataSource.query<
      { directiveId: string; number: string; issuerUnitId: string; taskId: string; unitId: string; status: string }[]
    >(
      `WITH RECURSIVE chain (task_id, depth, seen) AS (
         SELECT t.id, 0, ARRAY[t.id] FROM tasks t WHERE t.id = $1
         UNION ALL
         SELECT d.parent_task_id, c.depth + 1, c.seen || d.parent_task_id
           FROM chain c
           JOIN tasks t ON t.id = c.task_id
           JOIN directives d ON d.id = t.directive_id
          WHERE d.parent_task_id IS NOT NULL AND c.depth < $2 AND NOT d.parent_task_id = ANY (c.seen)
       )
       SELECT d.id AS "directiveId", d.number, d.issuer_unit_id AS "issuerUnitId", t.id AS "taskId", t.unit_id AS "unitId", t.status
         FROM chain c
         JOIN tasks t ON t.id = c.task_id
         JOIN directives d ON d.id = t.directive_id
        ORDER BY c.depth`,
      [id, MAX_CASCADE_DEPTH - 1],
    );
    if (rows.length === 0) throw new NotFoundError('task', id);
    return rows.map((r) => ({
      directive: { id: r.directiveId, number: r.number, issuerUnitId: r.issuerUnitId },
      task: { id: r.taskId, unitId: r.unitId, status: r.status },
    }));
  }
}
