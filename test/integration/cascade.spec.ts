/**
 * The cascade of the sample documents over HTTP on the real stack: the central propaganda
 * board's 990-CV/BTGTW, carried out in Bắc Kạn by the province's 335-CV/TU, carried out in
 * Bắc Kạn city by 276-CV/TU. Each level implements a task of the level above; a task cannot be
 * submitted while the directive implementing it has open lead tasks; withdrawing the root
 * cancels what is open three levels down, each task naming the cause.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import {
  asAdmin,
  asClerk,
  asOfficer,
  eventsOf,
  expectError,
  expectStatus,
  getDirective,
  getTask,
  taskOfUnit,
  tasksOf,
  waitUntilAllActive,
  type DirectiveView,
  type TaskView,
  type UnitView,
} from './support/api';
import { DAY, QUIET_POLICY, isoIn, unique, type Role, type UnitInput } from './support/builders';
import { pollUntil } from './support/stack';
import { useStack } from './support/use-stack';

const stack = useStack();

/** The bodies of the sample documents, with unit ids unique to one test. */
interface SampleOrg {
  central: string;
  centralBoard: string;
  bacKan: string;
  bacKanBoard: string;
  lamDong: string;
  homeAffairs: string;
  city: string;
  cityPeoplesCommittee: string;
  cityCultureOffice: string;
  citySteering: string;
  cityBoard: string;
}

/** Creates the central board, Bắc Kạn province, Bắc Kạn city and its offices (plus two other recipients of 990). */
async function sampleOrg(): Promise<SampleOrg> {
  const p = `c${unique()}`;
  const org: SampleOrg = {
    central: `${p}/tw`,
    centralBoard: `${p}/tw/ban-tuyen-giao`,
    bacKan: `${p}/bac-kan/tinh-uy`,
    bacKanBoard: `${p}/bac-kan/tinh-uy/ban-tuyen-giao`,
    lamDong: `${p}/lam-dong/tinh-uy`,
    homeAffairs: `${p}/bo-noi-vu/ban-can-su-dang`,
    city: `${p}/bac-kan/thanh-uy`,
    cityPeoplesCommittee: `${p}/bac-kan/thanh-pho/ubnd`,
    cityCultureOffice: `${p}/bac-kan/thanh-pho/ubnd/phong-van-hoa-thong-tin`,
    citySteering: `${p}/bac-kan/thanh-uy/bcd35`,
    cityBoard: `${p}/bac-kan/thanh-uy/ban-tuyen-giao`,
  };
  const units: UnitInput[] = [
    { id: org.central, name: 'Ban Chấp hành Trung ương', level: 'central' },
    { id: org.centralBoard, name: 'Ban Tuyên giáo Trung ương', level: 'agency', parentId: org.central },
    { id: org.bacKan, name: 'Tỉnh ủy Bắc Kạn', level: 'province', parentId: org.central },
    { id: org.bacKanBoard, name: 'Ban Tuyên giáo Tỉnh ủy Bắc Kạn', level: 'agency', parentId: org.bacKan },
    { id: org.lamDong, name: 'Tỉnh ủy Lâm Đồng', level: 'province', parentId: org.central },
    { id: org.homeAffairs, name: 'Ban Cán sự đảng Bộ Nội vụ', level: 'agency', parentId: org.central },
    { id: org.city, name: 'Thành ủy Bắc Kạn', level: 'district', parentId: org.bacKan },
    { id: org.cityPeoplesCommittee, name: 'Ủy ban nhân dân thành phố Bắc Kạn', level: 'district', parentId: org.city },
    {
      id: org.cityCultureOffice,
      name: 'Phòng Văn hóa - Thông tin thành phố',
      level: 'agency',
      parentId: org.cityPeoplesCommittee,
    },
    {
      id: org.citySteering,
      name: 'Ban Chỉ đạo 35 thành phố',
      level: 'agency',
      parentId: org.city,
      kind: 'steering-committee',
    },
    { id: org.cityBoard, name: 'Ban Tuyên giáo Thành ủy', level: 'agency', parentId: org.city },
  ];
  expectStatus(await stack.http.post<{ items: UnitView[] }>('/units', { units }, asAdmin()), 200, 'POST /units');
  return org;
}

