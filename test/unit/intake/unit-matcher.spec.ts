import { expandAbbreviations, readDirective, unitKey, type OrgUnitRef } from '@dondoc/intake';
import { createMatchContext, matchUnit, matchUnits } from '../../../libs/intake/src/unit-matcher';

/** A small organisation tree: a province, two districts, their offices and communes. */
const units: OrgUnitRef[] = [
  { id: 'tinh', name: 'Ủy ban nhân dân tỉnh Kon Tum', level: 'province' },
  { id: 'huyen-a', name: 'Ủy ban nhân dân huyện Ngọc Hồi', parentId: 'tinh', level: 'district' },
  { id: 'huyen-b', name: 'Ủy ban nhân dân huyện Đăk Tô', parentId: 'tinh', level: 'district' },
  { id: 'ca-a', name: 'Công an huyện Ngọc Hồi', parentId: 'huyen-a' },
  { id: 'ca-b', name: 'Công an huyện Đăk Tô', parentId: 'huyen-b' },
  { id: 'vp-a', name: 'Văn phòng HĐND và UBND huyện Ngọc Hồi', parentId: 'huyen-a' },
  { id: 'bcd-a', name: 'Ban Chỉ đạo 35 huyện Ngọc Hồi', parentId: 'huyen-a' },
  { id: 'btg-a', name: 'Ban Tuyên giáo Huyện ủy Ngọc Hồi', aliases: ['Ban TG Huyện ủy Ngọc Hồi'] },
  { id: 'mttq-a', name: 'Ủy ban Mặt trận Tổ quốc Việt Nam huyện Ngọc Hồi' },
  { id: 'xa-1', name: 'Ủy ban nhân dân xã Đăk Dục', parentId: 'huyen-a', level: 'commune' },
  { id: 'tt-1', name: 'Ủy ban nhân dân thị trấn Plei Kần', parentId: 'huyen-a', level: 'thị trấn' },
  { id: 'xa-2', name: 'Ủy ban nhân dân xã Pô Kô', parentId: 'huyen-b', level: 'xã' },
];

const fromNgocHoi = createMatchContext(units, ['ỦY BAN NHÂN DÂN HUYỆN NGỌC HỒI', null, 'Ngọc Hồi']);

describe('unit names', () => {
  it('spells out the abbreviations of administrative writing', () => {
    expect(expandAbbreviations('UBND TP. Kon Tum')).toBe('Ủy ban nhân dân thành phố Kon Tum');
    expect(expandAbbreviations('BCĐ 35; Ban TG; VP HĐND&UBND; Ủy ban MTTQ')).toBe(
      'Ban Chỉ đạo 35; Ban Tuyên giáo; Văn phòng Hội đồng nhân dân & Ủy ban nhân dân; Ủy ban Mặt trận Tổ quốc',
    );
  });

  it('gives one key whatever the accents, case, tone placement and "và"/"-"', () => {
    expect(unitKey('Phòng Văn hóa - Thông tin')).toBe(unitKey('PHÒNG VĂN HOÁ VÀ THÔNG TIN'));
    expect(unitKey('Uy ban nhan dan huyen')).toBe(unitKey('UBND huyện'));
  });
});

