/**
 * The organisation tree at scale, over HTTP on the real stack: importing it as JSON or CSV (all
 * or nothing, problems named by row and column), exporting it so that it imports back to the
 * same tree, reading a unit's subtree nested, and trees with or without the district level.
 */
import { DEMO_UNITS } from '../../infra/demo/demo-organisation';
import { asAdmin, expectError, expectStatus, fieldsOf, postRaw, type UnitView } from './support/api';
import { aDirective, unique, type Org, type UnitInput } from './support/builders';
import { useStack } from './support/use-stack';

const HEADER = 'id,name,level,parentId,kind,coordinatingUnitId';
const stack = useStack();
/** Unit writes and imports are an administrator's; every role reads the tree. */
const admin = asAdmin();

interface ImportResult {
  imported: number;
  created: number;
  updated: number;
}

interface TreeNode {
  id: string;
  name: string;
  level: string;
  kind: string | null;
  coordinatingUnitId: string | null;
  effectiveCoordinatingUnitId: string | null;
  children: TreeNode[];
}

interface ExportedUnit {
  id: string;
  name: string;
  level: string;
  parentId: string | null;
  kind: string | null;
  coordinatingUnitId: string | null;
  escalationGrace: string | null;
  actsForSubUnits: boolean;
}

async function importCsv(csv: string): Promise<{ status: number; body: unknown }> {
  return postRaw(stack, '/units/import', csv, 'text/csv; charset=utf-8', admin);
}

/** 404 when the unit does not exist: how a test shows a refused import wrote nothing. */
async function statusOfUnit(id: string): Promise<number> {
  return (await stack.http.get(`/units/${id}`)).status;
}

/** The ids of a nested tree, depth first, as `id(child,child)`: compact to compare. */
function shape(node: TreeNode): string {
  return node.children.length === 0 ? node.id : `${node.id}(${node.children.map(shape).join(',')})`;
}

/** A province with a district level: tỉnh ủy → huyện ủy → xã, each level with its BCĐ 35. */
function provinceWithDistricts(p: string): UnitInput[] {
  return [
    { id: `${p}/huyen-a/xa-2`, name: 'Đảng ủy xã 2', level: 'commune', parentId: `${p}/huyen-a` },
    { id: `${p}/huyen-a/xa-1`, name: 'Đảng ủy xã 1', level: 'commune', parentId: `${p}/huyen-a` },
    {
      id: `${p}/huyen-a/bcd35`,
      name: 'Ban Chỉ đạo 35 huyện A',
      level: 'district',
      parentId: `${p}/huyen-a`,
      kind: 'steering-committee',
    },
    {
      id: `${p}/huyen-a`,
      name: 'Huyện ủy A',
      level: 'district',
      parentId: `${p}/tinh-uy`,
      coordinatingUnitId: `${p}/huyen-a/bcd35`,
    },
    {
      id: `${p}/bcd35`,
      name: 'Ban Chỉ đạo 35 tỉnh',
      level: 'province',
      parentId: `${p}/tinh-uy`,
      kind: 'steering-committee',
    },
    {
      id: `${p}/tinh-uy`,
      name: 'Tỉnh ủy',
      level: 'province',
      kind: 'party-committee',
      coordinatingUnitId: `${p}/bcd35`,
    },
  ];
}