/** A directive body (without issuer): the sample's number and subject, one assignment per unit. */
function body(
  number: string,
  assignments: [string, Role][],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    number,
    subject: 'Tăng cường công tác chỉ đạo, định hướng, quản lý thông tin trên mạng xã hội',
    issuedAt: new Date().toISOString(),
    reminderPolicy: QUIET_POLICY,
    ...extra,
    assignments: assignments.map(([unitId, role]) => ({
      unitId,
      role,
      instructions: `Thực hiện Công văn số ${number} (${role})`,
      dueAt: isoIn(30 * DAY),
    })),
  };
}

/**
 * POST /tasks/:id/implement as a clerk of the task's unit (the new directive's issuer), expecting
 * 201, then waits until the new directive's tasks run.
 */
async function implement(
  task: TaskView,
  directive: Record<string, unknown>,
  actor = 'van.thu',
): Promise<{ directive: DirectiveView; tasks: TaskView[] }> {
  const clerk = asClerk(task.unitId, actor);
  const created = expectStatus(
    await stack.http.post<DirectiveView>(`/tasks/${task.id}/implement`, directive, clerk),
    201,
    `POST /tasks/${task.id}/implement`,
  );
  await waitUntilAllActive(stack, created.id, undefined, clerk);
  return { directive: created, tasks: await tasksOf(stack, created.id, clerk) };
}

/** POST /tasks/:id/submit as an officer of the task's unit. */
async function submit(task: TaskView, actor: string): Promise<TaskView> {
  return expectStatus(
    await stack.http.post<TaskView>(
      `/tasks/${task.id}/submit`,
      { report: 'Đã triển khai thực hiện' },
      asOfficer(task.unitId, actor),
    ),
    200,
    `POST /tasks/${task.id}/submit`,
  );
}

interface Cascade {
  org: SampleOrg;
  central: { directive: DirectiveView; tasks: TaskView[] };
  province: { directive: DirectiveView; tasks: TaskView[] };
  city: { directive: DirectiveView; tasks: TaskView[] };
}

/** 990-CV/BTGTW → 335-CV/TU (implementing Bắc Kạn's task) → 276-CV/TU (implementing the city's task). */
async function sampleCascade(): Promise<Cascade> {
  const org = await sampleOrg();
  const root = expectStatus(
    await stack.http.post<DirectiveView>(
      '/directives',
      {
        issuerUnitId: org.centralBoard,
        ...body('990-CV/BTGTW', [
          [org.bacKan, 'lead'],
          [org.lamDong, 'lead'],
          [org.homeAffairs, 'inform'],
        ]),
      },
      asClerk(org.centralBoard, 'van.thu.tw'),
    ),
    201,
    'POST /directives 990-CV/BTGTW',
  );
  await waitUntilAllActive(stack, root.id, undefined, asClerk(org.centralBoard));
  const central = { directive: root, tasks: await tasksOf(stack, root.id, asClerk(org.centralBoard)) };
  const province = await implement(
    taskOfUnit(central.tasks, org.bacKan),
    body('335-CV/TU', [
      [org.city, 'lead'],
      [org.bacKanBoard, 'coordinate'],
    ]),
    'van.thu.tinh',
  );
  const city = await implement(
    taskOfUnit(province.tasks, org.city),
    body('276-CV/TU', [
      [org.cityPeoplesCommittee, 'lead'],
      [org.cityCultureOffice, 'lead'],
      [org.citySteering, 'coordinate'],
      [org.cityBoard, 'inform'],
    ]),
    'van.thu.thanh',
  );
  return { org, central, province, city };
}

