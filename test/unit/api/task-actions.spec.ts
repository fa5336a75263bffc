/**
 * A person's action on a task, taken through the services without a server: the task is read
 * once through the caller's scope, the action's own entry decides who may take it, and the
 * Update the entry names is sent with the argument the entry builds.
 */
import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import type { Role } from '@dondoc/auth';
import type { TaskEntity } from '@dondoc/persistence';
import { acceptUpdate, assignUpdate, claimUpdate, submitUpdate } from '@dondoc/workflows/unit-task/contract';
import type { UpdateDefinition } from '@temporalio/common';
import { ConflictError, FieldErrors, OutOfScopeError } from '../../../apps/api/src/errors/errors';
import type { CalendarService } from '../../../apps/api/src/calendar/calendar.service';
import { Scope } from '../../../apps/api/src/scope/scope';
import type { PeopleService } from '../../../apps/api/src/people/people.service';
import type { ScopeService } from '../../../apps/api/src/scope/scope.service';
import type { ApiSettings } from '../../../apps/api/src/settings';
import { TASK_ACTION_TABLE } from '../../../apps/api/src/tasks/task-actions';
import { TaskWorkflowService } from '../../../apps/api/src/tasks/task-workflow.service';
import { TasksService } from '../../../apps/api/src/tasks/tasks.service';
import type { WorkflowGateway } from '../../../apps/api/src/temporal/workflow.gateway';

const TASK_ID = '6f1c1f52-3a4b-4c7d-8e9f-0a1b2c3d4e5f';
/** The people the units know: one active officer of huyen-1, one deactivated, one of huyen-2. */
const PEOPLE = [
  { unitId: 'huyen-1', sub: 'can-bo', active: true },
  { unitId: 'huyen-1', sub: 'nghi-viec', active: false },
  { unitId: 'huyen-2', sub: 'can-bo-2', active: true },
];
const DIRECTIVE_ID = '0b7c6f0e-6a43-4c4b-9d2a-2f7f0f0f0f0f';

