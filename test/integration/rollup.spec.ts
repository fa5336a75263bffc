/**
 * Roll-up of a cascade over HTTP on the real stack: a three-level cascade after the sample
 * documents (990-CV/BTGTW → 335-CV/TU → 276-CV/TU), its tree with counts at every node and in
 * total, the counts following changes made at the third level, the path from a third-level task
 * up to the root, and 404s. The levels below the root are issued with POST /tasks/:id/implement.
 * The API keeps built trees: a change after a kept read, and a deadline passing with no write at
 * all, must both show on the very next read (and a poll with the old ETag must not get a 304).
 */
import { Client } from 'pg';
import {
  asAdmin,
  asClerk,
  asOfficer,
  eventsOf,
  expectStatus,
  taskOfUnit,
  tasksOf,
  waitUntilAllActive,
  type DirectiveView,
  type TaskView,
} from './support/api';
import { aDirective, anOrg, isoIn, unique, type Org } from './support/builders';
import type { RequestOptions } from './support/stack';
import { useStack } from './support/use-stack';

interface Counts {
  total: number;
  completedOnTime: number;
  completedLate: number;
  open: number;
  overdue: number;
  escalated: number;
  waived: number;
  cancelled: number;
}

interface TaskNode {
  id: string;
  unitId: string;
  role: string;
  status: string;
  dueAt: string;
  originalDueAt: string;
  overdue: boolean;
  escalated: boolean;
  counts?: Counts;
  implementedBy: DirectiveNode[];
}

interface DirectiveNode {
  id: string;
  number: string;
  issuerUnitId: string;
  status: string;
  counts: Counts;
  tasks: TaskNode[];
}

interface Tree {
  totals: Counts;
  directiveCount: number;
  root: DirectiveNode;
}

interface PathStep {
  directive: { id: string; number: string; issuerUnitId: string };
  task: { id: string; unitId: string; status: string };
}

/** The three directives of the cascade and the units below the province. */
interface Cascade {
  org: Org;
  communes: [string, string];
  cells: [string, string];
  d1: DirectiveView;
  d2: DirectiveView;
  d3: DirectiveView;
}

const stack = useStack();
let cascade: Cascade;

beforeAll(async () => {
  cascade = await buildCascade();
}, 120_000);

function counts(fields: Partial<Counts>): Counts {
  return {
    total: 0,
    completedOnTime: 0,
    completedLate: 0,
    open: 0,
    overdue: 0,
    escalated: 0,
    waived: 0,
    cancelled: 0,
    ...fields,
  };
}

/** A clerk of the unit issuing the root: reads every directive of the cascade, its tree and paths. */
function reader(org: Org = cascade.org): RequestOptions {
  return asClerk(org.issuer, 'van.thu.tinh');
}

async function tree(directiveId: string): Promise<Tree> {
  return expectStatus(
    await stack.http.get<Tree>(`/directives/${directiveId}/tree`, reader()),
    200,
    `GET /directives/${directiveId}/tree`,
  );
}

/** GET /directives/:id/tree with its entity tag, sending `ifNoneMatch` when given; the body only on a 200. */
async function taggedTree(
  directiveId: string,
  ifNoneMatch?: string,
): Promise<{ status: number; etag: string; tree?: Tree }> {
  const response = await fetch(`${stack.baseUrl}/directives/${directiveId}/tree`, {
    headers: {
      authorization: await stack.authorization(reader()),
      ...(ifNoneMatch === undefined ? {} : { 'if-none-match': ifNoneMatch }),
    },
    signal: AbortSignal.timeout(30_000),
  });
  const etag = response.headers.get('etag') ?? '';
  if (response.status !== 200) return { status: response.status, etag };
  return { status: response.status, etag, tree: (await response.json()) as Tree };
}

async function taskOf(directiveId: string, unitId: string, org: Org = cascade.org): Promise<TaskView> {
  return taskOfUnit(await tasksOf(stack, directiveId, reader(org)), unitId);
}

