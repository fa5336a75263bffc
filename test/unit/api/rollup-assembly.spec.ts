import type { TaskStatus } from '@dondoc/domain';
import {
  assembleCascade,
  countsHoldUntil,
  emptyCounts,
  type CascadeDirectiveRow,
  type CascadeTaskRow,
  type RollupCounts,
} from '../../../apps/api/src/cascade/rollup';

const NOW = '2026-06-15T05:00:00.000Z';
const BEFORE = '2026-06-10T10:00:00.000Z';
const DEADLINE = '2026-06-12T10:00:00.000Z';
const AFTER = '2026-06-14T10:00:00.000Z';
const LATER = '2026-07-01T10:00:00.000Z';

let serial = 0;

/** A directive row; `implementing` names the task it carries out. */
function aDirective(id: string, implementing: string | null = null): CascadeDirectiveRow {
  return { id, number: `${id}-CV/TU`, issuerUnitId: `unit-of-${id}`, status: 'active', parentTaskId: implementing };
}

/** An open task due later, unless told otherwise. */
function aTask(directiveId: string, fields: Partial<CascadeTaskRow> = {}): CascadeTaskRow {
  serial += 1;
  return {
    id: `task-${String(serial).padStart(4, '0')}`,
    directiveId,
    unitId: `unit-${serial}`,
    role: 'lead',
    status: 'assigned',
    dueAt: LATER,
    originalDueAt: LATER,
    completedAt: null,
    escalated: false,
    ...fields,
  };
}

function counts(fields: Partial<RollupCounts>): RollupCounts {
  return { ...emptyCounts(), ...fields };
}

function tree(directives: CascadeDirectiveRow[], tasks: CascadeTaskRow[], rootId = directives[0]!.id) {
  const result = assembleCascade(rootId, directives, tasks, NOW);
  if (result === undefined) throw new Error('root not assembled');
  return result;
}

describe('roll-up of one directive', () => {
  it('counts completion against the original deadline, so an extension does not turn late work into on-time work', () => {
    const onTime = aTask('d1', { status: 'completed', dueAt: DEADLINE, originalDueAt: DEADLINE, completedAt: BEFORE });
    const exactlyAtDeadline = aTask('d1', {
      status: 'completed',
      dueAt: DEADLINE,
      originalDueAt: DEADLINE,
      completedAt: DEADLINE,
    });
    const late = aTask('d1', { status: 'completed', dueAt: DEADLINE, originalDueAt: DEADLINE, completedAt: AFTER });
    const extendedThenFinishedWithinExtension = aTask('d1', {
      status: 'completed',
      dueAt: LATER,
      originalDueAt: DEADLINE,
      completedAt: AFTER,
    });

    const { root, totals } = tree(
      [aDirective('d1')],
      [onTime, exactlyAtDeadline, late, extendedThenFinishedWithinExtension],
    );

    expect(root.counts).toEqual(counts({ total: 4, completedOnTime: 2, completedLate: 2 }));
    expect(totals).toEqual(root.counts);
  });

  it('counts open tasks as overdue only while the unit owes the work and the current deadline has passed', () => {
    const tasks = [
      aTask('d1', { status: 'assigned', dueAt: DEADLINE }),
      aTask('d1', { status: 'acknowledged', dueAt: DEADLINE }),
      aTask('d1', { status: 'in_progress', dueAt: DEADLINE }),
      // Waits on the reviewer, not the unit: open, not overdue.
      aTask('d1', { status: 'submitted', dueAt: DEADLINE }),
      // Extended past now: the unit is not chased, though the original deadline has passed.
      aTask('d1', { status: 'in_progress', dueAt: LATER, originalDueAt: DEADLINE }),
    ];

    const { root } = tree([aDirective('d1')], tasks);

    expect(root.counts).toEqual(counts({ total: 5, open: 5, overdue: 3 }));
    expect(root.tasks.map((t) => t.overdue)).toEqual([true, true, true, false, false]);
  });

  it('counts escalated, waived and cancelled tasks, and reassigned ones in the total only', () => {
    const statuses: TaskStatus[] = ['waived', 'cancelled', 'cancelled', 'reassigned'];
    const tasks = [
      ...statuses.map((status) => aTask('d1', { status })),
      aTask('d1', { status: 'in_progress', dueAt: DEADLINE, escalated: true }),
    ];

    const { root } = tree([aDirective('d1')], tasks);

    expect(root.counts).toEqual(counts({ total: 5, waived: 1, cancelled: 2, open: 1, overdue: 1, escalated: 1 }));
  });

  it('gives a leaf task no counts of its own and keeps the fields a dashboard shows', () => {
    const task = aTask('d1', { role: 'coordinate', dueAt: LATER, originalDueAt: DEADLINE, escalated: true });

    const { root, directiveCount } = tree([aDirective('d1')], [task]);

    expect(directiveCount).toBe(1);
    expect(root).toMatchObject({ id: 'd1', number: 'd1-CV/TU', issuerUnitId: 'unit-of-d1', status: 'active' });
    expect(root.tasks).toEqual([
      {
        id: task.id,
        unitId: task.unitId,
        role: 'coordinate',
        status: 'assigned',
        dueAt: LATER,
        originalDueAt: DEADLINE,
        overdue: false,
        escalated: true,
        implementedBy: [],
      },
    ]);
  });
});

