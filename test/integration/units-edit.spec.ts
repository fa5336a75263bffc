/**
 * Editing one unit over HTTP (PATCH /units/:id) on the real stack: only the fields given change,
 * the same checks as an import refuse a missing parent or a loop (400 naming the field), an
 * unknown unit is a 404, an edit on a stale copy a 409, and each edit is audited before/after.
 */
import { asAdmin, asClerk, expectError, expectStatus, fieldsOf, type UnitView as ListedUnit } from './support/api';
import { unique } from './support/builders';
import { useStack } from './support/use-stack';

const stack = useStack();

/** A unit with the time of its last change, which an edit may name to refuse a stale copy. */
type UnitView = ListedUnit & { updatedAt: string };
const admin = asAdmin();

interface AuditRecordView {
  action: string;
  targetId: string;
  actor: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** A province with a committee, a steering committee and a district, fresh for each test. */
async function aProvince(): Promise<{ p: string; units: Record<'tinhUy' | 'bcd35' | 'huyen' | 'xa', string> }> {
  const p = `e${unique()}`;
  const units = {
    tinhUy: `${p}/tinh-uy`,
    bcd35: `${p}/bcd35`,
    huyen: `${p}/huyen-a`,
    xa: `${p}/huyen-a/xa-1`,
  };
  const body = {
    units: [
      { id: units.tinhUy, name: 'Tỉnh ủy', level: 'province' },
      { id: units.bcd35, name: 'Ban Chỉ đạo 35 tỉnh', level: 'province', parentId: units.tinhUy },
      { id: units.huyen, name: 'Huyện ủy A', level: 'district', parentId: units.tinhUy },
      { id: units.xa, name: 'Đảng ủy xã 1', level: 'commune', parentId: units.huyen },
    ],
  };
  expectStatus(await stack.http.post('/units', body, admin), 200, 'the province');
  return { p, units };
}

describe('editing a unit', () => {
  it('changes only the fields given, keeps the rest, and audits before and after', async () => {
    const { units } = await aProvince();
    const read = expectStatus(await stack.http.get<UnitView>(`/units/${units.huyen}`), 200);
    const edited = expectStatus(
      await stack.http.patch<UnitView>(
        `/units/${units.huyen}`,
        { name: 'Huyện ủy A (đổi tên)', coordinatingUnitId: units.bcd35, expectedUpdatedAt: read.updatedAt },
        admin,
      ),
      200,
    );
    expect(edited).toMatchObject({
      id: units.huyen,
      name: 'Huyện ủy A (đổi tên)',
      level: 'district',
      parentId: units.tinhUy,
      coordinatingUnitId: units.bcd35,
    });
    expect(edited.updatedAt).not.toBe(read.updatedAt);
    // The commune below now escalates to the body its district names.
    expect(expectStatus(await stack.http.get<UnitView>(`/units/${units.xa}`), 200)).toMatchObject({
      effectiveCoordinatingUnitId: units.bcd35,
    });
    // null clears an optional field.
    expect(
      expectStatus(await stack.http.patch<UnitView>(`/units/${units.huyen}`, { coordinatingUnitId: null }, admin), 200),
    ).toMatchObject({ coordinatingUnitId: null, name: 'Huyện ủy A (đổi tên)' });

    const audit = expectStatus(
      await stack.http.get<{ items: AuditRecordView[] }>(`/audit?action=unit.update&targetId=${units.huyen}`, admin),
      200,
    ).items;
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({
      actor: admin.actor,
      before: { name: 'Huyện ủy A', coordinatingUnitId: null },
      after: { name: 'Huyện ủy A (đổi tên)', coordinatingUnitId: units.bcd35 },
    });
  });

  it('refuses a parent that does not exist, a loop and an empty name, naming each field', async () => {
    const { p, units } = await aProvince();
    const missing = expectError(
      await stack.http.patch(`/units/${units.huyen}`, { parentId: `${p}/khong-co` }, admin),
      400,
    );
    expect(missing.errors).toEqual([{ field: 'parentId', problem: `names unit ${p}/khong-co, which does not exist` }]);
    const loop = expectError(await stack.http.patch(`/units/${units.tinhUy}`, { parentId: units.xa }, admin), 400);
    expect(fieldsOf(loop)).toEqual(['parentId']);
    expect(loop.errors?.[0]?.problem).toContain('loop');
    const empty = expectError(await stack.http.patch(`/units/${units.huyen}`, { name: null, level: 'x' }, admin), 400);
    expect(fieldsOf(empty).sort()).toEqual(['level']);
    const nameless = expectError(await stack.http.patch(`/units/${units.huyen}`, { name: null }, admin), 400);
    expect(fieldsOf(nameless)).toEqual(['name']);
    const renamedId = expectError(await stack.http.patch(`/units/${units.huyen}`, { id: `${p}/other` }, admin), 400);
    expect(fieldsOf(renamedId)).toEqual(['id']);
    // Nothing was written.
    expect(expectStatus(await stack.http.get<UnitView>(`/units/${units.huyen}`), 200)).toMatchObject({
      name: 'Huyện ủy A',
      parentId: units.tinhUy,
    });
  });

  it('answers 404 for an unknown unit, 409 for an edit on a stale copy, 403 to a clerk', async () => {
    const { p, units } = await aProvince();
    expectError(await stack.http.patch(`/units/${p}/khong-co`, { name: 'X' }, admin), 404);
    const read = expectStatus(await stack.http.get<UnitView>(`/units/${units.xa}`), 200);
    expectStatus(await stack.http.patch(`/units/${units.xa}`, { name: 'Đảng ủy xã 1 (lần 1)' }, admin), 200);
    const stale = expectError(
      await stack.http.patch(
        `/units/${units.xa}`,
        { name: 'Đảng ủy xã 1 (lần 2)', expectedUpdatedAt: read.updatedAt },
        admin,
      ),
      409,
    );
    expect(stale.message).toContain('after it was read');
    expect(expectStatus(await stack.http.get<UnitView>(`/units/${units.xa}`), 200).name).toBe('Đảng ủy xã 1 (lần 1)');
    expectError(await stack.http.patch(`/units/${units.xa}`, { name: 'Y' }, asClerk(units.tinhUy)), 403);
  });
});
