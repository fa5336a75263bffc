import type { TaskStatus } from '@dondoc/domain';
import {
  assembleCascade,
  countsHoldUntil,
  type CascadeDirectiveRow,
  type CascadeTaskRow,
} from '../../../apps/api/src/cascade/rollup';
import { serialiseCascade, type CascadeJsonMemo } from '../../../apps/api/src/cascade/tree-json';

const STATUSES: TaskStatus[] = [
  'assigned',
  'acknowledged',
  'in_progress',
  'submitted',
  'completed',
  'cancelled',
  'waived',
  'reassigned',
];
const T0 = Date.parse('2026-06-15T05:00:00.000Z');
const at = (ms: number): string => new Date(T0 + ms).toISOString();

/** A small deterministic random source, so a failure replays. */
function randomSource(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.floor(state / 65_536) % n;
  };
}

/** A cascade of `levels` below the root, each task implemented by a directive with probability ½. */
function aCascade(random: (n: number) => number, levels: number) {
  const directives: CascadeDirectiveRow[] = [
    { id: 'd0', number: '1-CV/TU', issuerUnitId: 'u', status: 'active', parentTaskId: null },
  ];
  const tasks = new Map<string, CascadeTaskRow[]>();
  let serial = 0;
  const taskOf = (directiveId: string): CascadeTaskRow => {
    serial += 1;
    const status = STATUSES[random(STATUSES.length)]!;
    return {
      id: `t${String(serial).padStart(4, '0')}`,
      directiveId,
      unitId: `unit-${serial}`,
      role: 'lead',
      status,
      dueAt: at((random(20) - 5) * 1_000),
      originalDueAt: at((random(20) - 5) * 1_000),
      completedAt: status === 'completed' ? at((random(20) - 10) * 1_000) : null,
      escalated: random(5) === 0,
    };
  };
  let frontier = ['d0'];
  for (let level = 0; level <= levels; level += 1) {
    const next: string[] = [];
    for (const directiveId of frontier) {
      const own = Array.from({ length: 1 + random(4) }, () => taskOf(directiveId));
      tasks.set(directiveId, own);
      if (level === levels) continue;
      for (const task of own) {
        if (random(2) === 0) continue;
        const id = `d${directives.length}`;
        directives.push({ id, number: `${id}-CV`, issuerUnitId: task.unitId, status: 'active', parentTaskId: task.id });
        next.push(id);
      }
    }
    frontier = next;
  }
  return { directives, tasks, taskOf };
}

function expectSameAsReference(
  rootId: string,
  directives: CascadeDirectiveRow[],
  tasks: Map<string, CascadeTaskRow[]>,
  now: string,
  memo: CascadeJsonMemo,
): CascadeJsonMemo {
  const all = [...tasks.values()].flat();
  const built = serialiseCascade(rootId, directives, tasks, now, memo)!;
  expect(built.json).toBe(JSON.stringify(assembleCascade(rootId, directives, all, now)));
  expect(built.holdsUntil).toBe(
    countsHoldUntil(
      all.filter((t) => built.memo.has(t.directiveId)),
      now,
    ),
  );
  return built.memo;
}