describe('roll-up of a cascade', () => {
  // d1 (root) ── t1 ── d2 ── t21 ── d3 ── t31, t32
  //           │              └─ t22 (completed late)
  //           │        └─ d2b ── t2b (waived)
  //           └─ t2 (completed on time)
  const t1 = aTask('d1');
  const t2 = aTask('d1', { status: 'completed', completedAt: BEFORE, originalDueAt: DEADLINE, dueAt: DEADLINE });
  const t21 = aTask('d2', { status: 'acknowledged' });
  const t22 = aTask('d2', { status: 'completed', completedAt: AFTER, originalDueAt: DEADLINE, dueAt: LATER });
  const t2b = aTask('d2b', { status: 'waived' });
  const t31 = aTask('d3', { status: 'in_progress', dueAt: DEADLINE, escalated: true });
  const t32 = aTask('d3', { status: 'cancelled' });
  const directives = [aDirective('d1'), aDirective('d2', t1.id), aDirective('d2b', t1.id), aDirective('d3', t21.id)];
  const tasks = [t1, t2, t21, t22, t2b, t31, t32];

  it('hangs each directive under the task it implements', () => {
    const { root, directiveCount } = tree(directives, tasks);

    expect(directiveCount).toBe(4);
    // By deadline: t2 (due earlier) first.
    expect(root.tasks.map((t) => t.id)).toEqual([t2.id, t1.id]);
    expect(root.tasks.map((t) => t.implementedBy.map((d) => d.id))).toEqual([[], ['d2', 'd2b']]);
    const d2 = root.tasks[1]!.implementedBy[0]!;
    expect(d2.tasks[0]!.implementedBy.map((d) => d.id)).toEqual(['d3']);
    expect(d2.tasks[0]!.implementedBy[0]!.tasks.map((t) => t.id)).toEqual([t31.id, t32.id]);
  });

  it("counts each directive's own tasks, each implemented task's whole subtree, and the whole cascade", () => {
    const { root, totals } = tree(directives, tasks);
    const rootTask1 = root.tasks.find((t) => t.id === t1.id);
    const d2 = rootTask1!.implementedBy[0]!;
    const d2b = rootTask1!.implementedBy[1]!;
    const t21Node = d2.tasks.find((t) => t.id === t21.id)!;
    const d3 = t21Node.implementedBy[0]!;

    expect(root.counts).toEqual(counts({ total: 2, open: 1, completedOnTime: 1 }));
    expect(d2.counts).toEqual(counts({ total: 2, open: 1, completedLate: 1 }));
    expect(d2b.counts).toEqual(counts({ total: 1, waived: 1 }));
    expect(d3.counts).toEqual(counts({ total: 2, open: 1, overdue: 1, escalated: 1, cancelled: 1 }));
    // t21 with d3 below it.
    expect(t21Node.counts).toEqual(counts({ total: 3, open: 2, overdue: 1, escalated: 1, cancelled: 1 }));
    // t1 with d2, d3 and d2b below it.
    expect(rootTask1!.counts).toEqual(
      counts({ total: 6, open: 3, overdue: 1, escalated: 1, cancelled: 1, completedLate: 1, waived: 1 }),
    );
    expect(totals).toEqual(
      counts({
        total: 7,
        open: 3,
        overdue: 1,
        escalated: 1,
        cancelled: 1,
        completedLate: 1,
        completedOnTime: 1,
        waived: 1,
      }),
    );
  });

  it('can be read from any directive of the cascade, ignoring what lies above it', () => {
    const { root, totals } = tree(directives, tasks, 'd2');

    expect(root.id).toBe('d2');
    expect(totals).toEqual(counts({ total: 4, open: 2, overdue: 1, escalated: 1, cancelled: 1, completedLate: 1 }));
  });

  it('leaves out a directive whose parent task is not in the cascade, with what lies below it', () => {
    const stray = aDirective('stray', 'task-of-another-directive');
    const { directiveCount, totals } = tree([...directives, stray], [...tasks, aTask('stray')]);

    expect(directiveCount).toBe(4);
    expect(totals.total).toBe(7);
  });

  it('answers undefined when the root is not among the directives', () => {
    expect(assembleCascade('nope', directives, tasks, NOW)).toBeUndefined();
  });

  it('stops at a cycle instead of walking it forever', () => {
    // Corrupted data: the root implements a task of its own child.
    const a = aTask('ca');
    const b = aTask('cb');
    const { directiveCount, totals } = tree([aDirective('ca', b.id), aDirective('cb', a.id)], [a, b]);

    expect(directiveCount).toBe(2);
    expect(totals.total).toBe(2);
  });
});

