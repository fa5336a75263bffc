/**
 * The roll-up of a cascade, assembled in memory from two flat lists (the cascade's directives and
 * all their tasks). Pure: no I/O, the clock is a parameter. This is the reference for the shape
 * and the counts of GET /directives/:id/tree; the API writes the JSON with tree-json.ts, which
 * reuses unchanged subtrees and must give the same bytes as `JSON.stringify(assembleCascade(…))`
 * (its unit tests compare the two).
 *
 * Instants are ISO-8601 UTC strings in one fixed format (`YYYY-MM-DDTHH:MM:SS.sssZ`, as
 * `Date.prototype.toISOString` and the service's SQL both write them), so they compare correctly
 * as strings: at 20,000 tasks, not building 60,000 Date objects per request is worth it.
 */
import { isAwaitingWork, isOpen, isOverdue, type TaskRole, type TaskStatus } from '@dondoc/domain';

/** The counts shown per directive, per task subtree and for the whole cascade. */
export interface RollupCounts {
  /** Every task, including reassigned ones (which count nowhere else: their replacement carries the work). */
  total: number;
  /** Completed no later than the ORIGINAL deadline. */
  completedOnTime: number;
  /** Completed after the original deadline, even when an extension made it "on time" against `dueAt`. */
  completedLate: number;
  /** assigned, acknowledged, in_progress or submitted. */
  open: number;
  /** assigned, acknowledged or in_progress with its (possibly extended) deadline passed. */
  overdue: number;
  /** Tasks with an escalation open. */
  escalated: number;
  waived: number;
  cancelled: number;
}

/** One directive of the cascade as read from the database. */
export interface CascadeDirectiveRow {
  id: string;
  number: string;
  issuerUnitId: string;
  status: string;
  /** The task this directive implements; null for a directive that implements none. */
  parentTaskId: string | null;
}

/** One task of a directive of the cascade as read from the database. */
export interface CascadeTaskRow {
  id: string;
  directiveId: string;
  unitId: string;
  role: TaskRole;
  status: TaskStatus;
  dueAt: string;
  originalDueAt: string;
  completedAt: string | null;
  escalated: boolean;
}

/** A task in the tree, with the directives that carry it out below. */
export interface TaskNode {
  id: string;
  unitId: string;
  role: TaskRole;
  status: TaskStatus;
  dueAt: string;
  originalDueAt: string;
  overdue: boolean;
  escalated: boolean;
  /**
   * The task and everything below it. Present only when some directive implements the task:
   * for a leaf it would only repeat the task's own status.
   */
  counts?: RollupCounts;
  implementedBy: DirectiveNode[];
}

/** A directive in the tree; `counts` covers its own tasks only. */
export interface DirectiveNode {
  id: string;
  number: string;
  issuerUnitId: string;
  status: string;
  counts: RollupCounts;
  tasks: TaskNode[];
}

/** GET /directives/:id/tree: the whole cascade below a directive, with totals for all of it. */
export interface CascadeTree {
  totals: RollupCounts;
  directiveCount: number;
  root: DirectiveNode;
}