describe('matching names to units', () => {
  it.each([
    ['Ủy ban nhân dân huyện Ngọc Hồi', 'huyen-a'],
    ['UBND huyện Ngọc Hồi', 'huyen-a'],
    ['uy ban nhan dan huyen ngoc hoi', 'huyen-a'],
    ['Công an huyện', 'ca-a'],
    ['Văn phòng HĐND và UBND huyện', 'vp-a'],
    ['VP HĐND&UBND huyện', 'vp-a'],
    ['BCĐ 35 huyện', 'bcd-a'],
    ['Ban TG Huyện ủy', 'btg-a'],
    ['Ủy ban MTTQ Việt Nam huyện', 'mttq-a'],
  ])('matches "%s" to %s in a letter from Ngọc Hồi', (text, unitId) => {
    expect(matchUnit(text, fromNgocHoi)).toEqual({ text, unitId });
  });

  it('picks by the issuer: the same name means Đăk Tô in a letter from Đăk Tô', () => {
    const fromDakTo = createMatchContext(units, ['ỦY BAN NHÂN DÂN HUYỆN ĐĂK TÔ', null, 'Đăk Tô']);
    expect(matchUnit('Công an huyện', fromDakTo)).toEqual({ text: 'Công an huyện', unitId: 'ca-b' });
  });

  it('returns candidates, not a guess, when the letter does not tell', () => {
    const fromProvince = createMatchContext(units, ['ỦY BAN NHÂN DÂN TỈNH KON TUM', null, 'Kon Tum']);
    expect(matchUnit('Công an huyện', fromProvince)).toEqual({
      text: 'Công an huyện',
      unitId: null,
      candidates: ['ca-a', 'ca-b'],
    });
  });

  it('expands a group to the units of its levels under the issuer, whatever language the levels use', () => {
    expect(matchUnit('Ủy ban nhân dân các xã, thị trấn', fromNgocHoi)).toEqual({
      text: 'Ủy ban nhân dân các xã, thị trấn',
      unitId: null,
      unitIds: ['xa-1', 'tt-1'],
    });
    const fromProvince = createMatchContext(units, ['ỦY BAN NHÂN DÂN TỈNH KON TUM', null, null]);
    expect(matchUnit('UBND các huyện', fromProvince)).toMatchObject({ unitIds: ['huyen-a', 'huyen-b'] });
  });

  it('leaves a group unmatched when the units carry no such level, or the issuer is unknown', () => {
    expect(matchUnit('Các cơ quan, ban, ngành thuộc huyện', fromNgocHoi)).toMatchObject({ unitId: null });
    expect(matchUnit('Các cơ quan, ban, ngành thuộc huyện', fromNgocHoi).unitIds).toBeUndefined();
    const unknownIssuer = createMatchContext(units, ['SỞ Y TẾ', null, null]);
    expect(matchUnit('Ủy ban nhân dân các xã', unknownIssuer)).toEqual({
      text: 'Ủy ban nhân dân các xã',
      unitId: null,
    });
  });

  it('offers close names as candidates and never drops a name', () => {
    expect(matchUnit('Ban Chỉ đạo 35 tỉnh Ngọc Hồi', fromNgocHoi)).toEqual({
      text: 'Ban Chỉ đạo 35 tỉnh Ngọc Hồi',
      unitId: null,
      candidates: ['bcd-a'],
    });
    expect(matchUnits(['Hội Nông dân huyện', 'Công an huyện', 'CÔNG AN HUYỆN'], fromNgocHoi)).toEqual([
      { text: 'Hội Nông dân huyện', unitId: null },
      { text: 'Công an huyện', unitId: 'ca-a' },
    ]);
  });

  it('gives every addressee and section unit a match in the draft, null without units', () => {
    const text =
      'ỦY BAN NHÂN DÂN\nHUYỆN NGỌC HỒI\nSố: 1/UBND-VP\nKính gửi:\n- Công an huyện;\n- Hội Nông dân huyện.\n1. Ủy ban nhân dân các xã, thị trấn\n- Thực hiện.';
    expect(readDirective(text, { units }).matches).toEqual([
      { text: 'Công an huyện', unitId: 'ca-a' },
      { text: 'Hội Nông dân huyện', unitId: null },
      { text: 'Ủy ban nhân dân các xã, thị trấn', unitId: null, unitIds: ['xa-1', 'tt-1'] },
    ]);
    expect(readDirective(text).matches.map((m) => m.unitId)).toEqual([null, null, null]);
    expect(readDirective(text, { units }).warnings.join('\n')).toContain(
      'Not matched to a known unit: "Hội Nông dân huyện"',
    );
  });
});
