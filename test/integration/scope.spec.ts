/**
 * Scope per unit over HTTP on the real stack (docs/auth.md, "Scope"): each person reads and acts
 * for their own unit only. Outside it a resource answers 404 exactly as one that does not exist;
 * one they may read but not act on answers 403 OUT_OF_SCOPE; lists hold only what they may see.
 * The endpoint × role × scope matrix is in auth.spec.ts; these are the rules' finer points.
 */
import { randomUUID } from 'node:crypto';
import {
  asAdmin,
  asClerk,
  asOfficer,
  asSupervisor,
  expectError,
  expectStatus,
  type DirectiveView,
  type ErrorBody,
  type Page,
  type TaskView,
  type UnitView,
} from './support/api';
import { DAY, QUIET_POLICY, aDirective, anOrg, isoIn, type Org } from './support/builders';
import { pollUntil, type HttpResponse, type RequestOptions } from './support/stack';
import { useStack } from './support/use-stack';

const stack = useStack();

/** The tasks of a directive as `options`' person sees them. */
async function tasksSeen(directiveId: string, options: RequestOptions): Promise<TaskView[]> {
  return expectStatus(
    await stack.http.get<Page<TaskView>>(`/tasks?directiveId=${directiveId}&limit=200`, options),
    200,
    'GET /tasks',
  ).items;
}

/** Waits until every task of the directive is active, reading as a person who sees them all. */
async function waitUntilActive(directiveId: string, options: RequestOptions): Promise<void> {
  await pollUntil(
    async () => expectStatus(await stack.http.get<DirectiveView>(`/directives/${directiveId}`, options), 200).progress,
    (p) => p !== undefined && p.total > 0 && p.active === p.total,
    { timeoutMs: 60_000, intervalMs: 200, description: `every task of directive ${directiveId} to become active` },
  );
}

/** A directive from the org's issuer to its first two recipients, every task active. */
async function directiveToTwo(org: Org): Promise<{ directive: DirectiveView; first: TaskView; second: TaskView }> {
  const directive = await aDirective(org)
    .to(org.recipients[0]!)
    .to(org.recipients[1]!)
    .withPolicy(QUIET_POLICY)
    .withReview()
    .dueAt(isoIn(30 * DAY))
    .issue(stack);
  await waitUntilActive(directive.id, asClerk(org.issuer));
  const tasks = await tasksSeen(directive.id, asClerk(org.issuer));
  const byUnit = (unit: string): TaskView => tasks.find((t) => t.unitId === unit)!;
  return { directive, first: byUnit(org.recipients[0]!), second: byUnit(org.recipients[1]!) };
}

/** A 404 out of scope must read exactly like the 404 of an id that was never used. */
function expectHidden(response: HttpResponse<unknown>, what: string, id: string): void {
  const body = expectError(response, 404, `${what} ${id}`);
  expect(body.message).toBe(`${what} ${id} does not exist`);
}

