/** `npm run token -- --person <sub>`: the demo's people, and the profile claims a token carries. */
import { expandPersonArgs, principalFromClaims, readDemoPeople, type DemoPerson } from '@dondoc/auth';
import { DEMO_UNITS } from '../../../infra/demo/demo-organisation';

const PEOPLE: DemoPerson[] = [
  { sub: 'can.bo.1', unitId: 'bac-kan-city/ubnd', roles: ['officer'], name: 'Lý Thị Mai', email: 'mai@example.vn' },
  { sub: 'truong.phong', unitId: 'bac-kan-city/ubnd', roles: ['head', 'clerk'] },
];

describe('the demo’s people', () => {
  it('each belongs to a demo unit, once, with Dondoc roles, and a head for each unit that has officers', () => {
    const people = readDemoPeople();
    const units = new Set(DEMO_UNITS.map((unit) => unit.id));
    expect(people.filter((p) => !units.has(p.unitId))).toEqual([]);
    expect(new Set(people.map((p) => p.sub)).size).toBe(people.length);
    const withOfficers = new Set(people.filter((p) => p.roles.includes('officer')).map((p) => p.unitId));
    const withHeads = new Set(people.filter((p) => p.roles.includes('head')).map((p) => p.unitId));
    expect([...withOfficers].filter((unit) => !withHeads.has(unit))).toEqual([]);
  });

  it('--person becomes the person’s unit, sub and roles, and their name and e-mail', () => {
    expect(expandPersonArgs(['--person', 'truong.phong', '--ttl', 'PT1H'], () => PEOPLE)).toEqual({
      argv: [
        '--ttl',
        'PT1H',
        '--unit',
        'bac-kan-city/ubnd',
        '--sub',
        'truong.phong',
        '--role',
        'head',
        '--role',
        'clerk',
      ],
      profile: {},
    });
    expect(expandPersonArgs(['--person=can.bo.1'], () => PEOPLE).profile).toEqual({
      name: 'Lý Thị Mai',
      email: 'mai@example.vn',
    });
    expect(expandPersonArgs(['--unit', 'x', '--role', 'clerk'], () => PEOPLE).argv).toEqual([
      '--unit',
      'x',
      '--role',
      'clerk',
    ]);
  });

  it('refuses an unknown person, naming who the demo has, and --person with --unit, --role or --sub', () => {
    expect(() => expandPersonArgs(['--person', 'ai.do'], () => PEOPLE)).toThrow(
      '--person ai.do is not a demo person; they are: can.bo.1, truong.phong',
    );
    expect(() => expandPersonArgs(['--person', 'can.bo.1', '--role', 'admin'], () => PEOPLE)).toThrow(
      /leave out --unit, --role and --sub/,
    );
    expect(() => expandPersonArgs(['--person'], () => PEOPLE)).toThrow('--person needs the sub of a demo person');
  });
});

describe('profile claims', () => {
  const NAMES = { unitClaim: 'dondoc_unit', rolesClaim: 'dondoc_roles', nameClaim: 'name', emailClaim: 'email' };
  const base = { sub: 'can.bo.1', dondoc_unit: 'bac-kan-city/ubnd', dondoc_roles: ['officer', 'head'] };

  it('reads the name and e-mail from the configured claims, trimmed', () => {
    expect(principalFromClaims({ ...base, name: ' Lý Thị Mai ', email: 'mai@example.vn' }, NAMES)).toEqual({
      sub: 'can.bo.1',
      unitId: 'bac-kan-city/ubnd',
      roles: ['officer', 'head'],
      name: 'Lý Thị Mai',
      email: 'mai@example.vn',
    });
    expect(
      principalFromClaims(
        { ...base, profile: { full_name: 'Hà Văn Đức' } },
        { ...NAMES, nameClaim: 'profile.full_name' },
      ),
    ).toMatchObject({ name: 'Hà Văn Đức' });
  });

  it('leaves out a missing, empty, odd or overlong claim instead of refusing the person', () => {
    for (const odd of [{}, { name: '' }, { name: 42 }, { name: 'x'.repeat(321) }, { name: 'a\u0000b' }]) {
      expect(principalFromClaims({ ...base, ...odd }, NAMES)).toEqual({
        sub: 'can.bo.1',
        unitId: 'bac-kan-city/ubnd',
        roles: ['officer', 'head'],
      });
    }
  });
});