function byDeadlineThenId(a: CascadeTaskRow, b: CascadeTaskRow): number {
  if (a.dueAt !== b.dueAt) return a.dueAt < b.dueAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** All zeros. */
export function emptyCounts(): RollupCounts {
  return { total: 0, completedOnTime: 0, completedLate: 0, open: 0, overdue: 0, escalated: 0, waived: 0, cancelled: 0 };
}

/**
 * The last instant at which a tree assembled at `now` from `tasks` still holds: the earliest
 * deadline not yet passed (`dueAt >= now`) among tasks the unit still owes. The clock changes
 * nothing else (see {@link isOverdue}): until then no task turns overdue without a write.
 * Undefined when no such task is left, so the clock alone will never change the tree.
 */
export function countsHoldUntil(
  tasks: readonly Pick<CascadeTaskRow, 'status' | 'dueAt'>[],
  now: string,
): string | undefined {
  let until: string | undefined;
  for (const task of tasks) {
    if (isAwaitingWork(task.status) && task.dueAt >= now && (until === undefined || task.dueAt < until))
      until = task.dueAt;
  }
  return until;
}

/** The directives implementing each task, in the order given; the root is nobody's child. */
export function directivesByParentTask(
  rootId: string,
  directives: readonly CascadeDirectiveRow[],
): Map<string, CascadeDirectiveRow[]> {
  const childrenByTask = new Map<string, CascadeDirectiveRow[]>();
  for (const d of directives) {
    if (d.id === rootId || d.parentTaskId === null) continue;
    const list = childrenByTask.get(d.parentTaskId);
    if (list === undefined) childrenByTask.set(d.parentTaskId, [d]);
    else list.push(d);
  }
  return childrenByTask;
}

/** Adds one task to `counts` (in place). */
export function countTask(counts: RollupCounts, task: CascadeTaskRow, now: string): void {
  counts.total += 1;
  if (task.escalated) counts.escalated += 1;
  if (isOverdue(task, now)) counts.overdue += 1;
  if (isOpen(task.status)) counts.open += 1;
  else if (task.status === 'completed') {
    // Against the ORIGINAL deadline (DOMAIN.md, "Deadlines"): an extension moves `dueAt` so the
    // unit is not chased, but work finished after the first deadline is still late work.
    if (task.completedAt !== null && task.completedAt <= task.originalDueAt) counts.completedOnTime += 1;
    else counts.completedLate += 1;
  } else if (task.status === 'waived') counts.waived += 1;
  else if (task.status === 'cancelled') counts.cancelled += 1;
  // reassigned: in `total` only (see RollupCounts.total).
}

/** Adds `more` to `into` (in place). */
export function addCounts(into: RollupCounts, more: RollupCounts): void {
  into.total += more.total;
  into.completedOnTime += more.completedOnTime;
  into.completedLate += more.completedLate;
  into.open += more.open;
  into.overdue += more.overdue;
  into.escalated += more.escalated;
  into.waived += more.waived;
  into.cancelled += more.cancelled;
}

/**
 * Builds the tree rooted at `rootId`. Directives other than the root hang under the task they
 * implement; the root's own parent task (it may implement a task higher up) is ignored, and so
 * is a directive whose parent task is not in the lists (with everything below it). Each
 * directive's tasks come by deadline, then id.
 *
 * Returns undefined when `rootId` is not among the directives.
 */
export function assembleCascade(
  rootId: string,
  directives: CascadeDirectiveRow[],
  tasks: CascadeTaskRow[],
  now: string,
): CascadeTree | undefined {
  const rootRow = directives.find((d) => d.id === rootId);
  if (rootRow === undefined) return undefined;

  const tasksByDirective = new Map<string, CascadeTaskRow[]>();
  for (const task of tasks) {
    const list = tasksByDirective.get(task.directiveId);
    if (list === undefined) tasksByDirective.set(task.directiveId, [task]);
    else list.push(task);
  }
  for (const list of tasksByDirective.values()) list.sort(byDeadlineThenId);
  const childrenByTask = directivesByParentTask(rootId, directives);

  let directiveCount = 0;
  // `onPath` guards the walk even if the lists hold a cycle the query should have cut.
  const onPath = new Set<string>();

  /** Builds a directive node; `below` receives every task of its subtree. */
  const buildDirective = (row: CascadeDirectiveRow, below: RollupCounts): DirectiveNode => {
    onPath.add(row.id);
    directiveCount += 1;
    const own = emptyCounts();
    const nodes = (tasksByDirective.get(row.id) ?? []).map((task) => {
      countTask(own, task, now);
      const node: TaskNode = {
        id: task.id,
        unitId: task.unitId,
        role: task.role,
        status: task.status,
        dueAt: task.dueAt,
        originalDueAt: task.originalDueAt,
        overdue: isOverdue(task, now),
        escalated: task.escalated,
        implementedBy: [],
      };
      const children = (childrenByTask.get(task.id) ?? []).filter((child) => !onPath.has(child.id));
      if (children.length > 0) {
        const subtree = emptyCounts();
        countTask(subtree, task, now);
        node.implementedBy = children.map((child) => buildDirective(child, subtree));
        node.counts = subtree;
        addCounts(below, subtree);
      } else {
        countTask(below, task, now);
      }
      return node;
    });
    onPath.delete(row.id);
    return {
      id: row.id,
      number: row.number,
      issuerUnitId: row.issuerUnitId,
      status: row.status,
      counts: own,
      tasks: nodes,
    };
  };

  const totals = emptyCounts();
  const root = buildDirective(rootRow, totals);
  return { totals, directiveCount, root };
}
