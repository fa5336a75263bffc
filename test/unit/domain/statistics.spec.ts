import {
  OPEN_STATUSES,
  RAW_COUNT_NAMES,
  TASK_STATUSES,
  classifyTask,
  countTasks,
  countsFromRaw,
  emptyCounts,
  escalationJoinSql,
  outcomeSql,
  overdueSql,
  sumCounts,
  type RawCounts,
  type StatisticsTask,
  type TaskStatus,
} from '@dondoc/domain';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** "Now" of every test: 1 July 2026, 10:00 in Vietnam. */
const NOW = new Date('2026-07-01T10:00:00+07:00');
const at = (offsetMs: number): Date => new Date(NOW.getTime() + offsetMs);

/** A task builder: a lead task due a day before now, never extended, still assigned. */
function aTask(fields: Partial<StatisticsTask> = {}): StatisticsTask {
  const due = fields.dueAt ?? at(-DAY);
  return {
    status: 'assigned',
    dueAt: due,
    originalDueAt: fields.originalDueAt ?? due,
    submittedAt: null,
    completedAt: null,
    everEscalated: false,
    ...fields,
  };
}

/** Completed by a submission at `submittedAt` (no review: completed at the same instant). */
function completedAt(submittedAt: Date, fields: Partial<StatisticsTask> = {}): StatisticsTask {
  return aTask({ status: 'completed', submittedAt, completedAt: submittedAt, ...fields });
}

describe('statistics: one task', () => {
  it('calls a task completed on time when it was delivered by its deadline, and late one second after', () => {
    const due = at(-DAY);
    expect(classifyTask(completedAt(due, { dueAt: due }), NOW)).toMatchObject({
      outcome: 'completedOnTime',
      onTimeByOriginalDeadline: true,
    });
    expect(classifyTask(completedAt(new Date(due.getTime() + 1_000), { dueAt: due }), NOW).outcome).toBe(
      'completedLate',
    );
  });

  it('judges a reviewed task by its submission, not by when the issuer accepted it', () => {
    const due = at(-2 * DAY);
    const reviewedLate = aTask({ status: 'completed', dueAt: due, submittedAt: at(-3 * DAY), completedAt: at(-DAY) });
    expect(classifyTask(reviewedLate, NOW).outcome).toBe('completedOnTime');
  });

  it('judges an inform task (acknowledged, never submitted) by its completion', () => {
    const due = at(-2 * DAY);
    expect(classifyTask(aTask({ status: 'completed', dueAt: due, completedAt: at(-DAY) }), NOW).outcome).toBe(
      'completedLate',
    );
    expect(classifyTask(aTask({ status: 'completed', dueAt: due, completedAt: at(-3 * DAY) }), NOW).outcome).toBe(
      'completedOnTime',
    );
  });

  it('counts an extended task delivered within the extension on time by the extended deadline only', () => {
    const original = at(-5 * DAY);
    const task = completedAt(at(-3 * DAY), { originalDueAt: original, dueAt: at(-2 * DAY) });
    expect(classifyTask(task, NOW)).toEqual({
      outcome: 'completedOnTime',
      onTimeByOriginalDeadline: false,
      extended: true,
      escalated: false,
    });
  });

  it('counts an extended task delivered before its first deadline on time by both', () => {
    const task = completedAt(at(-6 * DAY), { originalDueAt: at(-5 * DAY), dueAt: at(-2 * DAY) });
    expect(classifyTask(task, NOW)).toMatchObject({
      outcome: 'completedOnTime',
      onTimeByOriginalDeadline: true,
      extended: true,
    });
  });

  it('is overdue only while the unit owes the work and the deadline in force has passed', () => {
    for (const status of ['assigned', 'acknowledged', 'in_progress'] as const) {
      expect(classifyTask(aTask({ status, dueAt: at(-1) }), NOW).outcome).toBe('overdue');
      expect(classifyTask(aTask({ status, dueAt: at(HOUR) }), NOW).outcome).toBe('openWithinDeadline');
    }
  });

  it('is not overdue once extended past now, though its first deadline has passed', () => {
    expect(classifyTask(aTask({ originalDueAt: at(-DAY), dueAt: at(DAY) }), NOW)).toMatchObject({
      outcome: 'openWithinDeadline',
      extended: true,
    });
  });

  it('keeps a submission waiting for review open within the deadline: the unit has delivered', () => {
    expect(classifyTask(aTask({ status: 'submitted', dueAt: at(-DAY), submittedAt: at(-2 * DAY) }), NOW).outcome).toBe(
      'openWithinDeadline',
    );
  });

  it('gives waived, cancelled and reassigned tasks outcomes of their own, keeping the escalation and extension flags', () => {
    const flags = { everEscalated: true, originalDueAt: at(-3 * DAY), dueAt: at(-DAY) };
    expect(classifyTask(aTask({ status: 'waived', ...flags }), NOW)).toEqual({
      outcome: 'waived',
      onTimeByOriginalDeadline: false,
      extended: true,
      escalated: true,
    });
    expect(classifyTask(aTask({ status: 'cancelled', ...flags }), NOW).outcome).toBe('cancelled');
    expect(classifyTask(aTask({ status: 'reassigned', ...flags }), NOW).outcome).toBe('reassigned');
  });

  it('gives every status its outcome: past its deadline, open ones are overdue unless submitted', () => {
    const expected: Record<TaskStatus, string> = {
      assigned: 'overdue',
      acknowledged: 'overdue',
      in_progress: 'overdue',
      submitted: 'openWithinDeadline',
      completed: 'completedLate',
      cancelled: 'cancelled',
      waived: 'waived',
      reassigned: 'reassigned',
    };
    for (const status of TASK_STATUSES) {
      const task = aTask({ status, ...(status === 'completed' ? { completedAt: at(-1) } : {}) });
      expect([status, classifyTask(task, NOW).outcome]).toEqual([status, expected[status]]);
    }
  });
});

