import {
  IllegalTransitionError,
  OPEN_STATUSES,
  TASK_ACTIONS,
  TASK_ROLES,
  TASK_STATUSES,
  allowedActions,
  isAwaitingWork,
  isOpen,
  isTaskAction,
  isTaskRole,
  isTaskStatus,
  isTerminal,
  nextStatus,
  type TaskAction,
  type TaskMachineState,
  type TaskRole,
  type TaskStatus,
} from '@dondoc/domain';

/*
 * The whole state machine, written out by hand: one row per (status, role, review required),
 * one column per action. A cell is the status the action leads to, or "." when it is refused.
 *   A assigned   K acknowledged   P in_progress   S submitted
 *   C completed  X cancelled      W waived        R reassigned
 */
const COLUMNS = 'acknowledge progress submit accept return request_extension extend remind cancel waive reassign';
const EXPECTED = `
  status        role        review | ack prg sub acc ret req ext rem can wai rea
  assigned      lead        yes    |  K   P   S   .   .   A   A   A   X   W   R
  assigned      lead        no     |  K   P   C   .   .   A   A   A   X   W   R
  assigned      coordinate  yes    |  K   P   S   .   .   A   A   A   X   W   R
  assigned      coordinate  no     |  K   P   C   .   .   A   A   A   X   W   R
  assigned      inform      yes    |  C   .   .   .   .   A   A   A   X   W   R
  assigned      inform      no     |  C   .   .   .   .   A   A   A   X   W   R
  acknowledged  lead        yes    |  .   P   S   .   .   K   K   K   X   W   R
  acknowledged  lead        no     |  .   P   C   .   .   K   K   K   X   W   R
  acknowledged  coordinate  yes    |  .   P   S   .   .   K   K   K   X   W   R
  acknowledged  coordinate  no     |  .   P   C   .   .   K   K   K   X   W   R
  acknowledged  inform      yes    |  .   .   .   .   .   K   K   K   X   W   R
  acknowledged  inform      no     |  .   .   .   .   .   K   K   K   X   W   R
  in_progress   lead        yes    |  .   P   S   .   .   P   P   P   X   W   R
  in_progress   lead        no     |  .   P   C   .   .   P   P   P   X   W   R
  in_progress   coordinate  yes    |  .   P   S   .   .   P   P   P   X   W   R
  in_progress   coordinate  no     |  .   P   C   .   .   P   P   P   X   W   R
  in_progress   inform      yes    |  .   .   .   .   .   P   P   P   X   W   R
  in_progress   inform      no     |  .   .   .   .   .   P   P   P   X   W   R
  submitted     lead        yes    |  .   .   .   C   P   .   S   S   X   W   R
  submitted     lead        no     |  .   .   .   .   .   .   S   S   X   W   R
  submitted     coordinate  yes    |  .   .   .   C   P   .   S   S   X   W   R
  submitted     coordinate  no     |  .   .   .   .   .   .   S   S   X   W   R
  submitted     inform      yes    |  .   .   .   C   P   .   S   S   X   W   R
  submitted     inform      no     |  .   .   .   .   .   .   S   S   X   W   R
  completed     lead        yes    |  .   .   .   .   .   .   .   .   .   .   .
  completed     lead        no     |  .   .   .   .   .   .   .   .   .   .   .
  completed     coordinate  yes    |  .   .   .   .   .   .   .   .   .   .   .
  completed     coordinate  no     |  .   .   .   .   .   .   .   .   .   .   .
  completed     inform      yes    |  .   .   .   .   .   .   .   .   .   .   .
  completed     inform      no     |  .   .   .   .   .   .   .   .   .   .   .
  cancelled     lead        yes    |  .   .   .   .   .   .   .   .   .   .   .
  cancelled     lead        no     |  .   .   .   .   .   .   .   .   .   .   .
  cancelled     coordinate  yes    |  .   .   .   .   .   .   .   .   .   .   .
  cancelled     coordinate  no     |  .   .   .   .   .   .   .   .   .   .   .
  cancelled     inform      yes    |  .   .   .   .   .   .   .   .   .   .   .
  cancelled     inform      no     |  .   .   .   .   .   .   .   .   .   .   .
  waived        lead        yes    |  .   .   .   .   .   .   .   .   .   .   .
  waived        lead        no     |  .   .   .   .   .   .   .   .   .   .   .
  waived        coordinate  yes    |  .   .   .   .   .   .   .   .   .   .   .
  waived        coordinate  no     |  .   .   .   .   .   .   .   .   .   .   .
  waived        inform      yes    |  .   .   .   .   .   .   .   .   .   .   .
  waived        inform      no     |  .   .   .   .   .   .   .   .   .   .   .
  reassigned    lead        yes    |  .   .   .   .   .   .   .   .   .   .   .
  reassigned    lead        no     |  .   .   .   .   .   .   .   .   .   .   .
  reassigned    coordinate  yes    |  .   .   .   .   .   .   .   .   .   .   .
  reassigned    coordinate  no     |  .   .   .   .   .   .   .   .   .   .   .
  reassigned    inform      yes    |  .   .   .   .   .   .   .   .   .   .   .
  reassigned    inform      no     |  .   .   .   .   .   .   .   .   .   .   .
`;

