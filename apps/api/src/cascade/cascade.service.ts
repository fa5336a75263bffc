import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../common/errors';
import { isUuid } from '../common/query';
import { GatheredReads } from './gathered-reads';
import { assembleCascade, type CascadeDirectiveRow, type CascadeTaskRow, type CascadeTree } from './rollup';

/**
 * How many levels a cascade may have. Real ones have four or five (centre, province, district,
 * commune, cell); the bound only stops a corrupted cycle from running away.
 */
export const MAX_CASCADE_DEPTH = 32;

/**
 * See GatheredReads. Only requests that queue behind a running load wait this long; in
 * bench/cascade (10 clients, 20,000 tasks) 40 ms did better than 10 or 80.
 */
const TREE_GATHER_MS = 40;

type TaskTuple = [string, string, string, CascadeTaskRow['role'], CascadeTaskRow['status'], string, string, string | null, boolean];

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

/** Instants as fixed-format UTC text, so the roll-up compares them as strings (see rollup.ts). */
const iso = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Reads cascades: the tree below a directive (one recursive query for the directives, one for
 * all their tasks, assembled in memory) and the chain from a task up to its root directive.
 */
@Injectable()
export class CascadeService {
  private readonly trees = new GatheredReads<SerialisedTree>(TREE_GATHER_MS);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** {@link tree} serialised, shared by the requests for the same tree that arrive together. */
  async serialisedTree(id: string): Promise<SerialisedTree> {
    if (!isUuid(id)) throw new NotFoundError('directive', id);
    return this.trees.read(id, async (readsDone) => {
      const body = Buffer.from(JSON.stringify(await this.tree(id, readsDone)), 'utf8');
      // Set here so Express does not hash several MB for every response. A new tag per load:
      // an unchanged tree may get a new tag (a cache miss), a changed one never keeps the old.
      return { body, etag: `W/"${randomUUID()}"` };
    });
  }

  /**
   * The whole cascade below directive `id`, with counts per node and in total. `readsDone` is
   * called once both queries have answered.
   */
  async tree(id: string, readsDone: () => void = () => undefined): Promise<CascadeTree> {
    if (!isUuid(id)) throw new NotFoundError('directive', id);
    // A directive belongs to the cascade when it implements a task of a directive that does.
    // POST /tasks/:id/implement records both the parent directive and the parent task. Walking by
    // parent directive probes the index once per directive, where walking by task would probe it
    // once per task (2,000 against 20,000 in the benchmark); the assembly then hangs each directive
    // under its parent task, and leaves out one whose task is not in the cascade.
    // `seen` cuts a cycle (only corrupted data could have one).
    const directives = await this.dataSource.query<CascadeDirectiveRow[]>(
      `WITH RECURSIVE cascade (id, depth, seen) AS (
         SELECT d.id, 0, ARRAY[d.id] FROM directives d WHERE d.id = $1
         UNION ALL
         SELECT child.id, c.depth + 1, c.seen || child.id
           FROM cascade c
           JOIN directives child ON child.parent_directive_id = c.id AND child.parent_task_id IS NOT NULL
          WHERE c.depth < $2 AND NOT child.id = ANY (c.seen)
       )
       SELECT d.id, d.number, d.issuer_unit_id AS "issuerUnitId", d.status, d.parent_task_id AS "parentTaskId"
         FROM cascade c JOIN directives d ON d.id = c.id
        ORDER BY c.depth, d.created_at, d.id`,
      [id, MAX_CASCADE_DEPTH - 1],
    );
    if (directives.length === 0) throw new NotFoundError('directive', id);
    // Rows as arrays: at 20,000 tasks, building one object per row in the driver costs more than the query.
    // Unsorted: the assembly orders each directive's few tasks; sorting them all here spills to disk.
    const tuples = await this.queryArrays<TaskTuple>(
      `SELECT t.id, t.directive_id, t.unit_id, t.role, t.status, ${iso('t.due_at')}, ${iso('t.original_due_at')}, ${iso('t.completed_at')}, t.escalated
         FROM tasks t
        WHERE t.directive_id = ANY ($1::uuid[])`,
      [directives.map((d) => d.id)],
    );
    readsDone();
    const tasks = tuples.map(
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
    const tree = assembleCascade(id, directives, tasks, new Date().toISOString());
    if (tree === undefined) throw new NotFoundError('directive', id);
    return tree;
  }

  /** The chain from task `id` up to the root directive: the task's own step first, the root's last. */
  async path(id: string): Promise<PathStep[]> {
    if (!isUuid(id)) throw new NotFoundError('task', id);
    const rows = await this.dataSource.query<{ directiveId: string; number: string; issuerUnitId: string; taskId: string; unitId: string; status: string }[]>(
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

  /** One query answered as arrays, through the pg driver TypeORM holds (its own API returns objects only). */
  private async queryArrays<Row extends unknown[]>(text: string, values: unknown[]): Promise<Row[]> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      return (await client.query<Row>({ text, values, rowMode: 'array' })).rows;
    } finally {
      await runner.release();
    }
  }
}
