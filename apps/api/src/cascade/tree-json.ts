/**
 * The JSON of a cascade tree, built so the next build can reuse the JSON and counts of every
 * directive subtree that did not change. When one task changes in a 20,000-task cascade, only the
 * directives on its path to the root are written again (four of 2,211 in the benchmark); the
 * others' JSON is copied as it was. Each directive keeps its subtree's JSON as one flat string,
 * up to a size (KEEP_JSON_UP_TO): about the size of the tree's JSON per level kept.
 *
 * The output is exactly `JSON.stringify(assembleCascade(...))` (rollup.ts stays the reference;
 * the unit tests compare the two), and the counting rules are rollup.ts's own functions.
 * Pure: no I/O, the clock is a parameter.
 */
import { isOverdue } from '@dondoc/domain';
import {
  addCounts,
  countTask,
  directivesByParentTask,
  emptyCounts,
  type CascadeDirectiveRow,
  type CascadeTaskRow,
  type RollupCounts,
} from './rollup';

/** One directive's subtree as last written, with what it was written from. */
interface Subtree {
  number: string;
  issuerUnitId: string;
  status: string;
  /** The task list it was written from, compared by identity (see {@link serialiseCascade}). */
  tasks: readonly CascadeTaskRow[];
  /** `tasks` by deadline, then id. */
  sorted: readonly CascadeTaskRow[];
  /** Per task of `sorted`, the subtrees of the directives implementing it. */
  children: readonly (readonly Subtree[])[];
  json: string;
  /** Every task of the subtree (what the parent task's counts add up). */
  counts: RollupCounts;
  directiveCount: number;
  /** The clock it was written at, and the deadlines around it that would change it. */
  writtenAt: string;
  /** Earliest deadline >= writtenAt among tasks the units still owe; undefined when none. */
  holdsUntil: string | undefined;
  /** Latest deadline < writtenAt among them: a clock before it would count differently. */
  passedAfter: string | undefined;
  /** A cycle was cut inside it, so its JSON depends on what lies above: never reused. */
  cutCycle: boolean;
}

/** What one build leaves for the next: the subtree of every directive it wrote or reused. */
export type CascadeJsonMemo = ReadonlyMap<string, Subtree>;

/** A tree's JSON, the instant until which the clock leaves it unchanged, and the memo for the next build. */
export interface CascadeJson {
  json: string;
  /** As countsHoldUntil in rollup.ts, over the whole cascade. */
  holdsUntil: string | undefined;
  memo: CascadeJsonMemo;
}

/**
 * Subtrees whose JSON is longer are written again by every build rather than kept: they are the
 * few near the root (11 of 2,211 in the benchmark), each a join of kept subtrees below, so
 * writing them again is one copy of the tree's JSON per level (≈2 ms for 6 MB), where keeping
 * them would hold that much memory per level.
 */
const KEEP_JSON_UP_TO = 256 * 1024;

const AWAITING_UNIT: ReadonlySet<string> = new Set(['assigned', 'acknowledged', 'in_progress']);
const NO_TASKS: readonly CascadeTaskRow[] = [];
const NO_SUBTREES: readonly Subtree[] = [];

function byDeadlineThenId(a: CascadeTaskRow, b: CascadeTaskRow): number {
  if (a.dueAt !== b.dueAt) return a.dueAt < b.dueAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const text = (value: string): string => JSON.stringify(value);

function countsJson(c: RollupCounts): string {
  return (
    `{"total":${c.total},"completedOnTime":${c.completedOnTime},"completedLate":${c.completedLate},"open":${c.open},` +
    `"overdue":${c.overdue},"escalated":${c.escalated},"waived":${c.waived},"cancelled":${c.cancelled}}`
  );
}

/** True when a subtree written at `writtenAt` counts the same at `now`: no deadline lies between. */
function holdsAt(subtree: Subtree, now: string): boolean {
  if (now >= subtree.writtenAt) return subtree.holdsUntil === undefined || now <= subtree.holdsUntil;
  return subtree.passedAfter === undefined || subtree.passedAfter < now;
}

function sameSubtrees(a: readonly (readonly Subtree[])[], b: readonly (readonly Subtree[])[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.length !== y.length) return false;
    for (let j = 0; j < x.length; j += 1) if (x[j] !== y[j]) return false;
  }
  return true;
}

const earlier = (a: string | undefined, b: string | undefined): string | undefined =>
  a === undefined ? b : b === undefined || a <= b ? a : b;
const later = (a: string | undefined, b: string | undefined): string | undefined =>
  a === undefined ? b : b === undefined || a >= b ? a : b;

/**
 * The tree rooted at `rootId` as JSON (the same bytes as `JSON.stringify(assembleCascade(rootId,
 * directives, tasks, now))`), undefined when the root is not among the directives.
 *
 * `tasksByDirective` gives each directive's tasks. A directive's subtree from `previous` is
 * reused when its row, its task list — compared by IDENTITY, so a caller passes the very same
 * array for a directive whose rows it knows unchanged, and a new array otherwise — and the
 * subtrees below it are the same, and no deadline inside it lies between then and `now`.
 */
