/**
 * On-time statistics over HTTP on the real stack (docs/statistics.md). One directive of six
 * tasks with a deadline seconds away is driven to every outcome through the API: completed on
 * time, completed late, left overdue, extended then completed within the extension, escalated
 * and waived, escalated and reassigned (the new unit's task open within its deadline); a second
 * directive is withdrawn (its task cancelled); a third, reviewed, is submitted before its deadline
 * and accepted after it (on time: the unit delivered in time). Another organisation's directive is outside the
 * first one's scope. Then GET /statistics/units, its XLSX and CSV reports, /statistics/trend,
 * scope per role, and bad input.
 */
import ExcelJS from 'exceljs';
import type { StatisticsCounts } from '@dondoc/domain';
import {
  asAdmin,
  asClerk,
  asOfficer,
  asSupervisor,
  expectError,
  expectStatus,
  fieldsOf,
  taskOfUnit,
  tasksOf,
  waitUntilAllActive,
  withQuery,
  type DirectiveView,
  type TaskView,
} from './support/api';
import { DAY, SECOND, aDirective, anOrg, isoIn, type Org } from './support/builders';
import { pollUntil, type RequestOptions } from './support/stack';
import { useStack } from './support/use-stack';

/** Long enough for the fan-out to start every task before its deadline on a loaded machine. */
const DUE_IN_MS = 15 * SECOND;
/** Only an escalation, shortly after the deadline: no notices to wait for. */
const POLICY = { before: [], atDeadline: false, overdueEvery: null, escalateAfter: 'PT2S' };

/** A unit's figures as the API answers them: the domain's own shape. */
type Counts = StatisticsCounts;

interface UnitRow extends Counts {
  unitId: string;
  unitName: string;
  level: string;
  depth: number | null;
}

interface UnitsReport {
  period: { from: string; to: string };
  scope: { text: string; filters: string };
  units: UnitRow[];
  totals: Counts;
}

interface TrendReport {
  every: string;
  buckets: (Counts & { from: string; to: string })[];
  totals: Counts;
}

const stack = useStack();
let org: Org;
let other: Org;
/** The period of every request: the day before today (Vietnam) to two days after. */
let period: { from: string; to: string };

const vietnamDay = (offsetDays: number): string =>
  new Date(Date.now() + 7 * 3_600_000 + offsetDays * DAY).toISOString().slice(0, 10);
const clerk = (): RequestOptions => asClerk(org.issuer);
const supervisor = (): RequestOptions => asSupervisor(org.coordinator);

/** The counts expected of a row, every field spelled out with zeros elsewhere. */
function counts(
  fields: Partial<Omit<Counts, 'completedOnTime'>> & { onTime?: number; onTimeByOriginal?: number },
): Counts {
  const { onTime = 0, onTimeByOriginal = 0, ...rest } = fields;
  const base = {
    completedLate: 0,
    openWithinDeadline: 0,
    overdue: 0,
    waived: 0,
    cancelled: 0,
    reassigned: 0,
    extended: 0,
    escalated: 0,
    ...rest,
  };
  const due = onTime + base.completedLate + base.openWithinDeadline + base.overdue;
  const decided = due - base.openWithinDeadline;
  return {
    due,
    completedOnTime: { byOriginalDeadline: onTimeByOriginal, byExtendedDeadline: onTime },
    ...base,
    onTimeRate: decided === 0 ? null : onTime / decided,
    onTimeRateByOriginalDeadline: decided === 0 ? null : onTimeByOriginal / decided,
  };
}

async function unitsReport(
  query: Record<string, string | number | undefined>,
  as: RequestOptions,
): Promise<UnitsReport> {
  return expectStatus(
    await stack.http.get<UnitsReport>(withQuery('/statistics/units', { ...period, ...query }), as),
    200,
    'GET /statistics/units',
  );
}

async function download(
  path: string,
  query: Record<string, string | undefined>,
  as: RequestOptions,
): Promise<Response> {
  const response = await fetch(`${stack.baseUrl}${withQuery(path, { ...period, ...query })}`, {
    headers: { authorization: await stack.authorization(as) },
  });
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
  return response;
}

async function submit(task: TaskView, report: string): Promise<void> {
  expectStatus(
    await stack.http.post(`/tasks/${task.id}/submit`, { report }, asOfficer(task.unitId)),
    200,
    `submit ${task.unitId}`,
  );
}