describe('scope per unit', () => {
  it("an officer sees and acts on its own unit's tasks only; another unit's task reads as one that does not exist", async () => {
    const org = await anOrg().create(stack);
    const { directive, first, second } = await directiveToTwo(org);
    const officer = asOfficer(org.recipients[0]!, 'can.bo.huyen.1');

    expect((await tasksSeen(directive.id, officer)).map((t) => t.id)).toEqual([first.id]);
    const ownTasks = expectStatus(
      await stack.http.get<Page<TaskView>>(`/directives/${directive.id}/tasks`, officer),
      200,
    );
    expect(ownTasks.items.map((t) => t.id)).toEqual([first.id]);

    expectHidden(await stack.http.get(`/tasks/${second.id}`, officer), 'task', second.id);
    expectHidden(await stack.http.get(`/tasks/${second.id}/events`, officer), 'task', second.id);
    expectHidden(await stack.http.post(`/tasks/${second.id}/acknowledge`, {}, officer), 'task', second.id);
    const never = randomUUID();
    expectHidden(await stack.http.get(`/tasks/${never}`, officer), 'task', never);

    // The other unit's task is untouched; its own is acknowledged.
    expect(expectStatus(await stack.http.get<TaskView>(`/tasks/${second.id}`, asClerk(org.issuer)), 200).status).toBe(
      'assigned',
    );
    expect(
      expectStatus(await stack.http.post<TaskView>(`/tasks/${first.id}/acknowledge`, {}, officer), 200).status,
    ).toBe('acknowledged');

    // The directive is readable (it has the unit's task), its cascade is not: that is the issuer's.
    expect(expectStatus(await stack.http.get<DirectiveView>(`/directives/${directive.id}`, officer), 200).id).toBe(
      directive.id,
    );
    const listed = expectStatus(
      await stack.http.get<Page<DirectiveView>>(`/directives?issuerUnitId=${encodeURIComponent(org.issuer)}`, officer),
      200,
    );
    expect(listed.items.map((d) => d.id)).toEqual([directive.id]);
    const tree = expectError(await stack.http.get(`/directives/${directive.id}/tree`, officer), 403);
    expect(tree.details).toEqual({ code: 'OUT_OF_SCOPE' });
    expect(expectStatus(await stack.http.get<unknown[]>(`/tasks/${first.id}/path`, officer), 200)).toHaveLength(1);

    // An officer of an organisation the directive never reached sees nothing of it.
    const stranger = await anOrg().create(stack);
    const outsider = asOfficer(stranger.recipients[0]!);
    expectHidden(await stack.http.get(`/directives/${directive.id}`, outsider), 'directive', directive.id);
    expect(await tasksSeen(directive.id, outsider)).toEqual([]);
  });

  it('an officer of a unit that acts for its sub-units carries out their tasks, and stops when the setting is removed', async () => {
    const org = await anOrg().create(stack);
    const district = org.recipients[0]!;
    const commune = `${district}/xa-1`;
    const districtUnit = { id: district, name: 'Huyện ủy 1', level: 'district', parentId: org.province };
    expectStatus(
      await stack.http.post(
        '/units',
        {
          units: [
            { ...districtUnit, actsForSubUnits: true },
            { id: commune, name: 'Đảng ủy xã 1', level: 'commune', parentId: district },
          ],
        },
        asAdmin(),
      ),
      200,
    );
    expect(expectStatus(await stack.http.get<UnitView>(`/units/${district}`), 200).actsForSubUnits).toBe(true);

    const directive = await aDirective(org)
      .to(commune)
      .withPolicy(QUIET_POLICY)
      .dueAt(isoIn(30 * DAY))
      .issue(stack);
    await waitUntilActive(directive.id, asClerk(org.issuer));
    const [task] = await tasksSeen(directive.id, asClerk(org.issuer));

    const districtOfficer = asOfficer(district, 'can.bo.huyen');
    expect((await tasksSeen(directive.id, districtOfficer)).map((t) => t.id)).toEqual([task!.id]);
    expect(
      expectStatus(await stack.http.post<TaskView>(`/tasks/${task!.id}/acknowledge`, {}, districtOfficer), 200).status,
    ).toBe('acknowledged');
    // A sibling district does not act for the commune; the commune's own officer still does.
    expectHidden(
      await stack.http.post(`/tasks/${task!.id}/progress`, { percent: 10 }, asOfficer(org.recipients[1]!)),
      'task',
      task!.id,
    );
    expect(
      expectStatus(
        await stack.http.post<TaskView>(`/tasks/${task!.id}/progress`, { percent: 20 }, asOfficer(commune)),
        200,
      ).progress.percent,
    ).toBe(20);

    expectStatus(
      await stack.http.post('/units', { units: [{ ...districtUnit, actsForSubUnits: false }] }, asAdmin()),
      200,
    );
    expectHidden(
      await stack.http.post(`/tasks/${task!.id}/progress`, { percent: 30 }, districtOfficer),
      'task',
      task!.id,
    );
  });

  it('an officer acting for sub-units reaches every depth below; a unit moved to another parent takes its subtree out of that scope and into the new one', async () => {
    const org = await anOrg().create(stack);
    const [district, sibling] = [org.recipients[0]!, org.recipients[1]!];
    const commune = `${district}/xa-1`;
    const village = `${commune}/thon-1`;
    const cell = `${village}/chi-bo-1`;
    const stays = `${district}/xa-2`;
    const districtUnit = (id: string, name: string) => ({ id, name, level: 'district', parentId: org.province });
    // Children before their parents, as an import may send them.
    const tree = [
      { id: cell, name: 'Chi bộ 1', level: 'agency', parentId: village },
      { id: village, name: 'Thôn 1', level: 'agency', parentId: commune },
      { id: commune, name: 'Đảng ủy xã 1', level: 'commune', parentId: district },
      { id: stays, name: 'Đảng ủy xã 2', level: 'commune', parentId: district },
      { ...districtUnit(district, 'Huyện ủy 1'), actsForSubUnits: true },
      { ...districtUnit(sibling, 'Huyện ủy 2'), actsForSubUnits: true },
    ];
    expectStatus(await stack.http.post('/units', { units: tree }, asAdmin()), 200);

    const directive = await aDirective(org)
      .to(cell)
      .to(stays)
      .withPolicy(QUIET_POLICY)
      .dueAt(isoIn(30 * DAY))
      .issue(stack);
    await waitUntilActive(directive.id, asClerk(org.issuer));
    const tasks = await tasksSeen(directive.id, asClerk(org.issuer));
    const cellTask = tasks.find((t) => t.unitId === cell)!;
    const staysTask = tasks.find((t) => t.unitId === stays)!;

    const districtOfficer = asOfficer(district, 'can.bo.huyen.1');
    const siblingOfficer = asOfficer(sibling, 'can.bo.huyen.2');
    expect((await tasksSeen(directive.id, districtOfficer)).map((t) => t.id).sort()).toEqual(
      [cellTask.id, staysTask.id].sort(),
    );
    expect(await tasksSeen(directive.id, siblingOfficer)).toEqual([]);
    expect(
      expectStatus(await stack.http.post<TaskView>(`/tasks/${cellTask.id}/acknowledge`, {}, districtOfficer), 200)
        .status,
    ).toBe('acknowledged');

    // The commune moves to the sibling district, its village and cell with it.
    expectStatus(
      await stack.http.post(
        '/units',
        { units: [{ id: commune, name: 'Đảng ủy xã 1', level: 'commune', parentId: sibling }] },
        asAdmin(),
      ),
      200,
    );
    expect((await tasksSeen(directive.id, districtOfficer)).map((t) => t.id)).toEqual([staysTask.id]);
    expectHidden(await stack.http.get(`/tasks/${cellTask.id}`, districtOfficer), 'task', cellTask.id);
    expectHidden(
      await stack.http.post(`/tasks/${cellTask.id}/progress`, { percent: 10 }, districtOfficer),
      'task',
      cellTask.id,
    );
    expect((await tasksSeen(directive.id, siblingOfficer)).map((t) => t.id)).toEqual([cellTask.id]);
    expect(
      expectStatus(
        await stack.http.post<TaskView>(`/tasks/${cellTask.id}/progress`, { percent: 40 }, siblingOfficer),
        200,
      ).progress.percent,
    ).toBe(40);
  });

  it("a clerk manages its own unit's directives; a recipient's clerk reads the directive but may not accept its own report", async () => {
    const org = await anOrg().create(stack);
    const { directive, first, second } = await directiveToTwo(org);
    const recipientClerk = asClerk(org.recipients[0]!, 'van.thu.huyen');

    expectStatus(
      await stack.http.post(`/tasks/${first.id}/submit`, { report: 'Đã triển khai' }, asOfficer(org.recipients[0]!)),
      200,
    );
    const accept = expectError(await stack.http.post(`/tasks/${first.id}/accept`, {}, recipientClerk), 403);
    expect(accept.details).toEqual({ code: 'OUT_OF_SCOPE' });
    expect(
      expectError(await stack.http.post(`/directives/${directive.id}/withdraw`, {}, recipientClerk), 403).details,
    ).toEqual({ code: 'OUT_OF_SCOPE' });
    expect(
      expectError(
        await stack.http.post(
          `/directives/${directive.id}/amendments`,
          { unitId: org.recipients[0], dueAt: isoIn(40 * DAY) },
          recipientClerk,
        ),
        403,
      ).details,
    ).toEqual({
      code: 'OUT_OF_SCOPE',
    });
    // The other recipient's task is not the clerk's to read.
    expectHidden(await stack.http.get(`/tasks/${second.id}`, recipientClerk), 'task', second.id);
    // The issuer's clerk accepts.
    expect(
      expectStatus(await stack.http.post<TaskView>(`/tasks/${first.id}/accept`, {}, asClerk(org.issuer)), 200).status,
    ).toBe('completed');

    // Issuing in another unit's name names the field; nothing is written.
    const number = `${randomUUID().slice(0, 8)}-CV/HU`;
    const body = aDirective(org).numbered(number).to(org.recipients[1]!).build();
    const refused: ErrorBody = expectError(await stack.http.post('/directives', body, recipientClerk), 403);
    expect(refused.errors?.map((e) => e.field)).toEqual(['issuerUnitId']);
    expect(refused.details).toEqual({ code: 'OUT_OF_SCOPE' });
    const issued = expectStatus(
      await stack.http.get<Page<DirectiveView>>(
        `/directives?issuerUnitId=${encodeURIComponent(org.issuer)}`,
        asClerk(org.issuer),
      ),
      200,
    );
    expect(issued.items.map((d) => d.number)).not.toContain(number);
  });

  it('a clerk reads the cascade below its directives; a directive it cannot read is named as one that does not exist', async () => {
    const org = await anOrg().create(stack);
    const { directive, first } = await directiveToTwo(org);
    const district = org.recipients[0]!;
    const below = `${district}/xa-1`;
    expectStatus(
      await stack.http.post(
        '/units',
        { units: [{ id: below, name: 'Đảng ủy xã 1', level: 'commune', parentId: district }] },
        asAdmin(),
      ),
      200,
    );

    // The issuer's clerk may not implement the district's task; the district's clerk does.
    const implementBody = {
      number: `${randomUUID().slice(0, 8)}-CV/HU`,
      subject: 'Triển khai',
      issuedAt: new Date().toISOString(),
      reminderPolicy: QUIET_POLICY,
      assignments: [{ unitId: below, role: 'lead', instructions: 'Thực hiện', dueAt: isoIn(20 * DAY) }],
    };
    expect(
      expectError(await stack.http.post(`/tasks/${first.id}/implement`, implementBody, asClerk(org.issuer)), 403)
        .details,
    ).toEqual({ code: 'OUT_OF_SCOPE' });
    const subDirective = expectStatus(
      await stack.http.post<DirectiveView>(`/tasks/${first.id}/implement`, implementBody, asClerk(district)),
      201,
    );
    expect(subDirective.issuerUnitId).toBe(district);

    // The province's clerk reads the district's directive, its tasks and the whole tree.
    const provinceClerk = asClerk(org.issuer);
    expect(
      expectStatus(await stack.http.get<DirectiveView>(`/directives/${subDirective.id}`, provinceClerk), 200)
        .parentDirectiveId,
    ).toBe(directive.id);
    expect(
      expectStatus(
        await stack.http.get<{ directiveCount: number }>(`/directives/${directive.id}/tree`, provinceClerk),
        200,
      ).directiveCount,
    ).toBe(2);
    await waitUntilActive(subDirective.id, provinceClerk);
    expect((await tasksSeen(subDirective.id, provinceClerk)).map((t) => t.unitId)).toEqual([below]);
    // …but may not manage it: that is the district's.
    expect(
      expectError(await stack.http.post(`/directives/${subDirective.id}/withdraw`, {}, provinceClerk), 403).details,
    ).toEqual({ code: 'OUT_OF_SCOPE' });

    // A clerk of another organisation linking a directive under this one learns nothing.
    const stranger = await anOrg().create(stack);
    const linked = aDirective(stranger).with({ parentDirectiveId: directive.id }).build();
    const refused = expectError(await stack.http.post('/directives', linked, asClerk(stranger.issuer)), 400);
    expect(refused.errors).toEqual([
      { field: 'parentDirectiveId', problem: `names directive ${directive.id}, which does not exist` },
    ]);
  });

  it('a supervisor reads the directives its body coordinates, in full; another body sees none of them', async () => {
    const org = await anOrg().create(stack);
    const { directive, first } = await directiveToTwo(org);
    const supervisor = asSupervisor(org.coordinator);
    expect(
      expectStatus(await stack.http.get<DirectiveView>(`/directives/${directive.id}`, supervisor), 200)
        .coordinatingUnitId,
    ).toBe(org.coordinator);
    expect(
      expectStatus(
        await stack.http.get<{ directiveCount: number }>(`/directives/${directive.id}/tree`, supervisor),
        200,
      ).directiveCount,
    ).toBe(1);
    expect((await tasksSeen(directive.id, supervisor)).length).toBe(2);

    const stranger = await anOrg().create(stack);
    const otherBody = asSupervisor(stranger.coordinator);
    expectHidden(await stack.http.get(`/directives/${directive.id}/tree`, otherBody), 'directive', directive.id);
    expectHidden(await stack.http.get(`/tasks/${first.id}/path`, otherBody), 'task', first.id);
    const listed = expectStatus(
      await stack.http.get<Page<DirectiveView>>(
        `/directives?issuerUnitId=${encodeURIComponent(org.issuer)}`,
        otherBody,
      ),
      200,
    );
    expect(listed.items).toEqual([]);
  });

  it("roles add up: a person who is officer and clerk of a unit acknowledges its task and implements it, and still reads no more of the issuer's cascade", async () => {
    const org = await anOrg().create(stack);
    const { first } = await directiveToTwo(org);
    const district = org.recipients[0]!;
    const below = `${district}/xa-1`;
    expectStatus(
      await stack.http.post(
        '/units',
        { units: [{ id: below, name: 'Đảng ủy xã 1', level: 'commune', parentId: district }] },
        asAdmin(),
      ),
      200,
    );
    const both: RequestOptions = { actor: 'pho.chanh.van.phong', unit: district, roles: ['officer', 'clerk'] };

    expect(expectStatus(await stack.http.post<TaskView>(`/tasks/${first.id}/acknowledge`, {}, both), 200).status).toBe(
      'acknowledged',
    );
    const implementBody = {
      number: `${randomUUID().slice(0, 8)}-CV/HU`,
      subject: 'Triển khai',
      issuedAt: new Date().toISOString(),
      reminderPolicy: QUIET_POLICY,
      assignments: [{ unitId: below, role: 'lead', instructions: 'Thực hiện', dueAt: isoIn(20 * DAY) }],
    };
    expect(
      expectStatus(await stack.http.post<DirectiveView>(`/tasks/${first.id}/implement`, implementBody, both), 201)
        .issuerUnitId,
    ).toBe(district);
    expect(expectError(await stack.http.get(`/directives/${first.directiveId}/tree`, both), 403).details).toEqual({
      code: 'OUT_OF_SCOPE',
    });
  });
});