describe('importing units', () => {
  it('imports JSON as { units } or as a bare array, counting created and updated units', async () => {
    const p = `t${unique()}`;
    const units = provinceWithDistricts(p);
    expect(expectStatus(await stack.http.post<ImportResult>('/units/import', { units }, admin), 200)).toEqual({
      imported: 6,
      created: 6,
      updated: 0,
    });

    const renamed = { ...units[0]!, name: 'Đảng ủy xã 2 (mới)' };
    const added: UnitInput = {
      id: `${p}/huyen-a/xa-3`,
      name: 'Đảng ủy xã 3',
      level: 'commune',
      parentId: `${p}/huyen-a`,
    };
    expect(expectStatus(await stack.http.post<ImportResult>('/units/import', [renamed, added], admin), 200)).toEqual({
      imported: 2,
      created: 1,
      updated: 1,
    });
    expect(expectStatus(await stack.http.get<UnitView>(`/units/${p}/huyen-a/xa-2`), 200)).toMatchObject({
      name: 'Đảng ủy xã 2 (mới)',
      effectiveCoordinatingUnitId: `${p}/huyen-a/bcd35`,
    });
  });

  it('imports CSV with quoted commas, quotes, Vietnamese text and empty cells as null', async () => {
    const p = `t${unique()}`;
    const csv = [
      HEADER,
      `${p}/tinh-uy,"Tỉnh ủy Lâm Đồng, khóa XI",province,,party-committee,${p}/bcd35`,
      `${p}/bcd35,"Ban Chỉ đạo 35 tỉnh ""Lâm Đồng""",province,${p}/tinh-uy,steering-committee,`,
      `${p}/dam-rong,Huyện ủy Đam Rông,district,${p}/tinh-uy,,`,
    ].join('\r\n');
    expect(expectStatus((await importCsv(csv)) as { status: number; body: ImportResult }, 200)).toEqual({
      imported: 3,
      created: 3,
      updated: 0,
    });
    expect(expectStatus(await stack.http.get<UnitView>(`/units/${p}/tinh-uy`), 200)).toMatchObject({
      name: 'Tỉnh ủy Lâm Đồng, khóa XI',
      parentId: null,
    });
    expect(expectStatus(await stack.http.get<UnitView>(`/units/${p}/bcd35`), 200)).toMatchObject({
      name: 'Ban Chỉ đạo 35 tỉnh "Lâm Đồng"',
      coordinatingUnitId: null,
    });
    expect(expectStatus(await stack.http.get<UnitView>(`/units/${p}/dam-rong`), 200)).toMatchObject({
      kind: null,
      coordinatingUnitId: null,
      effectiveCoordinatingUnitId: `${p}/bcd35`,
    });
  });

  describe('refuses a bad CSV as a whole, naming rows[N].column, and writes nothing', () => {
    const cases: [string, (p: string) => string[], string[]][] = [
      ['an unknown column', (p) => [`${HEADER},colour`, `${p}/a,A,agency,,,,red`], ['rows[0].colour']],
      ['a missing id', (p) => [HEADER, `${p}/a,A,agency,,,`, `,No id,agency,,,`], ['rows[2].id']],
      ['a level that does not exist', (p) => [HEADER, `${p}/a,A,hamlet,,,`], ['rows[1].level']],
      [
        'a loop',
        (p) => [HEADER, `${p}/a,A,agency,${p}/b,,`, `${p}/b,B,agency,${p}/a,,`],
        ['rows[1].parentId', 'rows[2].parentId'],
      ],
      [
        'an unknown parent',
        (p) => [HEADER, `${p}/a,A,agency,,,`, `${p}/b,B,agency,${p}/nowhere,,`],
        ['rows[2].parentId'],
      ],
      [
        'an unknown coordinating unit',
        (p) => [HEADER, `${p}/a,A,agency,,,${p}/nowhere`],
        ['rows[1].coordinatingUnitId'],
      ],
    ];
    it.each(cases)('%s', async (_what, rows, fields) => {
      const p = `t${unique()}`;
      const error = expectError(await importCsv(rows(p).join('\n')), 400);
      expect(fieldsOf(error)).toEqual(fields);
      expect(await statusOfUnit(`${p}/a`)).toBe(404);
    });
  });

  it('refuses bad JSON units naming units[i].field, and writes nothing', async () => {
    const p = `t${unique()}`;
    const error = expectError(
      await stack.http.post(
        '/units/import',
        [
          { id: `${p}/a`, name: 'A', level: 'agency' },
          { id: `${p}/b`, name: 'B', level: 'hamlet' },
        ],
        admin,
      ),
      400,
    );
    expect(fieldsOf(error)).toEqual(['units[1].level']);
    expect(await statusOfUnit(`${p}/a`)).toBe(404);
  });

  it('refuses a body that is neither JSON nor CSV with 415', async () => {
    expect((await postRaw(stack, '/units/import', 'id,name', 'text/plain', admin)).status).toBe(415);
  });
});