async function escalationOf(taskId: string): Promise<{ id: string }> {
  return pollUntil(
    async () =>
      (await stack.http.get<{ items: { id: string; taskId: string }[] }>(`/escalations?taskId=${taskId}`, supervisor()))
        .body.items?.[0],
    (e) => e !== undefined,
    { timeoutMs: DUE_IN_MS + 60 * SECOND, intervalMs: 500, description: `an escalation of task ${taskId}` },
  ) as Promise<{ id: string }>;
}

/** Drives the tasks to their outcomes; see the file comment. */
async function buildTasks(): Promise<void> {
  const [r1, r2, r3, r4, r5, r6] = org.recipients as [string, string, string, string, string, string];
  const directive: DirectiveView = await aDirective(org)
    .toAll(org.recipients)
    .dueAt(isoIn(DUE_IN_MS))
    .withPolicy(POLICY)
    .issue(stack);
  const withdrawn: DirectiveView = await aDirective(org).to(r1).dueAt(isoIn(DAY)).withPolicy(POLICY).issue(stack);
  const reviewed: DirectiveView = await aDirective(org)
    .to(r1)
    .dueAt(isoIn(DUE_IN_MS))
    .withPolicy(POLICY)
    .withReview()
    .issue(stack);
  await aDirective(other).toAll(other.recipients).dueAt(isoIn(DAY)).withPolicy(POLICY).issue(stack);
  await waitUntilAllActive(stack, directive.id, 90_000, clerk());
  await waitUntilAllActive(stack, withdrawn.id, 90_000, clerk());
  await waitUntilAllActive(stack, reviewed.id, 90_000, clerk());
  const [reviewedTask] = await tasksOf(stack, reviewed.id, clerk());
  const tasks = await tasksOf(stack, directive.id, clerk());
  const dueAt = Date.parse(taskOfUnit(tasks, r1).dueAt);

  await submit(taskOfUnit(tasks, r1), 'Đã triển khai xong');
  await submit(reviewedTask!, 'Báo cáo đúng hạn, chờ duyệt');
  expectStatus(
    await stack.http.post(
      `/directives/${directive.id}/amendments`,
      { unitId: r4, dueAt: isoIn(DAY), reason: 'Gia hạn theo đề nghị' },
      clerk(),
    ),
    200,
    'amend',
  );
  expectStatus(
    await stack.http.post(`/directives/${withdrawn.id}/withdraw`, { reason: 'Thu hồi để ban hành lại' }, clerk()),
    200,
    'withdraw',
  );

  // Past the first deadline: r2 delivers once escalated (late), r4 within its extension; r3 never does.
  await pollUntil(
    async () => Date.now(),
    (now) => now > dueAt + SECOND,
    { timeoutMs: DUE_IN_MS + 30 * SECOND, intervalMs: 250, description: 'the deadline to pass' },
  );
  await escalationOf(taskOfUnit(tasks, r2).id);
  await submit(taskOfUnit(tasks, r2), 'Báo cáo muộn');
  await submit(taskOfUnit(tasks, r4), 'Hoàn thành trong thời hạn gia hạn');
  // Accepted after the deadline, but delivered before it: on time.
  const reviewedDue = Date.parse(reviewedTask!.dueAt);
  await pollUntil(
    async () => Date.now(),
    (now) => now > reviewedDue,
    { timeoutMs: DUE_IN_MS + 30 * SECOND, intervalMs: 250, description: 'the reviewed deadline to pass' },
  );
  expectStatus(await stack.http.post(`/tasks/${reviewedTask!.id}/accept`, {}, clerk()), 200, 'accept');

  const resolve = async (unitId: string, body: Record<string, unknown>): Promise<void> => {
    const escalation = await escalationOf(taskOfUnit(tasks, unitId).id);
    expectStatus(
      await stack.http.post(`/escalations/${escalation.id}/resolve`, body, supervisor()),
      200,
      `resolve ${unitId}`,
    );
  };
  await resolve(r5, { action: 'waive', note: 'Không còn cần thiết' });
  await resolve(r6, { action: 'reassign', toUnitId: org.spares[0], dueAt: isoIn(DAY) });
  await escalationOf(taskOfUnit(tasks, r3).id);
  await pollUntil(
    async () => [...(await tasksOf(stack, directive.id, clerk())), ...(await tasksOf(stack, withdrawn.id, clerk()))],
    (all) =>
      all.some((t) => t.unitId === org.spares[0] && t.activatedAt !== null) &&
      all.some((t) => t.status === 'cancelled'),
    { timeoutMs: 60_000, description: 'the reassigned task to start and the withdrawn task to be cancelled' },
  );
}