describe('statistics: a set of tasks', () => {
  /**
   * One unit's period, written out: 2 on time (one within an extension), 1 late, 1 open within
   * its deadline, 2 overdue (one escalated), 1 waived after escalation, 1 cancelled by a
   * withdrawal, 1 reassigned away; plus a periodic report's three periods, each its own task.
   */
  const tasks: StatisticsTask[] = [
    completedAt(at(-10 * DAY), { dueAt: at(-9 * DAY) }),
    completedAt(at(-4 * DAY), { originalDueAt: at(-6 * DAY), dueAt: at(-3 * DAY) }),
    completedAt(at(-2 * DAY), { dueAt: at(-5 * DAY) }),
    aTask({ status: 'in_progress', dueAt: at(3 * DAY) }),
    aTask({ status: 'acknowledged', dueAt: at(-DAY) }),
    aTask({ status: 'assigned', dueAt: at(-2 * DAY), everEscalated: true }),
    aTask({ status: 'waived', dueAt: at(-8 * DAY), everEscalated: true }),
    aTask({ status: 'cancelled', dueAt: at(5 * DAY) }),
    aTask({ status: 'reassigned', dueAt: at(-7 * DAY), everEscalated: true }),
    // Periodic report, monthly: May delivered on time, June late, July not due yet.
    completedAt(at(-31 * DAY), { dueAt: at(-30 * DAY) }),
    completedAt(at(-DAY + HOUR), { dueAt: at(-DAY) }),
    aTask({ status: 'assigned', dueAt: at(29 * DAY) }),
  ];

  it('counts each outcome once, with due = completed + open + overdue', () => {
    const counts = countTasks(tasks, NOW);
    expect(counts).toEqual({
      due: 9,
      completedOnTime: { byOriginalDeadline: 2, byExtendedDeadline: 3 },
      completedLate: 2,
      openWithinDeadline: 2,
      overdue: 2,
      waived: 1,
      cancelled: 1,
      reassigned: 1,
      extended: 1,
      escalated: 3,
      onTimeRate: 3 / 7,
      onTimeRateByOriginalDeadline: 2 / 7,
    });
  });

  it('leaves waived, cancelled and reassigned tasks and tasks not yet due out of the rate', () => {
    const counts = countTasks(
      [
        completedAt(at(-2 * DAY)),
        aTask({ status: 'cancelled' }),
        aTask({ status: 'waived' }),
        aTask({ status: 'reassigned' }),
        aTask({ dueAt: at(DAY) }),
      ],
      NOW,
    );
    expect(counts.onTimeRate).toBe(1);
    expect(counts.due).toBe(2);
  });

  it('has no rate when nothing has come due', () => {
    expect(countTasks([aTask({ dueAt: at(DAY) })], NOW).onTimeRate).toBeNull();
    expect(countTasks([], NOW)).toEqual(emptyCounts());
  });

  it('adds units up into a total whose rate is recomputed, not averaged', () => {
    const a = countTasks([completedAt(at(-2 * DAY))], NOW);
    const b = countTasks([completedAt(at(-DAY + HOUR)), aTask(), aTask()], NOW);
    const total = sumCounts([a, b]);
    expect(total).toEqual(countTasks([completedAt(at(-2 * DAY)), completedAt(at(-DAY + HOUR)), aTask(), aTask()], NOW));
    expect(total.onTimeRate).toBe(1 / 4);
  });

  it('derives due and the rates from raw counts once', () => {
    const raw = Object.fromEntries(RAW_COUNT_NAMES.map((name) => [name, 1])) as unknown as RawCounts;
    expect(countsFromRaw(raw)).toMatchObject({ due: 4, onTimeRate: 1 / 3 });
  });
});

describe('statistics: the rules as SQL', () => {
  const sql = outcomeSql('t', ':now');

  it('has one condition per raw count, over the aliases given', () => {
    expect(Object.keys(sql).sort()).toEqual([...RAW_COUNT_NAMES].sort());
    const { escalated, ...onTasks } = outcomeSql('t', ':now', 'e');
    for (const condition of Object.values(onTasks)) expect(condition).toMatch(/\bt\./);
    expect(escalated).toBe('e.task_id IS NOT NULL');
    expect(escalationJoinSql('t', 'e')).toBe(
      'LEFT JOIN (SELECT DISTINCT task_id FROM escalations) e ON e.task_id = t.id',
    );
  });

  it('names in the overdue rule exactly the statuses in which the unit owes work', () => {
    const named = TASK_STATUSES.filter((s) => overdueSql('t').includes(`'${s}'`));
    expect(named).toEqual(['assigned', 'acknowledged', 'in_progress']);
    expect(overdueSql('x', '$1')).toBe(`(x.status IN ('assigned', 'acknowledged', 'in_progress') AND x.due_at < $1)`);
  });

  it('counts as open within the deadline every open status', () => {
    const named: TaskStatus[] = TASK_STATUSES.filter((s) =>
      sql.openWithinDeadline.split('AND NOT')[0]!.includes(`'${s}'`),
    );
    expect(named).toEqual([...OPEN_STATUSES]);
  });
});
