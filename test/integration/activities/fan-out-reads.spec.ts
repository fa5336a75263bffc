/**
 * The activities a directive's fan-out and its report series read and write, on a real
 * PostgreSQL database: the assignments paged in a stable order, a report period opened once,
 * the escalation chain read from the unit tree.
 */
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { AssignmentRef } from '@dondoc/workflows/directive/contract';
import type { Recurrence } from '@dondoc/domain';
import { useTestDatabase } from '../support/database';
import { auditRecordsOf, seedDirective, seedTask, seedUnit, unitId } from './seed';

describe('fan-out and report-series activities', () => {
  const database = useTestDatabase();

  const failureOf = (promise: Promise<unknown>): Promise<unknown> =>
    promise.then(
      () => undefined,
      (error: unknown) => error,
    );

  describe('loadAssignments', () => {
    it('pages through the initial assignments in unit order, leaving out successors and later periods', async () => {
      const issuer = await seedUnit(database.dataSource);
      const directiveId = await seedDirective(database.dataSource, { issuerUnitId: issuer });
      const recurrence: Recurrence = { every: 'P1M', until: '2027-12-31T00:00:00.000Z' };
      // Ids chosen out of order, so the order can only come from the query.
      const units = ['e', 'b', 'd', 'a', 'c'].map((letter) => unitId(`${letter}-unit`));
      for (const unit of units) await seedUnit(database.dataSource, { id: unit });
      const tasks = new Map<string, string>();
      for (const [index, unit] of units.entries()) {
        const periodic = index === 0;
        tasks.set(
          unit,
          await seedTask(database.dataSource, {
            directiveId,
            unitId: unit,
            period: periodic ? 0 : null,
            recurrence: periodic ? recurrence : null,
          }),
        );
      }
      // Rows the series and reassignments add while the fan-out pages on.
      await seedTask(database.dataSource, { directiveId, unitId: units[0]!, period: 1, recurrence });
      const successorUnit = await seedUnit(database.dataSource, { id: unitId('0-successor') });
      await seedTask(database.dataSource, {
        directiveId,
        unitId: successorUnit,
        reassignedFromTaskId: tasks.get(units[1]!)!,
      });

      const pages: AssignmentRef[][] = [];
      for (let offset = 0; ; offset += 2) {
        const page = await database.activities.loadAssignments({ directiveId, offset, limit: 2 });
        pages.push(page);
        if (page.length === 0) break;
      }

      expect(pages.map((page) => page.length)).toEqual([2, 2, 1, 0]);
      const sorted = [...units].sort();
      expect(pages.flat().map((a) => a.unitId)).toEqual(sorted);
      expect(pages.flat().map((a) => a.taskId)).toEqual(sorted.map((unit) => tasks.get(unit)));
      const periodic = pages.flat().find((a) => a.unitId === units[0]);
      expect(periodic).toEqual({
        taskId: tasks.get(units[0]!),
        unitId: units[0],
        role: 'lead',
        dueAt: '2026-12-31T10:00:00.000Z',
        originalDueAt: '2026-12-31T10:00:00.000Z',
        recurrence,
      });
      expect(pages.flat().filter((a) => 'recurrence' in a)).toHaveLength(1);
    });

    it('fails retryably while the directive is not visible yet, rather than answering an empty page', async () => {
      const failure = await failureOf(
        database.activities.loadAssignments({ directiveId: randomUUID(), offset: 0, limit: 10 }),
      );
      expect(failure).toBeInstanceOf(Error);
      expect(failure).not.toBeInstanceOf(ApplicationFailure);
      expect((failure as Error).message).toMatch(/is not visible yet/);
    });
  });

  describe('openReportPeriod', () => {
    const seedSeries = async (status: 'active' | 'withdrawn' = 'active') => {
      const issuer = await seedUnit(database.dataSource);
      const unit = await seedUnit(database.dataSource);
      const directiveId = await seedDirective(database.dataSource, { issuerUnitId: issuer, status });
      const recurrence: Recurrence = { dayOfMonth: 5, until: '2027-12-31T00:00:00.000Z' };
      const periodZero = await seedTask(database.dataSource, {
        directiveId,
        unitId: unit,
        role: 'coordinate',
        period: 0,
        recurrence,
      });
      return { directiveId, unit, recurrence, periodZero };
    };

    it('opens a period once: a retry with another id answers the first row and writes nothing', async () => {
      const { directiveId, unit, recurrence } = await seedSeries();
      const taskId = randomUUID();
      const input = { directiveId, unitId: unit, period: 1, dueAt: '2027-01-05T10:00:00.000Z', taskId };

      expect(await database.activities.openReportPeriod(input)).toEqual({ taskId });
      expect(await database.activities.openReportPeriod({ ...input, taskId: randomUUID() })).toEqual({ taskId });

      const rows = await database.dataSource.query(
        `SELECT id, role, instructions, due_at, original_due_at, status, recurrence FROM tasks WHERE directive_id = $1 AND period = 1`,
        [directiveId],
      );
      expect(rows).toEqual([
        {
          id: taskId,
          role: 'coordinate',
          instructions: 'Báo cáo trước hạn',
          due_at: new Date('2027-01-05T10:00:00.000Z'),
          original_due_at: new Date('2027-01-05T10:00:00.000Z'),
          status: 'assigned',
          recurrence,
        },
      ]);
      expect(await auditRecordsOf(database.dataSource, taskId)).toEqual([
        expect.objectContaining({
          actor: 'system',
          action: 'task.open_period',
          after: { unitId: unit, period: 1, dueAt: '2027-01-05T10:00:00.000Z', status: 'assigned' },
        }),
      ]);
    });

    it('opens no period of a withdrawn directive', async () => {
      const { directiveId, unit } = await seedSeries('withdrawn');
      const taskId = randomUUID();

      expect(
        await database.activities.openReportPeriod({
          directiveId,
          unitId: unit,
          period: 1,
          dueAt: '2027-01-05T10:00:00.000Z',
          taskId,
        }),
      ).toBeNull();
      expect(
        await database.dataSource.query(`SELECT id FROM tasks WHERE directive_id = $1 AND period = 1`, [directiveId]),
      ).toEqual([]);
      expect(await auditRecordsOf(database.dataSource, taskId)).toEqual([]);
    });

    it('refuses for good a unit that has no periodic report in the directive', async () => {
      const { directiveId } = await seedSeries();
      const stranger = await seedUnit(database.dataSource);

      const failure = await failureOf(
        database.activities.openReportPeriod({
          directiveId,
          unitId: stranger,
          period: 1,
          dueAt: '2027-01-05T10:00:00.000Z',
          taskId: randomUUID(),
        }),
      );
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect(failure).toMatchObject({ type: 'NOT_FOUND', nonRetryable: true });
    });
  });

  describe('loadEscalationChain', () => {
    /**
     * centre (its office coordinates) ← province (its office coordinates) ← district (none of
     * its own: it inherits the province's), which issues a directive coordinated by its own office.
     */
    const seedTree = async (provinceHasOffice: boolean) => {
      const centre = await seedUnit(database.dataSource, { id: unitId('centre') });
      const centreOffice = await seedUnit(database.dataSource, {
        id: unitId('centre-office'),
        parentId: centre,
        escalationGrace: 'PT4H',
      });
      await database.dataSource.query(`UPDATE units SET coordinating_unit_id = $2 WHERE id = $1`, [
        centre,
        centreOffice,
      ]);
      const province = await seedUnit(database.dataSource, { id: unitId('province'), parentId: centre });
      const provinceOffice = await seedUnit(database.dataSource, { id: unitId('province-office'), parentId: province });
      if (provinceHasOffice)
        await database.dataSource.query(`UPDATE units SET coordinating_unit_id = $2 WHERE id = $1`, [
          province,
          provinceOffice,
        ]);
      const district = await seedUnit(database.dataSource, { id: unitId('district'), parentId: province });
      const districtOffice = await seedUnit(database.dataSource, {
        id: unitId('district-office'),
        parentId: district,
        escalationGrace: 'P1D',
      });
      const directiveId = await seedDirective(database.dataSource, {
        issuerUnitId: district,
        coordinatingUnitId: districtOffice,
      });
      return { directiveId, centreOffice, provinceOffice, districtOffice };
    };

    it('climbs from the directive’s coordinating body through each level’s own, with each body’s grace (two days when unset)', async () => {
      const tree = await seedTree(true);

      expect(
        await database.activities.loadEscalationChain({
          directiveId: tree.directiveId,
          coordinatingUnitId: tree.districtOffice,
        }),
      ).toEqual([
        { unitId: tree.districtOffice, grace: 'P1D' },
        { unitId: tree.provinceOffice, grace: 'P2D' },
        { unitId: tree.centreOffice, grace: 'PT4H' },
      ]);
    });

    it('names a body once when a level inherits the coordinating body of the level above', async () => {
      const tree = await seedTree(false);

      expect(
        await database.activities.loadEscalationChain({
          directiveId: tree.directiveId,
          coordinatingUnitId: tree.districtOffice,
        }),
      ).toEqual([
        { unitId: tree.districtOffice, grace: 'P1D' },
        { unitId: tree.centreOffice, grace: 'PT4H' },
      ]);
    });

    it('refuses for good a directive that does not exist', async () => {
      const failure = await failureOf(
        database.activities.loadEscalationChain({ directiveId: randomUUID(), coordinatingUnitId: 'any' }),
      );
      expect(failure).toMatchObject({ type: 'NOT_FOUND', nonRetryable: true });
    });
  });
});