describe('implementing a task by a directive of one’s own', () => {
  it('links each level to the task and directive above, with the task’s unit as issuer', async () => {
    const { org, central, province, city } = await sampleCascade();
    const bacKanTask = taskOfUnit(central.tasks, org.bacKan);
    const cityTask = taskOfUnit(province.tasks, org.city);
    // The central board's clerk reads its directive and the whole cascade below it.
    const reader = asClerk(org.centralBoard);

    expect(province.directive).toMatchObject({
      number: '335-CV/TU',
      issuerUnitId: org.bacKan,
      parentDirectiveId: central.directive.id,
      parentTaskId: bacKanTask.id,
      gatesParentSubmission: true,
      createdBy: 'van.thu.tinh',
    });
    expect(await getDirective(stack, city.directive.id, reader)).toMatchObject({
      number: '276-CV/TU',
      issuerUnitId: org.city,
      parentDirectiveId: province.directive.id,
      parentTaskId: cityTask.id,
    });
    expect(await getDirective(stack, central.directive.id, reader)).toMatchObject({
      parentDirectiveId: null,
      parentTaskId: null,
    });
    expect(city.tasks.map((t) => [t.unitId, t.role]).sort()).toEqual(
      [
        [org.cityPeoplesCommittee, 'lead'],
        [org.cityCultureOffice, 'lead'],
        [org.citySteering, 'coordinate'],
        [org.cityBoard, 'inform'],
      ].sort(),
    );
  });

  it('holds a task back until the lead tasks of the directives implementing it are done; a directive may opt out', async () => {
    const { org, central, province, city } = await sampleCascade();
    const bacKanTask = taskOfUnit(central.tasks, org.bacKan);
    const cityTask = taskOfUnit(province.tasks, org.city);
    // A second directive implementing the same task, which does not hold it back.
    const extra = await implement(
      cityTask,
      body('280-CV/TU', [[org.cityBoard, 'lead']], { gatesParentSubmission: false }),
    );
    expect(extra.directive).toMatchObject({ parentTaskId: cityTask.id, gatesParentSubmission: false });

    const blocked = expectError(
      await stack.http.post(`/tasks/${cityTask.id}/submit`, { report: 'Xong' }, asOfficer(org.city, 'bi.thu.thanh')),
      409,
      'submitting the city’s task',
    );
    expect(blocked.message).toContain('276-CV/TU');
    expect(blocked.message).toContain(org.cityPeoplesCommittee);
    expect(blocked.message).toContain(org.cityCultureOffice);
    expect(blocked.message).not.toContain('280-CV/TU');
    const open = (blocked.details?.openLeadTasks ?? []) as {
      directiveId: string;
      directiveNumber: string;
      unitId: string;
      taskId: string;
    }[];
    expect(open.map((o) => [o.directiveNumber, o.unitId, o.directiveId]).sort()).toEqual(
      [
        ['276-CV/TU', org.cityPeoplesCommittee, city.directive.id],
        ['276-CV/TU', org.cityCultureOffice, city.directive.id],
      ].sort(),
    );
    const upper = expectError(
      await stack.http.post(`/tasks/${bacKanTask.id}/submit`, { report: 'Xong' }, asOfficer(org.bacKan, 'bi.thu.tinh')),
      409,
      'submitting Bắc Kạn’s task',
    );
    expect(upper.details?.openLeadTasks).toEqual([
      expect.objectContaining({ directiveNumber: '335-CV/TU', unitId: org.city, taskId: cityTask.id }),
    ]);
    expect((await getTask(stack, cityTask.id, asOfficer(org.city))).status).toBe('assigned');

    // One lead done is not enough.
    await submit(taskOfUnit(city.tasks, org.cityPeoplesCommittee), 'ubnd.thanh.pho');
    const still = expectError(
      await stack.http.post(`/tasks/${cityTask.id}/submit`, { report: 'Xong' }, asOfficer(org.city, 'bi.thu.thanh')),
      409,
    );
    expect(still.details?.openLeadTasks).toEqual([expect.objectContaining({ unitId: org.cityCultureOffice })]);

    // Both leads done: the coordinate task and the opted-out directive's lead may stay open.
    await submit(taskOfUnit(city.tasks, org.cityCultureOffice), 'phong.vhtt');
    expect(await submit(cityTask, 'bi.thu.thanh')).toMatchObject({ status: 'completed' });
    expect(await submit(bacKanTask, 'bi.thu.tinh')).toMatchObject({ status: 'completed' });
  });
});