describe('at scale', () => {
  it('imports 10,000 units from one CSV in one transaction and reads them back as a tree', async () => {
    const p = `t${unique()}`;
    const rows = [
      HEADER,
      `${p}/tinh-uy,Tỉnh ủy,province,,party-committee,${p}/bcd35`,
      `${p}/bcd35,Ban Chỉ đạo 35 tỉnh,province,${p}/tinh-uy,steering-committee,`,
    ];
    for (let d = 0; d < 100; d += 1) {
      const district = `${p}/huyen-${String(d).padStart(3, '0')}`;
      rows.push(`${district},"Huyện ủy ${d}, tỉnh",district,${p}/tinh-uy,party-committee,`);
      for (let c = 0; c < 99; c += 1)
        rows.push(`${district}/xa-${String(c).padStart(2, '0')},Đảng ủy xã ${c},commune,${district},,`);
    }
    const started = Date.now();
    expect(expectStatus((await importCsv(rows.join('\n'))) as { status: number; body: ImportResult }, 200)).toEqual({
      imported: 10_002,
      created: 10_002,
      updated: 0,
    });
    expect(Date.now() - started).toBeLessThan(30_000);
    const tree = expectStatus(await stack.http.get<TreeNode>(`/units/${p}/tinh-uy/subtree`), 200);
    expect(tree.children).toHaveLength(101);
    expect(tree.children.reduce((n, c) => n + c.children.length, 0)).toBe(9_900);
    expect(tree.children[1]!.children[0]!.effectiveCoordinatingUnitId).toBe(`${p}/bcd35`);
  });
});

describe('exporting the tree', () => {
  it('lists parents before children and re-imports, as JSON and as CSV, to the same tree', async () => {
    const p = `t${unique()}`;
    expectStatus(await stack.http.post('/units/import', provinceWithDistricts(p), admin), 200);
    expectStatus(
      await stack.http.post(
        '/units',
        { units: [{ id: `${p}/so`, name: 'Sở "Thông tin, Truyền thông"', level: 'agency', parentId: `${p}/tinh-uy` }] },
        admin,
      ),
      200,
    );

    const exported = expectStatus(await stack.http.get<{ units: ExportedUnit[] }>('/units/export'), 200).units;
    const position = new Map(exported.map((u, i) => [u.id, i]));
    for (const u of exported)
      if (u.parentId !== null) expect(position.get(u.parentId)!).toBeLessThan(position.get(u.id)!);
    expect(exported.filter((u) => u.id.startsWith(`${p}/`)).map((u) => u.id)).toEqual([
      `${p}/tinh-uy`,
      `${p}/bcd35`,
      `${p}/huyen-a`,
      `${p}/so`,
      `${p}/huyen-a/bcd35`,
      `${p}/huyen-a/xa-1`,
      `${p}/huyen-a/xa-2`,
    ]);

    const csv = expectStatus(await stack.http.get<string>('/units/export?format=csv'), 200);
    // An admin's export carries each unit's contacts (issue 11), in the last column.
    expect(csv.split('\r\n')[0]).toBe(`${HEADER},escalationGrace,actsForSubUnits,contacts`);
    expect(csv).toContain(`${p}/so,"Sở ""Thông tin, Truyền thông""",agency,${p}/tinh-uy,,,,false,\r\n`);

    expect(expectStatus(await stack.http.post<ImportResult>('/units/import', { units: exported }, admin), 200)).toEqual(
      { imported: exported.length, created: 0, updated: exported.length, contacts: 0 },
    );
    expect(expectStatus((await importCsv(csv)) as { status: number; body: ImportResult }, 200)).toMatchObject({
      created: 0,
      updated: exported.length,
    });
    expect(
      expectStatus(await stack.http.get<{ units: ExportedUnit[] }>('/units/export?format=json'), 200).units,
    ).toEqual(exported);
    expect(expectStatus(await stack.http.get<string>('/units/export?format=csv'), 200)).toBe(csv);
  });

  it('refuses a format other than json or csv, naming format', async () => {
    expect(fieldsOf(expectError(await stack.http.get('/units/export?format=xml'), 400))).toEqual(['format']);
  });
});