/** What the org's clerk and supervisor must see, unit by unit. */
function expectedRows(): Map<string, Counts> {
  const [r1, r2, r3, r4, r5, r6] = org.recipients as [string, string, string, string, string, string];
  return new Map([
    [r1, counts({ onTime: 2, onTimeByOriginal: 2, cancelled: 1 })],
    [r2, counts({ completedLate: 1, escalated: 1 })],
    [r3, counts({ overdue: 1, escalated: 1 })],
    [r4, counts({ onTime: 1, extended: 1 })],
    [r5, counts({ waived: 1, escalated: 1 })],
    [r6, counts({ reassigned: 1, escalated: 1 })],
    [org.spares[0]!, counts({ openWithinDeadline: 1 })],
  ]);
}

const TOTALS = counts({
  onTime: 3,
  onTimeByOriginal: 2,
  completedLate: 1,
  openWithinDeadline: 1,
  overdue: 1,
  waived: 1,
  cancelled: 1,
  reassigned: 1,
  extended: 1,
  escalated: 4,
});

const COUNT_KEYS = Object.keys(counts({})) as (keyof Counts)[];

/** Each row's counts alone, by unit id. */
function rowsById(report: UnitsReport): Map<string, Counts> {
  return new Map(
    report.units.map((row) => [
      row.unitId,
      Object.fromEntries(COUNT_KEYS.map((k) => [k, row[k]])) as unknown as Counts,
    ]),
  );
}

beforeAll(async () => {
  org = await anOrg().withRecipients(6).withSpares(1).create(stack);
  other = await anOrg().withRecipients(2).create(stack);
  period = { from: vietnamDay(-1), to: vietnamDay(2) };
  await buildTasks();
}, 240_000);

describe('GET /statistics/units', () => {
  it("counts each unit's tasks by outcome for the issuing clerk: on time, late, overdue, extended, waived, reassigned, cancelled", async () => {
    const report = await unitsReport({}, clerk());
    expect(rowsById(report)).toEqual(expectedRows());
    expect(report.totals).toEqual(TOTALS);
    expect(report.totals.onTimeRate).toBe(0.6);
    expect(report.units.find((u) => u.unitId === org.recipients[0])?.unitName).toBe('Huyện ủy 1');
  });

  it('gives the coordinating body the same figures', async () => {
    const report = await unitsReport({}, supervisor());
    expect(rowsById(report)).toEqual(expectedRows());
    expect(report.scope.text).toContain('Ban Chỉ đạo 35 Tỉnh ủy');
  });

  it('lists every unit under unitId to depth, those without tasks at zero, in tree order', async () => {
    const report = await unitsReport({ unitId: org.province, depth: 1 }, clerk());
    expect(report.units[0]).toMatchObject({ unitId: org.province, depth: 0, due: 0 });
    expect(report.units.slice(1).every((u) => u.depth === 1)).toBe(true);
    expect(report.units.map((u) => u.unitId).sort()).toEqual(
      [org.province, org.coordinator, org.issuer, ...org.recipients, ...org.spares].sort(),
    );
    expect(report.units.find((u) => u.unitId === org.issuer)).toMatchObject({ due: 0, onTimeRate: null });
    expect(report.totals).toEqual(TOTALS);
    expect(report.scope.filters).toContain('Tỉnh ủy');
  });

  it('filters by level and by issuing unit', async () => {
    const agencies = await unitsReport({ level: 'agency' }, clerk());
    expect(agencies.units.map((u) => u.unitId)).toEqual([org.spares[0]]);
    const issued = await unitsReport({ issuerUnitId: org.issuer }, asAdmin());
    expect(issued.totals).toEqual(TOTALS);
    const none = await unitsReport({ issuerUnitId: org.coordinator }, asAdmin());
    expect(none.units).toEqual([]);
  });

  it('shows a clerk of a recipient unit only its own tasks, and an administrator every organisation', async () => {
    const own = await unitsReport({}, asClerk(org.recipients[0]!));
    expect(rowsById(own)).toEqual(new Map([[org.recipients[0]!, expectedRows().get(org.recipients[0]!)]]));
    const admin = await unitsReport({}, asAdmin());
    const ids = admin.units.map((u) => u.unitId);
    expect(ids).toEqual(expect.arrayContaining([...org.recipients, ...other.recipients]));
  });

  it("answers 404 for a unit outside the caller's scope, as for one it cannot see, and 403 to an officer", async () => {
    const otherClerk = asClerk(other.issuer);
    expect(rowsById(await unitsReport({}, otherClerk)).has(org.recipients[0]!)).toBe(false);
    const refused = expectError(
      await stack.http.get(withQuery('/statistics/units', { ...period, unitId: org.province }), otherClerk),
      404,
    );
    expect(refused.message).toContain(org.province);
    expectError(
      await stack.http.get(
        withQuery('/statistics/units', { ...period, unitId: org.recipients[2] }),
        asSupervisor(other.coordinator),
      ),
      404,
    );
    expectError(await stack.http.get(withQuery('/statistics/units', period), asOfficer(org.recipients[0]!)), 403);
  });
});