describe('JSON of a cascade tree, reusing unchanged subtrees', () => {
  it('writes exactly what JSON.stringify writes for the assembled tree, through changes, new directives and a moving clock', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = randomSource(seed);
      const { directives, tasks, taskOf } = aCascade(random, 3);
      let memo: CascadeJsonMemo = new Map();
      let clock = 0;
      for (let step = 0; step < 40; step += 1) {
        memo = expectSameAsReference('d0', directives, tasks, at(clock), memo);
        switch (random(4)) {
          case 0: {
            // One task changes: its directive gets a new list, the others keep theirs.
            const directive = directives[random(directives.length)]!;
            const list = [...tasks.get(directive.id)!];
            const i = random(list.length);
            list[i] = { ...list[i]!, status: STATUSES[random(STATUSES.length)]!, dueAt: at((random(30) - 5) * 1_000) };
            tasks.set(directive.id, list);
            break;
          }
          case 1: {
            // A directive implements a task that had none.
            const parent = directives[random(directives.length)]!;
            const task = tasks.get(parent.id)![0]!;
            const id = `d${directives.length}`;
            directives.push({
              id,
              number: `${id}-CV`,
              issuerUnitId: task.unitId,
              status: 'active',
              parentTaskId: task.id,
            });
            tasks.set(id, [taskOf(id), taskOf(id)]);
            break;
          }
          case 2: {
            const directive = directives[random(directives.length)]!;
            directives[directives.indexOf(directive)] = {
              ...directive,
              status: directive.status === 'active' ? 'withdrawn' : 'active',
            };
            break;
          }
          default:
            clock += random(3_000);
        }
      }
    }
  });

  it('reuses the JSON of every subtree off the changed path', () => {
    const random = randomSource(7);
    const { directives, tasks } = aCascade(random, 3);
    const first = serialiseCascade('d0', directives, tasks, at(-60_000))!;
    const leaf = directives[directives.length - 1]!;
    tasks.set(
      leaf.id,
      tasks.get(leaf.id)!.map((t) => ({ ...t, status: 'completed' as const, completedAt: at(-70_000) })),
    );

    const second = serialiseCascade('d0', directives, tasks, at(-60_000), first.memo)!;

    const rewritten = directives.filter((d) => second.memo.get(d.id) !== first.memo.get(d.id)).map((d) => d.id);
    const path: string[] = [];
    for (let d: CascadeDirectiveRow | undefined = leaf; d !== undefined;) {
      path.push(d.id);
      const parentTask: string | null = d.parentTaskId;
      d = parentTask === null ? undefined : directives.find((p) => tasks.get(p.id)!.some((t) => t.id === parentTask));
    }
    expect(rewritten.sort()).toEqual(path.sort());
  });

  it('writes again a subtree whose deadline has passed since, with no change to its rows', () => {
    const task: CascadeTaskRow = {
      id: 't1',
      directiveId: 'd0',
      unitId: 'u1',
      role: 'lead',
      status: 'assigned',
      dueAt: at(1_000),
      originalDueAt: at(1_000),
      completedAt: null,
      escalated: false,
    };
    const directives: CascadeDirectiveRow[] = [
      { id: 'd0', number: '1', issuerUnitId: 'u', status: 'active', parentTaskId: null },
    ];
    const tasks = new Map([['d0', [task]]]);
    const before = serialiseCascade('d0', directives, tasks, at(0))!;

    const after = serialiseCascade('d0', directives, tasks, at(1_001), before.memo)!;

    expect(before.holdsUntil).toBe(at(1_000));
    expect(JSON.parse(after.json)).toMatchObject({ totals: { overdue: 1 } });
    expect(serialiseCascade('d0', directives, tasks, at(1_000), before.memo)!.json).toBe(before.json);
  });

  it('stops at a cycle and never reuses what it wrote there', () => {
    const a: CascadeTaskRow = {
      id: 'ta',
      directiveId: 'ca',
      unitId: 'u1',
      role: 'lead',
      status: 'assigned',
      dueAt: at(9_000),
      originalDueAt: at(9_000),
      completedAt: null,
      escalated: false,
    };
    const b: CascadeTaskRow = { ...a, id: 'tb', directiveId: 'cb' };
    const directives: CascadeDirectiveRow[] = [
      { id: 'ca', number: '1', issuerUnitId: 'u', status: 'active', parentTaskId: 'tb' },
      { id: 'cb', number: '2', issuerUnitId: 'u', status: 'active', parentTaskId: 'ta' },
    ];
    const tasks = new Map([
      ['ca', [a]],
      ['cb', [b]],
    ]);

    const first = serialiseCascade('ca', directives, tasks, at(0))!;
    const fromOtherRoot = serialiseCascade('cb', directives, tasks, at(0), first.memo)!;

    expect(first.json).toBe(JSON.stringify(assembleCascade('ca', directives, [a, b], at(0))));
    expect(fromOtherRoot.json).toBe(JSON.stringify(assembleCascade('cb', directives, [a, b], at(0))));
  });

  it('answers undefined when the root is not among the directives', () => {
    expect(serialiseCascade('nope', [], new Map(), at(0))).toBeUndefined();
  });
});