describe('a subtree', () => {
  it('is the unit and its descendants nested, children by id, with effective coordinators', async () => {
    const p = `t${unique()}`;
    expectStatus(await stack.http.post('/units/import', provinceWithDistricts(p), admin), 200);
    const tree = expectStatus(await stack.http.get<TreeNode>(`/units/${p}/tinh-uy/subtree`), 200);
    expect(shape(tree)).toBe(
      `${p}/tinh-uy(${p}/bcd35,${p}/huyen-a(${p}/huyen-a/bcd35,${p}/huyen-a/xa-1,${p}/huyen-a/xa-2))`,
    );
    expect(tree).toMatchObject({
      name: 'Tỉnh ủy',
      level: 'province',
      kind: 'party-committee',
      coordinatingUnitId: `${p}/bcd35`,
      effectiveCoordinatingUnitId: `${p}/bcd35`,
    });
    const district = tree.children.find((c) => c.id === `${p}/huyen-a`)!;
    expect(district.effectiveCoordinatingUnitId).toBe(`${p}/huyen-a/bcd35`);
    expect(district.children.find((c) => c.id === `${p}/huyen-a/xa-1`)).toMatchObject({
      coordinatingUnitId: null,
      effectiveCoordinatingUnitId: `${p}/huyen-a/bcd35`,
    });
  });

  it('stops at the depth asked for', async () => {
    const p = `t${unique()}`;
    expectStatus(await stack.http.post('/units/import', provinceWithDistricts(p), admin), 200);
    expect(shape(expectStatus(await stack.http.get<TreeNode>(`/units/${p}/tinh-uy/subtree?depth=1`), 200))).toBe(
      `${p}/tinh-uy(${p}/bcd35,${p}/huyen-a)`,
    );
    expect(shape(expectStatus(await stack.http.get<TreeNode>(`/units/${p}/tinh-uy/subtree?depth=0`), 200))).toBe(
      `${p}/tinh-uy`,
    );
    expect(fieldsOf(expectError(await stack.http.get(`/units/${p}/tinh-uy/subtree?depth=-1`), 400))).toEqual(['depth']);
  });

  it('of a leaf deep in the tree inherits its coordinator from the ancestors', async () => {
    const p = `t${unique()}`;
    expectStatus(await stack.http.post('/units/import', provinceWithDistricts(p), admin), 200);
    expect(expectStatus(await stack.http.get<TreeNode>(`/units/${p}/huyen-a/xa-1/subtree`), 200)).toEqual({
      id: `${p}/huyen-a/xa-1`,
      name: 'Đảng ủy xã 1',
      level: 'commune',
      kind: null,
      coordinatingUnitId: null,
      effectiveCoordinatingUnitId: `${p}/huyen-a/bcd35`,
      escalationGrace: null,
      actsForSubUnits: false,
      children: [],
    });
  });

  it('does not collide with reading a unit whose id has slashes', async () => {
    const p = `t${unique()}`;
    expectStatus(await stack.http.post('/units/import', provinceWithDistricts(p), admin), 200);
    expect(expectStatus(await stack.http.get<UnitView>(`/units/${p}/huyen-a`), 200)).toMatchObject({
      id: `${p}/huyen-a`,
      parentId: `${p}/tinh-uy`,
    });
    expect(
      expectStatus(await stack.http.get<UnitView>(`/units/${encodeURIComponent(`${p}/huyen-a`)}`), 200),
    ).toMatchObject({ id: `${p}/huyen-a` });
    expect(expectStatus(await stack.http.get<TreeNode>(`/units/${p}/huyen-a/subtree`), 200)).toMatchObject({
      id: `${p}/huyen-a`,
    });
    expect(
      expectStatus(await stack.http.get<TreeNode>(`/units/${encodeURIComponent(`${p}/huyen-a`)}/subtree`), 200),
    ).toMatchObject({ id: `${p}/huyen-a` });
  });

  it('of a unit that does not exist is 404, as is the unit itself', async () => {
    const p = `t${unique()}`;
    expectError(await stack.http.get(`/units/${p}/nowhere/subtree`), 404);
    expectError(await stack.http.get(`/units/${p}/nowhere`), 404);
  });
});