const CELL: Record<string, TaskStatus | undefined> = {
  A: 'assigned',
  K: 'acknowledged',
  P: 'in_progress',
  S: 'submitted',
  C: 'completed',
  X: 'cancelled',
  W: 'waived',
  R: 'reassigned',
  '.': undefined,
};

interface Row {
  label: string;
  state: TaskMachineState;
  expected: Record<TaskAction, TaskStatus | undefined>;
}

const ACTION_COLUMNS = COLUMNS.split(' ') as TaskAction[];

const ROWS: Row[] = EXPECTED.trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [head = '', cells = ''] = line.split('|');
    const [status, role, review] = head.trim().split(/\s+/);
    const values = cells.trim().split(/\s+/);
    if (values.length !== ACTION_COLUMNS.length) throw new Error(`bad row in expected table: ${line}`);
    const expected = Object.fromEntries(
      ACTION_COLUMNS.map((action, i) => {
        const code = values[i] ?? '?';
        if (!(code in CELL)) throw new Error(`bad cell ${code} in expected table: ${line}`);
        return [action, CELL[code]];
      }),
    ) as Record<TaskAction, TaskStatus | undefined>;
    const state = { status: status as TaskStatus, role: role as TaskRole, reviewRequired: review === 'yes' };
    return {
      label: `${status} ${role} task, review ${review === 'yes' ? 'required' : 'not required'}`,
      state,
      expected,
    };
  });

/** What the implementation does, in the same shape as the expected table. */
function observe(state: TaskMachineState): Record<TaskAction, TaskStatus | undefined> {
  return Object.fromEntries(
    ACTION_COLUMNS.map((action) => {
      try {
        return [action, nextStatus(state, action)];
      } catch (error) {
        if (!(error instanceof IllegalTransitionError)) throw error;
        return [action, undefined];
      }
    }),
  ) as Record<TaskAction, TaskStatus | undefined>;
}

const lead = (status: TaskStatus, reviewRequired = true): TaskMachineState => ({
  status,
  role: 'lead',
  reviewRequired,
});
const inform = (status: TaskStatus): TaskMachineState => ({ status, role: 'inform', reviewRequired: false });