function taskRow(): TaskEntity {
  const at = new Date('2026-12-01T10:00:00Z');
  return {
    id: TASK_ID,
    directiveId: DIRECTIVE_ID,
    unitId: 'huyen-1',
    role: 'lead',
    instructions: 'Báo cáo',
    period: null,
    recurrence: null,
    assignee: null,
    dueAt: at,
    originalDueAt: at,
    status: 'acknowledged',
    progressPercent: 0,
    progressNote: null,
    report: null,
    returnReason: null,
    escalated: false,
    activatedAt: at,
    acknowledgedAt: at,
    submittedAt: null,
    completedAt: null,
    closedAt: null,
    reassignedFromTaskId: null,
    reassignedToTaskId: null,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
}

/** The services over fakes that count the scoped reads and record the Updates sent. */
function world(unitId: string, roles: Role[]) {
  const scopedReads: string[] = [];
  const updates: { workflowId: string; update: UpdateDefinition<unknown, [unknown]>; arg: unknown }[] = [];
  const scope = {
    readTask: async (id: string) => (scopedReads.push(id), taskRow()),
    current: async () => new Scope({ id: 'someone', unitId, roles }),
    actsFor: async (taskUnitId: string) => new Scope({ id: 'someone', unitId, roles }).actsFor(taskUnitId),
  } as unknown as ScopeService;
  const dataSource = {
    getRepository: () => ({
      findOneBy: async () => taskRow(),
      findOneByOrFail: async () => ({ id: DIRECTIVE_ID, number: '335-CV', issuerUnitId: 'tinh-uy' }),
    }),
    query: async () => [],
  } as unknown as DataSource;
  const gateway = {
    update: async (workflowId: string, update: UpdateDefinition<unknown, [unknown]>, arg: unknown) =>
      void updates.push({ workflowId, update, arg }),
  } as unknown as WorkflowGateway;
  const workflow = new TaskWorkflowService(dataSource, gateway, scope, { updateTimeoutMs: 1_000 } as ApiSettings);
  const people = {
    find: async (unit: string, sub: string) => PEOPLE.find((p) => p.unitId === unit && p.sub === sub) ?? null,
  };
  const tasks = new TasksService(
    dataSource,
    workflow,
    scope,
    {} as CalendarService,
    people as unknown as PeopleService,
  );
  return { tasks, scopedReads, updates };
}

describe('an action on a task', () => {
  it('reads the task once through scope and sends the Update its entry names, with the argument it builds', async () => {
    const { tasks, scopedReads, updates } = world('huyen-1', ['officer']);
    const view = await tasks.submit('can-bo', TASK_ID, { report: 'Đã xong' });
    expect(view.id).toBe(TASK_ID);
    expect(scopedReads).toEqual([TASK_ID]);
    expect(updates).toEqual([
      { workflowId: `task/${DIRECTIVE_ID}/huyen-1`, update: submitUpdate, arg: { actor: 'can-bo', report: 'Đã xong' } },
    ]);
  });

  it('is refused (403) to a person its entry does not name, before any Update', async () => {
    const { tasks, updates } = world('huyen-2', ['officer']);
    await expect(tasks.submit('can-bo', TASK_ID, { report: 'x' })).rejects.toThrow(
      new OutOfScopeError(`task ${TASK_ID} is unit huyen-1's: only its officers may submit it`),
    );
    const clerk = world('huyen-1', ['clerk']);
    await expect(clerk.tasks.accept('van-thu', TASK_ID)).rejects.toBeInstanceOf(OutOfScopeError);
    expect([...updates, ...clerk.updates]).toEqual([]);
  });

  it("the issuing unit's clerk accepts", async () => {
    const { tasks, updates, scopedReads } = world('tinh-uy', ['clerk']);
    await tasks.accept('van-thu', TASK_ID);
    expect(scopedReads).toHaveLength(1);
    expect(updates.map((u) => [u.update, u.arg])).toEqual([[acceptUpdate, { actor: 'van-thu' }]]);
  });

  it("names who takes each action: the unit's officers, the issuing clerks, or the coordinating body (escalations)", () => {
    const takers = Object.fromEntries(Object.entries(TASK_ACTION_TABLE).map(([name, entry]) => [name, entry.by]));
    expect(takers).toEqual({
      acknowledge: 'officer',
      reportProgress: 'officer',
      submit: 'officer',
      requestExtension: 'officer',
      accept: 'issuing clerk',
      return: 'issuing clerk',
      decideExtension: 'issuing clerk',
      amendDeadline: 'issuing clerk',
      claim: 'unit officer',
      assign: 'unit head',
      handBack: 'unit member',
      resolveEscalation: 'coordinating body',
    });
  });
});

describe('who handles a task', () => {
  it('an officer of the unit claims it: the claim Update names them', async () => {
    const { tasks, updates } = world('huyen-1', ['officer']);
    await tasks.claim('can-bo', TASK_ID);
    expect(updates.map((u) => [u.update, u.arg])).toEqual([[claimUpdate, { actor: 'can-bo' }]]);
  });

  it('the head of the unit assigns it to an active person of the unit, or to nobody', async () => {
    const { tasks, updates } = world('huyen-1', ['head']);
    await tasks.assign('truong-phong', TASK_ID, { assignee: 'can-bo' });
    await tasks.assign('truong-phong', TASK_ID, { assignee: null });
    expect(updates.map((u) => [u.update, u.arg])).toEqual([
      [assignUpdate, { actor: 'truong-phong', assignee: 'can-bo' }],
      [assignUpdate, { actor: 'truong-phong', assignee: null }],
    ]);
  });

  it('refuses a person of another unit (400 naming assignee) and a deactivated one (409), before any Update', async () => {
    const { tasks, updates } = world('huyen-1', ['clerk']);
    await expect(tasks.assign('van-thu', TASK_ID, { assignee: 'can-bo-2' })).rejects.toThrow(
      new FieldErrors([{ field: 'assignee', problem: 'can-bo-2 không phải là người của đơn vị huyen-1' }]),
    );
    const deactivated = await tasks.assign('van-thu', TASK_ID, { assignee: 'nghi-viec' }).catch((e: unknown) => e);
    expect(deactivated).toBeInstanceOf(ConflictError);
    expect((deactivated as ConflictError).message).toMatch(/nghi-viec đã bị vô hiệu hóa/);
    expect(updates).toEqual([]);
  });

  it('is refused (403) to officers, heads and clerks of another unit, and hand back to people outside the unit', async () => {
    const officer = world('huyen-2', ['officer']);
    await expect(officer.tasks.claim('can-bo-2', TASK_ID)).rejects.toBeInstanceOf(OutOfScopeError);
    const head = world('huyen-2', ['head', 'clerk']);
    await expect(head.tasks.assign('truong-phong-2', TASK_ID, { assignee: 'can-bo' })).rejects.toBeInstanceOf(
      OutOfScopeError,
    );
    await expect(head.tasks.handBack('truong-phong-2', TASK_ID)).rejects.toBeInstanceOf(OutOfScopeError);
    const sameUnitOfficer = world('huyen-1', ['officer']);
    await expect(sameUnitOfficer.tasks.assign('can-bo', TASK_ID, { assignee: 'can-bo' })).rejects.toBeInstanceOf(
      OutOfScopeError,
    );
    expect([...officer.updates, ...head.updates, ...sameUnitOfficer.updates]).toEqual([]);
  });
});