/** POST /tasks/:id/implement as a clerk of the task's unit would send it, waiting until its tasks are active. */
async function implement(task: TaskView, body: Record<string, unknown>): Promise<DirectiveView> {
  const { issuerUnitId: _issuer, ...rest } = body;
  const clerk = asClerk(task.unitId, 'van.thu');
  const directive = expectStatus(
    await stack.http.post<DirectiveView>(`/tasks/${task.id}/implement`, rest, clerk),
    201,
    `POST /tasks/${task.id}/implement`,
  );
  await waitUntilAllActive(stack, directive.id, undefined, clerk);
  return directive;
}

/**
 * 990-CV/BTGTW to three districts (lead, coordinate, inform); the lead district carries out its
 * part with 335-CV/TU to two communes; the first commune with 276-CV/TU to two party cells.
 */
async function buildCascade(): Promise<Cascade> {
  const org = await anOrg().create(stack);
  const [district] = org.recipients as [string, string, string];
  const communes: [string, string] = [`${district}/xa-${unique()}`, `${district}/xa-${unique()}`];
  const cells: [string, string] = [`${communes[0]}/chi-bo-${unique()}`, `${communes[0]}/chi-bo-${unique()}`];
  const units = [
    ...communes.map((id, i) => ({ id, name: `Đảng ủy xã ${i + 1}`, level: 'commune', parentId: district })),
    ...cells.map((id, i) => ({ id, name: `Chi bộ ${i + 1}`, level: 'commune', parentId: communes[0] })),
  ];
  expectStatus(await stack.http.post('/units', { units }, asAdmin()), 200, 'POST /units');

  const [lead, coordinate, inform] = org.recipients as [string, string, string];
  const d1 = await aDirective(org)
    .numbered('990-CV/BTGTW')
    .to(lead, 'lead')
    .to(coordinate, 'coordinate')
    .to(inform, 'inform')
    .issue(stack);
  await waitUntilAllActive(stack, d1.id, undefined, reader(org));
  const d2 = await implement(
    await taskOf(d1.id, lead, org),
    aDirective(org).numbered('335-CV/TU').toAll(communes).build(),
  );
  const d3 = await implement(
    await taskOf(d2.id, communes[0], org),
    aDirective(org).numbered('276-CV/TU').to(cells[0], 'lead').to(cells[1], 'coordinate').build(),
  );
  return { org, communes, cells, d1, d2, d3 };
}

/** The node of the directive implementing the task of `unitId` in `node`. */
function below(node: DirectiveNode, unitId: string): { task: TaskNode; directive: DirectiveNode } {
  const task = node.tasks.find((t) => t.unitId === unitId);
  if (task === undefined) throw new Error(`no task for ${unitId} in directive ${node.number}`);
  const [directive] = task.implementedBy;
  if (directive === undefined) throw new Error(`no directive implements the task of ${unitId} in ${node.number}`);
  return { task, directive };
}