describe('levels are data', () => {
  it('a province whose communes hang directly under it (no district level) imports, nests and takes directives', async () => {
    const p = `t${unique()}`;
    const csv = [
      HEADER,
      `${p}/tinh-uy,Tỉnh ủy An Giang,province,,party-committee,${p}/tinh-uy/bcd35`,
      `${p}/tinh-uy/bcd35,Ban Chỉ đạo 35 tỉnh An Giang,province,${p}/tinh-uy,steering-committee,`,
      `${p}/tinh-uy/ban-tuyen-giao,Ban Tuyên giáo và Dân vận Tỉnh ủy,agency,${p}/tinh-uy,party-board,`,
      `${p}/xa-my-hoa-hung,Đảng ủy xã Mỹ Hòa Hưng,commune,${p}/tinh-uy,party-committee,`,
      `${p}/xa-oc-eo,Đảng ủy xã Óc Eo,commune,${p}/tinh-uy,party-committee,`,
    ].join('\n');
    expect(expectStatus((await importCsv(csv)) as { status: number; body: ImportResult }, 200)).toMatchObject({
      created: 5,
    });

    const tree = expectStatus(await stack.http.get<TreeNode>(`/units/${p}/tinh-uy/subtree`), 200);
    expect(tree.children.filter((c) => c.level === 'commune').map((c) => c.id)).toEqual([
      `${p}/xa-my-hoa-hung`,
      `${p}/xa-oc-eo`,
    ]);
    expect(tree.children.every((c) => c.effectiveCoordinatingUnitId === `${p}/tinh-uy/bcd35`)).toBe(true);

    const org: Org = {
      prefix: p,
      province: `${p}/tinh-uy`,
      coordinator: `${p}/tinh-uy/bcd35`,
      issuer: `${p}/tinh-uy/ban-tuyen-giao`,
      recipients: [`${p}/xa-my-hoa-hung`, `${p}/xa-oc-eo`],
      spares: [],
    };
    const directive = await aDirective(org).toAll(org.recipients).issue(stack);
    expect(directive).toMatchObject({ issuerUnitId: org.issuer, coordinatingUnitId: org.coordinator });
  });
});

describe('the demo tree', () => {
  it('imports, and every issuing body of every level is coordinated by a Ban Chỉ đạo 35', async () => {
    expect(
      expectStatus(await stack.http.post<ImportResult>('/units/import', { units: DEMO_UNITS }, admin), 200),
    ).toMatchObject({ imported: DEMO_UNITS.length });
    const kinds = new Map(DEMO_UNITS.map((u) => [u.id, u.kind]));
    for (const unit of DEMO_UNITS.filter((u) => u.coordinatingUnitId !== undefined))
      expect([unit.id, kinds.get(unit.coordinatingUnitId!)]).toEqual([unit.id, 'steering-committee']);

    const issuers: [string, string][] = [
      ['central/btgtw', 'central/bcd35'],
      ['bo-noi-vu/bcsd', 'bo-noi-vu/bcd35'],
      ['bac-kan/tinh-uy', 'bac-kan/bcd35'],
      ['bac-kan-city/thanh-uy', 'bac-kan-city/bcd35'],
      ['lam-dong/tinh-uy', 'lam-dong/bcd35'],
      ['dam-rong/huyen-uy', 'dam-rong/bcd35'],
      ['an-giang/tinh-uy', 'an-giang/bcd35'],
      ['kon-tum/ubnd', 'kon-tum/bcd35'],
      ['ngoc-hoi/ubnd', 'ngoc-hoi/bcd35'],
    ];
    for (const [issuer, coordinator] of issuers) {
      expect(expectStatus(await stack.http.get<UnitView>(`/units/${issuer}`), 200)).toMatchObject({
        id: issuer,
        effectiveCoordinatingUnitId: coordinator,
      });
    }
    const lamDong = expectStatus(await stack.http.get<TreeNode>('/units/lam-dong/tinh-uy/subtree?depth=2'), 200);
    const damRong = lamDong.children.find((c) => c.id === 'dam-rong/huyen-uy')!;
    expect(damRong.children.filter((c) => c.level === 'commune')).toHaveLength(8);
    expect(damRong.children.every((c) => c.effectiveCoordinatingUnitId === 'dam-rong/bcd35')).toBe(true);
  });
});