describe('how long a roll-up holds without a write', () => {
  const SOON = '2026-06-15T05:00:01.000Z';

  it('holds until the earliest deadline not yet passed among tasks the unit still owes', () => {
    const tasks = [
      aTask('h', { dueAt: LATER }),
      aTask('h', { status: 'in_progress', dueAt: SOON }),
      aTask('h', { status: 'acknowledged', dueAt: DEADLINE }), // already overdue: changes nothing later
      aTask('h', { status: 'submitted', dueAt: NOW }), // waits on the reviewer: never overdue
      aTask('h', { status: 'completed', dueAt: NOW, completedAt: BEFORE }),
    ];

    expect(countsHoldUntil(tasks, NOW)).toBe(SOON);
  });

  it('still holds at the deadline itself, and turns at the first instant after it', () => {
    const task = aTask('h', { dueAt: SOON });
    const holdsUntil = countsHoldUntil([task], NOW)!;

    expect(tree([aDirective('h')], [task]).totals.overdue).toBe(0);
    expect(assembleCascade('h', [aDirective('h')], [task], holdsUntil)!.totals.overdue).toBe(0);
    expect(assembleCascade('h', [aDirective('h')], [task], '2026-06-15T05:00:01.001Z')!.totals.overdue).toBe(1);
  });

  it('holds for ever when no open task has a deadline ahead', () => {
    const tasks = [
      aTask('h', { dueAt: DEADLINE }),
      aTask('h', { status: 'waived', dueAt: LATER }),
      aTask('h', { status: 'submitted', dueAt: LATER }),
    ];

    expect(countsHoldUntil(tasks, NOW)).toBeUndefined();
  });
});
