import { DEFAULT_ESCALATION_GRACE, escalationChain, validateEscalationGrace } from '@dondoc/domain';
import { validationErrorOf } from './validation-error-of';

describe('escalationChain', () => {
  // Ancestors run from the issuer (first) to the root (last).
  const cityCommittee = { id: 'bac-kan/thanh-uy', coordinatingUnitId: 'bac-kan/thanh-uy/bcd35' };
  const provinceCommittee = { id: 'bac-kan/tinh-uy', coordinatingUnitId: 'bac-kan/tinh-uy/bcd35' };
  const centre = { id: 'tw', coordinatingUnitId: 'tw/bcd35' };

  it('goes from the directive’s coordinating body to each higher level’s own, in order', () => {
    expect(escalationChain('bac-kan/thanh-uy/bcd35', [cityCommittee, provinceCommittee, centre])).toEqual([
      'bac-kan/thanh-uy/bcd35',
      'bac-kan/tinh-uy/bcd35',
      'tw/bcd35',
    ]);
  });

  it('lets a level without a body of its own use the nearest one above, without naming a body twice', () => {
    const agency = { id: 'bac-kan/tinh-uy/ban-tuyen-giao', coordinatingUnitId: null };
    const district = { id: 'bac-kan/huyen-ua', coordinatingUnitId: null };
    // The issuing agency inherits the province's board; the province's level adds nothing new; then the centre.
    expect(escalationChain('bac-kan/tinh-uy/bcd35', [agency, provinceCommittee, centre])).toEqual([
      'bac-kan/tinh-uy/bcd35',
      'tw/bcd35',
    ]);
    // A district with no board of its own escalates straight past itself.
    expect(escalationChain('bac-kan/tinh-uy/bcd35', [district, provinceCommittee, centre])).toEqual([
      'bac-kan/tinh-uy/bcd35',
      'tw/bcd35',
    ]);
  });

  it('ends at a root with no coordinating body: the root itself decides', () => {
    expect(
      escalationChain('bac-kan/tinh-uy/bcd35', [provinceCommittee, { id: 'tw', coordinatingUnitId: null }]),
    ).toEqual(['bac-kan/tinh-uy/bcd35', 'tw']);
  });

  it('keeps a directive’s own choice of coordinating body as level 1, then climbs from the issuer’s parent', () => {
    expect(escalationChain('bo-noi-vu/van-phong', [cityCommittee, provinceCommittee, centre])).toEqual([
      'bo-noi-vu/van-phong',
      'bac-kan/tinh-uy/bcd35',
      'tw/bcd35',
    ]);
  });

  it('is a single body for a directive issued at the top', () => {
    expect(escalationChain('tw/bcd35', [centre])).toEqual(['tw/bcd35']);
  });
});

describe('validateEscalationGrace', () => {
  it('accepts positive ISO-8601 durations; the default is two days', () => {
    expect(DEFAULT_ESCALATION_GRACE).toBe('P2D');
    for (const grace of ['P2D', 'PT36H', 'P1W', 'PT3S'])
      expect(validateEscalationGrace('escalationGrace', grace)).toBe(grace);
  });

  it('refuses zero and text that is not a duration, naming the field', () => {
    expect(validationErrorOf(() => validateEscalationGrace('units[0].escalationGrace', 'P0D'))).toMatchObject({
      field: 'units[0].escalationGrace',
      problem: 'must be longer than zero',
    });
    expect(validationErrorOf(() => validateEscalationGrace('escalationGrace', '2 ngày'))).toMatchObject({
      field: 'escalationGrace',
    });
  });
});