export function serialiseCascade(
  rootId: string,
  directives: readonly CascadeDirectiveRow[],
  tasksByDirective: ReadonlyMap<string, readonly CascadeTaskRow[]>,
  now: string,
  previous: CascadeJsonMemo = new Map(),
): CascadeJson | undefined {
  const rootRow = directives.find((d) => d.id === rootId);
  if (rootRow === undefined) return undefined;
  const childrenByTask = directivesByParentTask(rootId, directives);
  const memo = new Map<string, Subtree>();
  const onPath = new Set<string>();

  const write = (row: CascadeDirectiveRow): Subtree => {
    onPath.add(row.id);
    const tasks = tasksByDirective.get(row.id) ?? NO_TASKS;
    const before = previous.get(row.id);
    const sorted = before !== undefined && before.tasks === tasks ? before.sorted : [...tasks].sort(byDeadlineThenId);
    let cutCycle = false;
    const children = sorted.map((task) => {
      const implementing = childrenByTask.get(task.id);
      // Most tasks (every leaf) have none: no array per task.
      if (implementing === undefined) return NO_SUBTREES;
      const open = implementing.filter((child) => !onPath.has(child.id));
      if (open.length !== implementing.length) cutCycle = true;
      return open.map((child) => {
        const subtree = write(child);
        if (subtree.cutCycle) cutCycle = true;
        return subtree;
      });
    });
    onPath.delete(row.id);

    if (
      before !== undefined &&
      !cutCycle &&
      !before.cutCycle &&
      before.tasks === tasks &&
      before.number === row.number &&
      before.issuerUnitId === row.issuerUnitId &&
      before.status === row.status &&
      sameSubtrees(before.children, children) &&
      holdsAt(before, now)
    ) {
      memo.set(row.id, before);
      return before;
    }

    const own = emptyCounts();
    const below = emptyCounts();
    let directiveCount = 1;
    let holdsUntil: string | undefined;
    let passedAfter: string | undefined;
    // Parts joined once per directive: join gives a flat string, so the root's JSON is a join of a
    // few flat strings and turns into bytes quickly. (Concatenating with + would leave a rope of
    // ~200,000 pieces that V8 must flatten on Buffer.from: 35 ms at 20,000 tasks, against 5.)
    const parts: string[] = [
      `{"id":${text(row.id)},"number":${text(row.number)},"issuerUnitId":${text(row.issuerUnitId)},"status":${text(row.status)},"counts":`,
      '', // own counts, known after the loop
      ',"tasks":[',
    ];
    for (const [i, task] of sorted.entries()) {
      countTask(own, task, now);
      if (AWAITING_UNIT.has(task.status)) {
        if (task.dueAt >= now) holdsUntil = earlier(holdsUntil, task.dueAt);
        else passedAfter = later(passedAfter, task.dueAt);
      }
      parts.push(
        `${i === 0 ? '' : ','}{"id":${text(task.id)},"unitId":${text(task.unitId)},"role":${text(task.role)},"status":${text(task.status)},` +
          `"dueAt":${text(task.dueAt)},"originalDueAt":${text(task.originalDueAt)},"overdue":${isOverdue(task, now)},"escalated":${task.escalated},"implementedBy":[`,
      );
      const implementing = children[i]!;
      if (implementing.length > 0) {
        const subtree = emptyCounts();
        countTask(subtree, task, now);
        for (const [j, child] of implementing.entries()) {
          if (j > 0) parts.push(',');
          parts.push(child.json);
          addCounts(subtree, child.counts);
          directiveCount += child.directiveCount;
          holdsUntil = earlier(holdsUntil, child.holdsUntil);
          passedAfter = later(passedAfter, child.passedAfter);
        }
        parts.push(`],"counts":${countsJson(subtree)}}`);
        addCounts(below, subtree);
      } else {
        parts.push(']}');
        countTask(below, task, now);
      }
    }
    parts[1] = countsJson(own);
    parts.push(']}');
    const subtree: Subtree = {
      number: row.number,
      issuerUnitId: row.issuerUnitId,
      status: row.status,
      tasks,
      sorted,
      children,
      json: parts.join(''),
      counts: below,
      directiveCount,
      writtenAt: now,
      holdsUntil,
      passedAfter,
      cutCycle,
    };
    if (subtree.json.length <= KEEP_JSON_UP_TO) memo.set(row.id, subtree);
    return subtree;
  };

  const root = write(rootRow);
  return {
    json: `{"totals":${countsJson(root.counts)},"directiveCount":${root.directiveCount},"root":${root.json}}`,
    holdsUntil: root.holdsUntil,
    memo,
  };
}
