/**
 * Withdrawal cascades: withdrawing a directive withdraws, through their own workflows, the
 * directives implementing it, all the way down; each of their open tasks is cancelled once, in
 * the withdrawing actor's name, naming the root of the cascade. A directive already withdrawn
 * is skipped.
 */
import { withdrawUpdate, type DirectiveInput } from '@dondoc/workflows/directive/contract';
import type { AssignmentRef } from '@dondoc/workflows/directive/contract';
import { aDirective } from '../support/builders';
import { eventually } from '../support/eventually';
import { FakeDondocActivities } from '../support/fake-activities';
import { useTestbed, type WorkerScope } from '../support/testbed';

const WAIT_MS = 10 * 60_000;
const CHAIR = 'truong-ban-tuyen-giao-tw';

// No time is skipped here, and the cascade's activities send Updates: the dev server (see TestServer).
const testbed = useTestbed('dev');

interface Level {
  input: DirectiveInput;
  assignments: AssignmentRef[];
  number: string;
}

/** Three directives, each implementing the one above: central → province → city. */
async function threeLevels(fake: FakeDondocActivities): Promise<[Level, Level, Level]> {
  const now = await testbed.now();
  const levels: Level[] = [];
  for (const [number, count] of [
    ['990-CV/BTGTW', 2],
    ['335-CV/TU', 2],
    ['276-CV/TU', 3],
  ] as const) {
    const { input, assignments } = aDirective().from(now).dueIn('30 days').withTasks(count).build();
    const parent = levels.at(-1);
    fake.seedDirective(input.directiveId, assignments, {
      number,
      ...(parent ? { parentDirectiveId: parent.input.directiveId } : {}),
    });
    levels.push({ input, assignments, number });
  }
  return levels as [Level, Level, Level];
}

/** Starts every level's workflow and waits until all their tasks run. */
async function startAll({ startDirective }: WorkerScope, levels: Level[]) {
  const handles = [];
  for (const level of levels) {
    const handle = await startDirective(level.input);
    handles.push(handle);
  }
  const all = levels.flatMap((l) => l.assignments);
  await eventually(() => expect(all.every((a) => current.task(a.taskId)?.activatedAt)).toBe(true));
  return handles;
}

/** The fake of the running test (tests in a file run one after another). */
let current: FakeDondocActivities;

describe('withdrawal cascade', () => {
  it('withdrawing the root cancels every open task two levels down, each naming the root directive and the withdrawing actor', async () => {
    current = new FakeDondocActivities();
    const [root, province, city] = await threeLevels(current);

    await testbed.withWorker(current, async (scope) => {
      const [rootHandle] = await startAll(scope, [root, province, city]);
      await rootHandle!.executeUpdate(withdrawUpdate, {
        args: [{ actor: CHAIR, reason: 'Thay thế bằng văn bản mới', waitMs: WAIT_MS }],
      });

      for (const level of [province, city]) {
        await eventually(() => expect(current.directive(level.input.directiveId)?.status).toBe('withdrawn'));
        for (const a of level.assignments) {
          await eventually(() => expect(current.task(a.taskId)?.status).toBe('cancelled'));
          const cancels = current.changesOf(a.taskId).filter((c) => c.action === 'cancel');
          expect(cancels).toHaveLength(1);
          expect(cancels[0]).toMatchObject({
            actor: CHAIR,
            data: {
              cause: 'parent directive withdrawn',
              directiveId: level.input.directiveId,
              rootDirectiveId: root.input.directiveId,
              rootDirectiveNumber: '990-CV/BTGTW',
            },
          });
        }
      }
      for (const a of root.assignments) {
        expect(current.changesOf(a.taskId).at(-1)).toMatchObject({
          action: 'cancel',
          actor: CHAIR,
          data: { cause: 'directive withdrawn' },
        });
      }
      // Each directive asks for its own children once; the city has none.
      await eventually(() =>
        expect(current.callsOf('withdrawImplementingDirectives').map((c) => c.caller)).toHaveLength(3),
      );
      expect(current.directive(province.input.directiveId)).toMatchObject({
        withdrawnBy: CHAIR,
        withdrawnReason: 'the directive it implements, 990-CV/BTGTW, was withdrawn',
      });
    });
  });

  it('skips a directive already withdrawn on its own, and its children stay as that withdrawal left them', async () => {
    current = new FakeDondocActivities();
    const [root, province, city] = await threeLevels(current);

    await testbed.withWorker(current, async (scope) => {
      const [rootHandle, provinceHandle] = await startAll(scope, [root, province, city]);
      await provinceHandle!.executeUpdate(withdrawUpdate, {
        args: [{ actor: 'bi-thu-tinh-uy', reason: 'Tỉnh tự thu hồi', waitMs: WAIT_MS }],
      });
      for (const a of city.assignments)
        await eventually(() => expect(current.task(a.taskId)?.status).toBe('cancelled'));

      await rootHandle!.executeUpdate(withdrawUpdate, { args: [{ actor: CHAIR, reason: null, waitMs: WAIT_MS }] });
      await eventually(async () => expect((await rootHandle!.describe()).status.name).toBe('COMPLETED'));

      expect(current.directive(province.input.directiveId)).toMatchObject({
        withdrawnBy: 'bi-thu-tinh-uy',
        withdrawnReason: 'Tỉnh tự thu hồi',
      });
      expect(current.callsOf('markDirectiveWithdrawn').map((c) => c.input.directiveId)).toEqual([
        province.input.directiveId,
        city.input.directiveId,
        root.input.directiveId,
      ]);
      for (const a of [...province.assignments, ...city.assignments]) {
        const cancels = current.changesOf(a.taskId).filter((c) => c.action === 'cancel');
        expect(cancels).toHaveLength(1);
        expect(cancels[0]!.actor).toBe('bi-thu-tinh-uy');
      }
    });
  });
});
