import { FieldErrors } from '../../../apps/api/src/errors/errors';
import {
  unitRecordOf,
  unitsFromCsv,
  unitsFromJson,
  unitsToCsv,
  type UnitRecord,
} from '../../../apps/api/src/units/units-import';

/** The fields a FieldErrors names, or fails when `run` does not throw one. */
function fieldsOfError(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof FieldErrors) return error.errors.map((e) => e.field);
    throw error;
  }
  throw new Error('expected FieldErrors');
}

const HEADER = 'id,name,level,parentId,kind,coordinatingUnitId';

describe('units from CSV', () => {
  it('reads rows with empty cells as null and accepts columns in any order', () => {
    const units = unitsFromCsv(`level,id,name\r\nprovince,lam-dong/tinh-uy,"Tỉnh ủy Lâm Đồng, khóa XI"\r\n`);
    expect(units).toEqual([
      expect.objectContaining({ id: 'lam-dong/tinh-uy', name: 'Tỉnh ủy Lâm Đồng, khóa XI', level: 'province' }),
    ]);
    const [unit] = unitsFromCsv(`${HEADER}\nx,X,agency,,,\n`);
    expect(unit?.parentId).toBeUndefined();
    expect(unit?.kind).toBeUndefined();
  });

  it('names the 1-based data row and the column of each problem', () => {
    expect(
      fieldsOfError(() => unitsFromCsv(`${HEADER}\nok,Ok,agency,,,\n,Missing id,agency,,,\nbad,Bad,hamlet,,,\n`)),
    ).toEqual(['rows[2].id', 'rows[3].level']);
  });

  it('names an unknown or missing column in the header row, rows[0]', () => {
    expect(fieldsOfError(() => unitsFromCsv('id,name,level,colour\nx,X,agency,red\n'))).toEqual(['rows[0].colour']);
    expect(fieldsOfError(() => unitsFromCsv('id,name\nx,X\n'))).toEqual(['rows[0].level']);
  });

  it('names a row whose field count differs from the header', () => {
    expect(fieldsOfError(() => unitsFromCsv(`${HEADER}\nx,X,agency\n`))).toEqual(['rows[1]']);
  });

  it('names the row of a quote left open', () => {
    expect(fieldsOfError(() => unitsFromCsv(`${HEADER}\nx,"X,agency,,,\n`))).toEqual(['rows[1]']);
  });

  it('refuses a file with a header only', () => {
    expect(fieldsOfError(() => unitsFromCsv(`${HEADER}\n`))).toEqual(['rows']);
  });
});

describe('units from JSON', () => {
  it('takes { units } or a bare array', () => {
    const unit = { id: 'x', name: 'X', level: 'agency', parentId: null };
    expect(unitsFromJson({ units: [unit] })).toHaveLength(1);
    expect(unitsFromJson([unit])).toHaveLength(1);
  });

  it('names each bad field with its index', () => {
    expect(
      fieldsOfError(() =>
        unitsFromJson([
          { id: 'x', name: 'X', level: 'agency' },
          { id: 'Y Y', name: 'Y', level: 'agency', colour: 'red' },
        ]),
      ),
    ).toEqual(expect.arrayContaining(['units[1].id', 'units[1].colour']));
    expect(fieldsOfError(() => unitsFromJson({ units: [], extra: 1 }))).toEqual(['extra']);
    for (const grace of ['2 days', 'P0D', 'PT', 7]) {
      expect(
        fieldsOfError(() => unitsFromJson([{ id: 'x', name: 'X', level: 'agency', escalationGrace: grace }])),
      ).toEqual(['units[0].escalationGrace']);
    }
    expect(fieldsOfError(() => unitsFromJson('not json'))).toEqual(['units']);
  });

  it('reads actsForSubUnits as true or false and refuses anything else by name', () => {
    const csv = `id,name,level,actsForSubUnits\r\na,A,district,true\r\nb,B,district,FALSE\r\nc,C,district,\r\n`;
    expect(unitsFromCsv(csv).map((u) => u.actsForSubUnits)).toEqual([true, false, undefined]);
    expect(fieldsOfError(() => unitsFromCsv(`id,name,level,actsForSubUnits\r\na,A,district,yes\r\n`))).toEqual([
      'rows[1].actsForSubUnits',
    ]);
    expect(
      fieldsOfError(() => unitsFromJson([{ id: 'a', name: 'A', level: 'district', actsForSubUnits: 'true' }])),
    ).toEqual(['units[0].actsForSubUnits']);
  });
});

describe('units to CSV', () => {
  it('writes the import header and reads back to the same units', () => {
    const records: UnitRecord[] = [
      {
        id: 'an-giang/tinh-uy',
        name: 'Tỉnh ủy An Giang',
        level: 'province',
        parentId: null,
        kind: 'party-committee',
        coordinatingUnitId: 'an-giang/bcd35',
        escalationGrace: null,
        actsForSubUnits: true,
      },
      {
        id: 'an-giang/bcd35',
        name: 'Ban Chỉ đạo 35, tỉnh An Giang',
        level: 'province',
        parentId: 'an-giang/tinh-uy',
        kind: null,
        coordinatingUnitId: null,
        escalationGrace: 'PT36H',
        actsForSubUnits: false,
      },
    ];
    const csv = unitsToCsv(records);
    expect(csv.split('\r\n')[0]).toBe(`${HEADER},escalationGrace,actsForSubUnits`);
    const back = unitsFromCsv(csv).map(unitRecordOf);
    expect(back).toEqual(records);
  });
});