describe('withdrawal cascade', () => {
  it('withdrawing the root cancels the open tasks three levels down, each with one event naming the root and the withdrawing actor', async () => {
    const { org, central, province, city } = await sampleCascade();
    const done = taskOfUnit(city.tasks, org.cityCultureOffice);
    await submit(done, 'phong.vhtt');

    const actor = 'truong.ban.tuyen.giao.tw';
    // The central board's clerk withdraws its directive and reads the whole cascade below it.
    const clerk = asClerk(org.centralBoard, actor);
    const answer = expectStatus(
      await stack.http.post<DirectiveView>(
        `/directives/${central.directive.id}/withdraw`,
        { reason: 'Thay thế bằng công văn mới' },
        clerk,
      ),
      200,
    );
    expect(answer.status).toBe('withdrawn');

    for (const level of [province, city]) {
      const directive = await pollUntil(
        () => getDirective(stack, level.directive.id, clerk),
        (d) => d.status === 'withdrawn',
        {
          timeoutMs: 60_000,
          description: `directive ${level.directive.number} to be withdrawn`,
        },
      );
      expect(directive).toMatchObject({ withdrawnBy: actor });
      expect(directive.withdrawnReason).toContain(level === province ? '990-CV/BTGTW' : '335-CV/TU');
      const tasks = await pollUntil(
        () => tasksOf(stack, level.directive.id, clerk),
        (ts) => ts.every((t) => t.status === 'cancelled' || t.id === done.id),
        {
          timeoutMs: 60_000,
          description: `the open tasks of ${level.directive.number} to be cancelled`,
        },
      );
      for (const task of tasks.filter((t) => t.id !== done.id)) {
        const cancels = (await eventsOf(stack, task.id, clerk)).filter((e) => e.action === 'cancel');
        expect(cancels).toEqual([
          expect.objectContaining({
            actor,
            toStatus: 'cancelled',
            data: expect.objectContaining({
              cause: 'parent directive withdrawn',
              directiveId: level.directive.id,
              rootDirectiveId: central.directive.id,
              rootDirectiveNumber: '990-CV/BTGTW',
            }),
          }),
        ]);
      }
    }
    expect((await getTask(stack, done.id, clerk)).status).toBe('completed');
    for (const task of central.tasks) {
      const cancels = (await eventsOf(stack, task.id, clerk)).filter((e) => e.action === 'cancel');
      expect(cancels).toEqual([
        expect.objectContaining({ actor, data: expect.objectContaining({ cause: 'directive withdrawn' }) }),
      ]);
    }
  });
});

describe('withdrawing a directive whose own tasks have all closed', () => {
  it('marks it withdrawn, leaves its tasks as they ended, and still withdraws the directive implementing it', async () => {
    const org = await sampleOrg();
    const actor = 'truong.ban.tuyen.giao.tw';
    // The central board's clerk issues and withdraws the root and reads the whole cascade below it.
    const clerk = asClerk(org.centralBoard, actor);
    const root = expectStatus(
      await stack.http.post<DirectiveView>(
        '/directives',
        {
          issuerUnitId: org.centralBoard,
          ...body('991-CV/BTGTW', [
            [org.bacKan, 'lead'],
            [org.lamDong, 'lead'],
          ]),
        },
        clerk,
      ),
      201,
    );
    await waitUntilAllActive(stack, root.id, undefined, clerk);
    const rootTasks = await tasksOf(stack, root.id, clerk);
    const province = await implement(
      taskOfUnit(rootTasks, org.bacKan),
      body('336-CV/TU', [[org.city, 'lead']], { gatesParentSubmission: false }),
    );
    for (const task of rootTasks) await submit(task, 'bi.thu');
    // The root's own workflow ends once its last task has closed: the withdrawal must not need it.
    const connection = await Connection.connect({ address: stack.temporalAddress });
    try {
      const handle = new Client({ connection, namespace: stack.namespace }).workflow.getHandle(`directive/${root.id}`);
      await pollUntil(
        () => handle.describe(),
        (d) => d.status.name === 'COMPLETED',
        { timeoutMs: 60_000, description: 'the root directive’s workflow to end' },
      );
    } finally {
      await connection.close();
    }

    const answer = expectStatus(
      await stack.http.post<DirectiveView>(`/directives/${root.id}/withdraw`, { reason: 'Thu hồi' }, clerk),
      200,
    );
    expect(answer).toMatchObject({ status: 'withdrawn', withdrawnBy: actor, withdrawnReason: 'Thu hồi' });
    expect((await tasksOf(stack, root.id, clerk)).map((t) => t.status)).toEqual(['completed', 'completed']);

    const below = await pollUntil(
      () => getDirective(stack, province.directive.id, clerk),
      (d) => d.status === 'withdrawn',
      {
        timeoutMs: 60_000,
        description: 'the implementing directive to be withdrawn',
      },
    );
    expect(below).toMatchObject({ withdrawnBy: actor });
    const [cityTask] = await pollUntil(
      () => tasksOf(stack, province.directive.id, clerk),
      (ts) => ts.every((t) => t.status === 'cancelled'),
      {
        timeoutMs: 60_000,
        description: 'the implementing directive’s task to be cancelled',
      },
    );
    const cancels = (await eventsOf(stack, cityTask!.id, clerk)).filter((e) => e.action === 'cancel');
    expect(cancels).toEqual([
      expect.objectContaining({
        actor,
        data: expect.objectContaining({
          cause: 'parent directive withdrawn',
          rootDirectiveId: root.id,
          rootDirectiveNumber: '991-CV/BTGTW',
        }),
      }),
    ]);
    // A second withdrawal is refused: the directive is already withdrawn.
    expectError(await stack.http.post(`/directives/${root.id}/withdraw`, { reason: 'Thu hồi' }, clerk), 409);
  });
});