describe('task state machine', () => {
  describe('expected table', () => {
    it('has one row for every status, role and review setting, and a column for every action', () => {
      expect(ACTION_COLUMNS).toEqual([...TASK_ACTIONS]);
      const keys = ROWS.map((row) => `${row.state.status}/${row.state.role}/${row.state.reviewRequired}`);
      expect(new Set(keys).size).toBe(TASK_STATUSES.length * TASK_ROLES.length * 2);
      expect(ROWS).toHaveLength(48);
    });
  });

  describe.each(ROWS)('$label', ({ state, expected }) => {
    it('moves to the expected status on every allowed action and refuses every other action', () => {
      expect(observe(state)).toEqual(expected);
    });

    it('lists exactly the allowed actions, in TASK_ACTIONS order', () => {
      const allowed = ACTION_COLUMNS.filter((action) => expected[action] !== undefined);
      expect(allowedActions(state)).toEqual(allowed);
    });

    it('explains every refusal with the status, the action and the allowed actions', () => {
      for (const action of ACTION_COLUMNS.filter((a) => expected[a] === undefined)) {
        let thrown: unknown;
        try {
          nextStatus(state, action);
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(IllegalTransitionError);
        const error = thrown as IllegalTransitionError;
        expect(error.status).toBe(state.status);
        expect(error.action).toBe(action);
        expect(error.allowedActions).toEqual(ACTION_COLUMNS.filter((a) => expected[a] !== undefined));
      }
    });
  });

  describe('rules in words', () => {
    it('completes an inform task on acknowledgement', () => {
      expect(nextStatus(inform('assigned'), 'acknowledge')).toBe('completed');
    });

    it('moves a lead task to acknowledged on acknowledgement', () => {
      expect(nextStatus(lead('assigned'), 'acknowledge')).toBe('acknowledged');
    });

    it('acknowledges only once', () => {
      expect(() => nextStatus(lead('acknowledged'), 'acknowledge')).toThrow(IllegalTransitionError);
    });

    it('lets a unit report progress or submit without acknowledging first', () => {
      expect(nextStatus(lead('assigned'), 'progress')).toBe('in_progress');
      expect(nextStatus(lead('assigned'), 'submit')).toBe('submitted');
    });

    it('waits for the reviewer after submission when review is required', () => {
      expect(nextStatus(lead('in_progress', true), 'submit')).toBe('submitted');
    });

    it('completes a task on submission when no review is required', () => {
      expect(nextStatus(lead('in_progress', false), 'submit')).toBe('completed');
    });

    it('completes a submitted task on acceptance', () => {
      expect(nextStatus(lead('submitted'), 'accept')).toBe('completed');
    });

    it('sends a returned submission back to in progress', () => {
      expect(nextStatus(lead('submitted'), 'return')).toBe('in_progress');
    });

    it('never lets an inform task report progress or submit', () => {
      expect(allowedActions(inform('assigned'))).toEqual([
        'acknowledge',
        'request_extension',
        'extend',
        'remind',
        'cancel',
        'waive',
        'reassign',
      ]);
    });

    it('keeps the status on remind, extend and request_extension', () => {
      expect(nextStatus(lead('in_progress'), 'remind')).toBe('in_progress');
      expect(nextStatus(lead('acknowledged'), 'extend')).toBe('acknowledged');
      expect(nextStatus(lead('assigned'), 'request_extension')).toBe('assigned');
    });

    it('does not let a unit ask for more time once it has submitted', () => {
      expect(() => nextStatus(lead('submitted'), 'request_extension')).toThrow(IllegalTransitionError);
      expect(nextStatus(lead('submitted'), 'extend')).toBe('submitted');
    });

    it('allows nothing once a task is completed, cancelled, waived or reassigned', () => {
      for (const status of ['completed', 'cancelled', 'waived', 'reassigned'] as const) {
        expect(allowedActions(lead(status))).toEqual([]);
      }
    });
  });

  describe('refusal messages', () => {
    it('says "none" when nothing is allowed', () => {
      expect(() => nextStatus(lead('completed'), 'submit')).toThrow(
        'cannot submit a task that is completed; allowed actions: none',
      );
    });

    it('lists the allowed actions', () => {
      expect(() => nextStatus(lead('submitted'), 'submit')).toThrow(
        'cannot submit a task that is submitted; allowed actions: accept, return, extend, remind, cancel, waive, reassign',
      );
    });
  });

  describe('status groups', () => {
    const groups: [TaskStatus, boolean, boolean, boolean][] = [
      // status          open   terminal awaitingWork
      ['assigned', true, false, true],
      ['acknowledged', true, false, true],
      ['in_progress', true, false, true],
      ['submitted', true, false, false],
      ['completed', false, true, false],
      ['cancelled', false, true, false],
      ['waived', false, true, false],
      ['reassigned', false, true, false],
    ];

    it.each(groups)('classifies %s: open %s, terminal %s, awaiting work %s', (status, open, terminal, awaiting) => {
      expect(isOpen(status)).toBe(open);
      expect(isTerminal(status)).toBe(terminal);
      expect(isAwaitingWork(status)).toBe(awaiting);
    });

    it('covers every status and lists the open ones', () => {
      expect(groups.map(([status]) => status)).toEqual([...TASK_STATUSES]);
      expect(OPEN_STATUSES).toEqual(['assigned', 'acknowledged', 'in_progress', 'submitted']);
    });
  });

  describe('vocabulary guards', () => {
    it('recognises known statuses, roles and actions and nothing else', () => {
      expect(isTaskStatus('in_progress')).toBe(true);
      expect(isTaskStatus('done')).toBe(false);
      expect(isTaskStatus(undefined)).toBe(false);
      expect(isTaskRole('coordinate')).toBe(true);
      expect(isTaskRole('owner')).toBe(false);
      expect(isTaskAction('request_extension')).toBe(true);
      expect(isTaskAction('delete')).toBe(false);
    });
  });
});