describe('GET /directives/:id/tree', () => {
  it('shows every level of the cascade with the counts of each directive, each implemented task and the whole', async () => {
    const { org, communes, d1, d2, d3 } = cascade;
    const [lead, coordinate, inform] = org.recipients as [string, string, string];

    const { root, totals, directiveCount } = await tree(d1.id);

    expect(directiveCount).toBe(3);
    expect(root).toMatchObject({
      id: d1.id,
      number: '990-CV/BTGTW',
      issuerUnitId: org.issuer,
      status: 'active',
      counts: counts({ total: 3, open: 3 }),
    });
    expect(root.tasks.map((t) => [t.unitId, t.role, t.implementedBy.length])).toEqual(
      expect.arrayContaining([
        [lead, 'lead', 1],
        [coordinate, 'coordinate', 0],
        [inform, 'inform', 0],
      ]),
    );
    const level2 = below(root, lead);
    expect(level2.directive).toMatchObject({
      id: d2.id,
      number: '335-CV/TU',
      issuerUnitId: lead,
      counts: counts({ total: 2, open: 2 }),
    });
    // The district's task with everything below it: itself, two communes, two cells.
    expect(level2.task.counts).toEqual(counts({ total: 5, open: 5 }));
    const level3 = below(level2.directive, communes[0]);
    expect(level3.directive).toMatchObject({
      id: d3.id,
      number: '276-CV/TU',
      issuerUnitId: communes[0],
      counts: counts({ total: 2, open: 2 }),
    });
    expect(level3.task.counts).toEqual(counts({ total: 3, open: 3 }));
    // A task nobody implements carries no counts of its own.
    expect(level3.directive.tasks.every((t) => t.counts === undefined && t.implementedBy.length === 0)).toBe(true);
    expect(totals).toEqual(counts({ total: 7, open: 7 }));
  });

  it('reads from any directive of the cascade down, leaving out what lies above it', async () => {
    const { totals, root, directiveCount } = await tree(cascade.d2.id);

    expect(root.id).toBe(cascade.d2.id);
    expect(directiveCount).toBe(2);
    expect(totals).toEqual(counts({ total: 4, open: 4 }));
  });

  it('follows changes made at the third level, read from the root', async () => {
    const { cells, communes, org, d3 } = cascade;
    const [lead] = org.recipients as [string, string, string];
    const [cellTask, otherCellTask] = [await taskOf(d3.id, cells[0]), await taskOf(d3.id, cells[1])];

    expectStatus(
      await stack.http.post(`/tasks/${cellTask.id}/acknowledge`, {}, asOfficer(cellTask.unitId, 'chi.bo.1')),
      200,
      'acknowledge',
    );
    expectStatus(
      await stack.http.post(
        `/tasks/${otherCellTask.id}/submit`,
        { report: 'Đã quán triệt đến đảng viên.' },
        asOfficer(otherCellTask.unitId, 'chi.bo.2'),
      ),
      200,
      'submit',
    );

    // No waiting: each action answers once the read model has it, and the tree reads the read model.
    const { root, totals } = await tree(cascade.d1.id);
    const level2 = below(root, lead);
    const level3 = below(level2.directive, communes[0]);
    expect(level3.directive.tasks.find((t) => t.id === cellTask.id)?.status).toBe('acknowledged');
    expect(level3.directive.tasks.find((t) => t.id === otherCellTask.id)?.status).toBe('completed');
    expect(level3.directive.counts).toEqual(counts({ total: 2, open: 1, completedOnTime: 1 }));
    expect(level3.task.counts).toEqual(counts({ total: 3, open: 2, completedOnTime: 1 }));
    expect(level2.task.counts).toEqual(counts({ total: 5, open: 4, completedOnTime: 1 }));
    expect(root.counts).toEqual(counts({ total: 3, open: 3 }));
    expect(totals).toEqual(counts({ total: 7, open: 6, completedOnTime: 1 }));
  });

  it('shows a change made after a tree was read and kept, and answers 304 only while nothing changed', async () => {
    const [lead, coordinate] = cascade.org.recipients as [string, string, string];
    const directive = await aDirective(cascade.org).to(lead, 'lead').to(coordinate, 'coordinate').issue(stack);
    await waitUntilAllActive(stack, directive.id, undefined, reader());
    const first = await taggedTree(directive.id);
    expect(first.tree?.totals).toEqual(counts({ total: 2, open: 2 }));
    expect(first.etag).not.toBe('');
    expect((await taggedTree(directive.id, first.etag)).status).toBe(304);

    const task = await taskOf(directive.id, coordinate);
    expectStatus(
      await stack.http.post(`/tasks/${task.id}/acknowledge`, {}, asOfficer(task.unitId, 'can.bo.2')),
      200,
      'acknowledge',
    );

    // No waiting: the action answered once the read model had it, so the next read must show it.
    const after = await taggedTree(directive.id, first.etag);
    expect(after.status).toBe(200);
    expect(after.etag).not.toBe(first.etag);
    expect(after.tree?.root.tasks.find((t) => t.id === task.id)?.status).toBe('acknowledged');
    expect((await taggedTree(directive.id, after.etag)).status).toBe(304);

    // A directive joining the cascade below a kept tree shows on the next read too.
    const implementing = await implement(
      await taskOf(directive.id, lead),
      aDirective(cascade.org).to(cascade.communes[1], 'lead').build(),
    );
    const grown = await taggedTree(directive.id, after.etag);
    expect(grown.status).toBe(200);
    expect(grown.tree?.directiveCount).toBe(2);
    expect(below(grown.tree!.root, lead).directive.id).toBe(implementing.id);
    expect(grown.tree?.totals).toEqual(counts({ total: 3, open: 3 }));
  });

  it('shows a change written without a version bump (the key also watches every row version of PostgreSQL)', async () => {
    const [, coordinate] = cascade.org.recipients as [string, string, string];
    const directive = await aDirective(cascade.org).to(coordinate, 'coordinate').issue(stack);
    await waitUntilAllActive(stack, directive.id, undefined, reader());
    const [task] = await tasksOf(stack, directive.id, reader());
    const first = await taggedTree(directive.id);
    expect(first.tree?.totals).toEqual(counts({ total: 1, open: 1 }));

    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    try {
      await db.query('UPDATE tasks SET escalated = true WHERE id = $1', [task!.id]);
    } finally {
      await db.end();
    }

    const after = await taggedTree(directive.id, first.etag);
    expect(after.status).toBe(200);
    expect(after.tree?.totals).toEqual(counts({ total: 1, open: 1, escalated: 1 }));
  });

  it('turns a task overdue the moment its deadline passes, with no write to show it', async () => {
    const [lead] = cascade.org.recipients as [string, string, string];
    const dueAt = isoIn(12_000);
    // The quiet policy: no reminder, notice or escalation writes anything at the deadline.
    const directive = await aDirective(cascade.org).to(lead, 'lead', dueAt).issue(stack);
    await waitUntilAllActive(stack, directive.id, undefined, reader());
    const [task] = await tasksOf(stack, directive.id, reader());
    const eventsBefore = (await eventsOf(stack, task!.id, reader())).length;

    const before = await taggedTree(directive.id);
    const readBeforeDeadline = Date.now() < Date.parse(dueAt);
    const again = await taggedTree(directive.id, before.etag);

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(dueAt) - Date.now() + 50)));
    const after = await taggedTree(directive.id, before.etag);

    expect(readBeforeDeadline).toBe(true);
    expect(before.tree?.totals).toEqual(counts({ total: 1, open: 1 }));
    expect(again.status).toBe(304);
    expect(after.status).toBe(200);
    expect(after.tree?.totals).toEqual(counts({ total: 1, open: 1, overdue: 1 }));
    expect(after.tree?.root.tasks[0]?.overdue).toBe(true);
    expect(await eventsOf(stack, task!.id, reader())).toHaveLength(eventsBefore);
  });

  it('answers 404 for a directive that does not exist, and for an id that is not one', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-directive']) {
      const response = await stack.http.get<{ message: string }>(`/directives/${id}/tree`, reader());
      expect(response.status).toBe(404);
      expect(response.body.message).toContain(id);
    }
  });
});