describe('implementing: bad input', () => {
  it('refuses an unknown task, an inform task, a closed task, a cycle and a unit that does not exist, saying why', async () => {
    const { org, central, province } = await sampleCascade();
    const lamDongTask = taskOfUnit(central.tasks, org.lamDong);
    const informTask = taskOfUnit(central.tasks, org.homeAffairs);
    const cityTask = taskOfUnit(province.tasks, org.city);
    // Each task is implemented by a clerk of its own unit.
    const cityClerk = asClerk(org.city);

    expectError(
      await stack.http.post(`/tasks/${randomUUID()}/implement`, body('1-CV', [[org.cityBoard, 'lead']]), cityClerk),
      404,
      'an unknown task',
    );
    expectError(
      await stack.http.post('/tasks/not-a-task/implement', body('1-CV', [[org.cityBoard, 'lead']]), cityClerk),
      404,
      'a task id that is no id',
    );

    const inform = expectError(
      await stack.http.post(
        `/tasks/${informTask.id}/implement`,
        body('101-CV/BCSĐ', [[org.cityBoard, 'lead']]),
        asClerk(org.homeAffairs),
      ),
      409,
      'an inform task',
    );
    expect(inform.message).toContain('inform');

    await submit(lamDongTask, 'bi.thu.lam.dong');
    const closed = expectError(
      await stack.http.post(
        `/tasks/${lamDongTask.id}/implement`,
        body('713-CV/TU', [[org.cityBoard, 'lead']]),
        asClerk(org.lamDong),
      ),
      409,
      'a completed task',
    );
    expect(closed.message).toContain('completed');
    expect(closed.details).toEqual({ status: 'completed' });

    // The city assigning back to the province (issuer of 335, its task on the path up) or to the central board.
    const cycle = expectError(
      await stack.http.post(
        `/tasks/${cityTask.id}/implement`,
        body('277-CV/TU', [
          [org.cityPeoplesCommittee, 'lead'],
          [org.bacKan, 'coordinate'],
          [org.centralBoard, 'inform'],
        ]),
        cityClerk,
      ),
      400,
      'a cycle',
    );
    expect(cycle.errors?.map((e) => e.field)).toEqual(['assignments[1].unitId', 'assignments[2].unitId']);
    expect(cycle.errors?.[0]?.problem).toContain('335-CV/TU');
    const self = expectError(
      await stack.http.post(`/tasks/${cityTask.id}/implement`, body('278-CV/TU', [[org.city, 'lead']]), cityClerk),
      400,
      'assigning to oneself',
    );
    expect(self.errors?.map((e) => e.field)).toEqual(['assignments[0].unitId']);

    const missing = expectError(
      await stack.http.post(
        `/tasks/${cityTask.id}/implement`,
        body('279-CV/TU', [[`${org.city}/khong-co`, 'lead']]),
        cityClerk,
      ),
      400,
      'a unit that does not exist',
    );
    expect(missing.errors).toEqual([
      { field: 'assignments[0].unitId', problem: expect.stringContaining('does not exist') },
    ]);
    const issuer = expectError(
      await stack.http.post(
        `/tasks/${cityTask.id}/implement`,
        { ...body('279-CV/TU', [[org.cityBoard, 'lead']]), issuerUnitId: org.centralBoard },
        cityClerk,
      ),
      400,
      'naming an issuer',
    );
    expect(issuer.errors?.map((e) => e.field)).toEqual(['issuerUnitId']);

    // Outside the issuer's subtree is allowed: coordinating roles cross branches.
    const across = await implement(
      cityTask,
      body('281-CV/TU', [
        [org.cityBoard, 'lead'],
        [org.lamDong, 'coordinate'],
      ]),
    );
    expect(across.directive).toMatchObject({ issuerUnitId: org.city, parentTaskId: cityTask.id });
  });
});
