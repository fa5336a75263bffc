/**
 * The benchmark's tasks, made through the API as people make them: an issuer and N units under
 * it, one directive to all of them, and its tasks once every one is active (its workflow runs).
 */
import { randomUUID } from 'node:crypto';
import { unitTaskWorkflowId } from '@dondoc/workflows/unit-task/contract';
import type { Target } from './targets';

/** A task the benchmark acts on, with the workflow whose history tells its stages. */
export interface BenchTask {
  id: string;
  unitId: string;
  workflowId: string;
}

interface DirectiveView {
  id: string;
  progress: { total: number; active: number };
}

interface TaskPage {
  items: { id: string; unitId: string; period: number | null }[];
  nextCursor: string | null;
}

const UNITS_PER_REQUEST = 2000;

/** One JSON request to the API; anything but 2xx throws with the answer. */
export async function call<T>(
  target: Target,
  method: string,
  route: string,
  token: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${target.apiUrl}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(120_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

/** Makes `count` units and a directive to them; answers its tasks once all are active. */
export async function seedTasks(target: Target, count: number): Promise<BenchTask[]> {
  const prefix = `bench-actions-${randomUUID().slice(0, 8)}`;
  const issuer = `${prefix}/issuer`;
  const admin = await target.token(issuer, 'admin', 'bench.admin');
  await call(target, 'POST', '/units', admin, { units: [{ id: issuer, name: 'Đơn vị ban hành', level: 'province' }] });
  const unitIds = Array.from({ length: count }, (_, i) => `${prefix}/unit-${String(i).padStart(5, '0')}`);
  for (let i = 0; i < unitIds.length; i += UNITS_PER_REQUEST) {
    const units = unitIds
      .slice(i, i + UNITS_PER_REQUEST)
      .map((id, j) => ({ id, name: `Xã ${i + j}`, level: 'commune', parentId: issuer }));
    await call(target, 'POST', '/units', admin, { units });
  }
  const clerk = await target.token(issuer, 'clerk', 'bench.clerk');
  const dueAt = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();
  const directive = await call<DirectiveView>(target, 'POST', '/directives', clerk, {
    number: `${randomUUID().slice(0, 8)}-CV/BENCH`,
    issuerUnitId: issuer,
    subject: 'Đo thông lượng thao tác',
    issuedAt: new Date().toISOString(),
    assignments: unitIds.map((unitId) => ({ unitId, role: 'lead', instructions: 'Báo cáo tiến độ', dueAt })),
  });
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    const view = await call<DirectiveView>(target, 'GET', `/directives/${directive.id}`, clerk);
    if (view.progress.active === count) break;
    if (Date.now() > deadline)
      throw new Error(`the directive's fan-out stopped at ${view.progress.active} of ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const tasks: BenchTask[] = [];
  let cursor: string | null = null;
  do {
    const route: string = `/tasks?directiveId=${directive.id}&limit=500${cursor === null ? '' : `&cursor=${cursor}`}`;
    const page: TaskPage = await call<TaskPage>(target, 'GET', route, clerk);
    for (const task of page.items)
      tasks.push({
        id: task.id,
        unitId: task.unitId,
        workflowId: unitTaskWorkflowId(directive.id, task.unitId, task.period),
      });
    cursor = page.nextCursor;
  } while (cursor !== null);
  if (tasks.length !== count) throw new Error(`GET /tasks listed ${tasks.length} tasks, expected ${count}`);
  return tasks;
}