describe('GET /tasks/:id/path', () => {
  it('climbs from a third-level task to the root directive, the task first and the root last', async () => {
    const { cells, communes, org, d1, d2, d3 } = cascade;
    const [lead] = org.recipients as [string, string, string];
    const cellTask = await taskOf(d3.id, cells[0]);

    const path = expectStatus(
      await stack.http.get<PathStep[]>(`/tasks/${cellTask.id}/path`, reader()),
      200,
      'GET path',
    );

    expect(path).toEqual([
      {
        directive: { id: d3.id, number: '276-CV/TU', issuerUnitId: communes[0] },
        task: { id: cellTask.id, unitId: cells[0], status: expect.any(String) },
      },
      {
        directive: { id: d2.id, number: '335-CV/TU', issuerUnitId: lead },
        task: { id: (await taskOf(d2.id, communes[0])).id, unitId: communes[0], status: 'assigned' },
      },
      {
        directive: { id: d1.id, number: '990-CV/BTGTW', issuerUnitId: org.issuer },
        task: { id: (await taskOf(d1.id, lead)).id, unitId: lead, status: 'assigned' },
      },
    ]);
  });

  it('is one step long for a task of the root directive', async () => {
    const [, coordinate] = cascade.org.recipients as [string, string, string];
    const task = await taskOf(cascade.d1.id, coordinate);

    const path = expectStatus(await stack.http.get<PathStep[]>(`/tasks/${task.id}/path`, reader()), 200, 'GET path');

    expect(path).toEqual([
      {
        directive: { id: cascade.d1.id, number: '990-CV/BTGTW', issuerUnitId: cascade.org.issuer },
        task: { id: task.id, unitId: coordinate, status: 'assigned' },
      },
    ]);
  });

  it('answers 404 for a task that does not exist', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-task']) {
      expect((await stack.http.get(`/tasks/${id}/path`, reader())).status).toBe(404);
    }
  });
});