describe('GET /statistics/units.xlsx and .csv', () => {
  it('is a workbook with Vietnamese headings, the period and scope in title rows, unit names, the counts and a totals row', async () => {
    const response = await download('/statistics/units.xlsx', { unitId: org.province }, clerk());
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    const disposition = response.headers.get('content-disposition') ?? '';
    expect(disposition).toContain(`filename="Thong ke nhiem vu ${period.from} den ${period.to}.xlsx"`);
    expect(disposition).toContain(
      `filename*=UTF-8''${encodeURIComponent(`Thống kê nhiệm vụ ${period.from} đến ${period.to}.xlsx`)}`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const text = (row: number, col: number): string => String(sheet.getRow(row).getCell(col).value ?? '');
    expect(text(1, 1)).toBe('BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ THEO ĐƠN VỊ');
    const [fy, fm, fd] = period.from.split('-');
    expect(text(2, 1)).toContain(`từ ngày ${fd}/${fm}/${fy}`);
    expect(text(3, 1)).toContain('Phạm vi: nhiệm vụ của Ban Tuyên giáo Tỉnh ủy');

    let headingRow = 0;
    sheet.eachRow((row, n) => {
      if (row.getCell(2).value === 'Đơn vị') headingRow = n;
    });
    expect(headingRow).toBeGreaterThan(3);
    const headings = (sheet.getRow(headingRow).values as unknown[]).slice(1);
    expect(headings).toEqual(
      expect.arrayContaining([
        'Đơn vị',
        'Tổng số nhiệm vụ đến hạn',
        'Hoàn thành đúng hạn',
        'Hoàn thành quá hạn',
        'Đang thực hiện trong hạn',
        'Quá hạn',
        'Tỷ lệ đúng hạn',
        'Mã đơn vị',
      ]),
    );
    const col = (heading: string): number => headings.indexOf(heading) + 1;
    expect(sheet.getColumn(col('Mã đơn vị')).hidden).toBe(true);

    const rows = new Map<string, ExcelJS.Row>();
    for (let n = headingRow + 1; n <= sheet.rowCount; n += 1)
      rows.set(String(sheet.getRow(n).getCell(col('Đơn vị')).value), sheet.getRow(n));
    const huyen3 = rows.get('Huyện ủy 3')!;
    expect(huyen3.getCell(col('Mã đơn vị')).value).toBe(org.recipients[2]);
    expect(huyen3.getCell(col('Quá hạn')).value).toBe(1);
    const totals = rows.get('Tổng cộng')!;
    expect(totals.number).toBe(sheet.rowCount);
    expect(totals.getCell(col('Tổng số nhiệm vụ đến hạn')).value).toBe(6);
    expect(totals.getCell(col('Hoàn thành đúng hạn')).value).toBe(3);
    expect(totals.getCell(col('Tỷ lệ đúng hạn')).value).toBe(0.6);
    expect(totals.getCell(col('Tỷ lệ đúng hạn')).numFmt).toBe('0.0%');
  });

  it('is CSV in UTF-8 with a byte-order mark, the same rows and a formatted rate', async () => {
    const response = await download('/statistics/units.csv', {}, clerk());
    expect(response.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ THEO ĐƠN VỊ');
    const heading = lines.findIndex((l) => l.startsWith('STT,Đơn vị,Tổng số nhiệm vụ đến hạn,Hoàn thành đúng hạn'));
    expect(heading).toBeGreaterThan(0);
    const totals = lines.find((l) => l.startsWith(',Tổng cộng,'))!;
    expect(totals).toMatch(/^,Tổng cộng,6,3,2,1,1,1,1,4,1,1,1,"60,0%","40,0%",$/);
    expect(
      lines.filter((l) => l.endsWith(`,Huyện ủy 2,1,0,0,1,0,0,0,1,0,0,0,"0,0%","0,0%",${org.recipients[1]!}`)),
    ).toHaveLength(1);
  });
});

describe('GET /statistics/trend', () => {
  it('gives the counts per month of the period, adding up to the per-unit totals', async () => {
    const trend = expectStatus(
      await stack.http.get<TrendReport>(
        withQuery('/statistics/trend', { ...period, unitId: org.province, every: 'P1M' }),
        supervisor(),
      ),
      200,
    );
    expect(trend.every).toBe('P1M');
    expect(trend.buckets[0]!.from).toBe(period.from);
    expect(trend.buckets[trend.buckets.length - 1]!.to).toBe(period.to);
    expect(trend.totals).toEqual(TOTALS);
    const today = vietnamDay(0);
    const current = trend.buckets.find((b) => b.from <= today && today <= b.to)!;
    expect(current.due + current.waived + current.cancelled + current.reassigned).toBeGreaterThan(0);
  });

  it('gives one bucket per quarter or per year touched by the period, each cut to the period', async () => {
    for (const [every, key] of [
      ['P3M', (d: string) => `${d.slice(0, 4)}Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3)}`],
      ['P1Y', (d: string) => d.slice(0, 4)],
    ] as const) {
      const trend = expectStatus(
        await stack.http.get<TrendReport>(withQuery('/statistics/trend', { ...period, every }), clerk()),
        200,
      );
      expect(trend.buckets).toHaveLength(new Set([key(period.from), key(period.to)]).size);
      expect(trend.buckets[0]!.from).toBe(period.from);
      expect(trend.buckets[trend.buckets.length - 1]!.to).toBe(period.to);
      expect(trend.totals).toEqual(TOTALS);
    }
  });
});

describe('bad input', () => {
  const cases: { name: string; query: Record<string, string>; field: string; path?: string }[] = [
    { name: 'a date that is not a date', query: { from: '2026-02-30' }, field: 'from' },
    { name: 'a date in another format', query: { to: '31/12/2026' }, field: 'to' },
    { name: 'no period', query: { from: '', to: '' }, field: 'from' },
    { name: 'from after to', query: { from: '2026-12-31', to: '2026-01-01' }, field: 'from' },
    { name: 'a period longer than five years', query: { from: '2020-01-01', to: '2025-01-01' }, field: 'to' },
    { name: 'a depth that is not a whole number', query: { unitId: 'x', depth: '1.5' }, field: 'depth' },
    { name: 'a negative depth', query: { unitId: 'x', depth: '-1' }, field: 'depth' },
    { name: 'an unknown level', query: { level: 'village' }, field: 'level' },
    { name: 'an every that is not supported', query: { every: 'P2M' }, field: 'every', path: '/statistics/trend' },
  ];
  it.each(cases)('answers 400 naming the field for $name', async ({ query, field, path }) => {
    const error = expectError(
      await stack.http.get(withQuery(path ?? '/statistics/units', { ...period, ...query }), clerk()),
      400,
    );
    expect(fieldsOf(error)).toContain(field);
  });

  it('answers 400 naming unitId for a unit that does not exist, in the JSON and the reports alike', async () => {
    for (const path of ['/statistics/units', '/statistics/units.xlsx', '/statistics/units.csv', '/statistics/trend']) {
      const error = expectError(
        await stack.http.get(withQuery(path, { ...period, unitId: `${org.prefix}/khong-ton-tai` }), clerk()),
        400,
        path,
      );
      expect(error.errors).toEqual([
        { field: 'unitId', problem: `names unit ${org.prefix}/khong-ton-tai, which does not exist` },
      ]);
    }
  });
});
