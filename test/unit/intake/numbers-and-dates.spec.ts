import { parseDate, parseDateLine } from '../../../libs/intake/src/dates';
import { CITATION, parseNumberLine, referencesOf } from '../../../libs/intake/src/symbols';

describe('number line', () => {
  it.each([
    ['Số 276-CV/TU', '276', '276-CV/TU', 'CV', 'party'],
    ['Số 369 - CV/BTGTU', '369', '369-CV/BTGTU', 'CV', 'party'],
    ['Số: 3855/UBND-KGVX', '3855', '3855/UBND-KGVX', null, 'state'],
    ['Số:12/QĐ-UBND', '12', '12/QĐ-UBND', 'QĐ', 'state'],
    ['Số: 05/CT-TTg', '05', '05/CT-TTg', 'CT', 'state'],
    ['Số: 15/HD-VX1', '15', '15/HD-VX1', 'HD', 'state'],
    ['Số: 01/KH-SVHTT&DL', '01', '01/KH-SVHTT&DL', 'KH', 'state'],
    ['Số: /UBND-TH', null, '/UBND-TH', null, 'state'],
    ['Số: ......./TB-UBND', null, '/TB-UBND', 'TB', 'state'],
    ['Số -CV/HU', null, '-CV/HU', 'CV', 'party'],
    ['Số: 30/2020/NĐ-CP', '30', '30/2020/NĐ-CP', 'NĐ', 'state'],
  ])('reads "%s"', (line, number, reference, type, style) => {
    expect(parseNumberLine(line)).toMatchObject({ number, reference, type, style });
  });

  it.each(['Số liệu cho thấy', 'Số: ', 'Sơ kết'])('does not take "%s" for a number line', (line) => {
    expect(parseNumberLine(line)).toBeNull();
  });
});

describe('cited numbers', () => {
  const cite = (text: string, multiple = true): string[] =>
    [...text.matchAll(CITATION)].flatMap((m) => referencesOf(m, multiple).map((r) => r.reference));

  it('gives one reference per number when several share a symbol', () => {
    expect(cite('Công văn số 614, 615, 616-CV/VPTW')).toEqual(['614-CV/VPTW', '615-CV/VPTW', '616-CV/VPTW']);
  });

  it('does not read dates, or words that merely start with capitals, as symbols', () => {
    expect(cite('ngày 06/8/2021, ngày 22-10-2018, 5/Ngọc Hồi, COVID-19')).toEqual([]);
  });

  it('reads normative texts with their year', () => {
    expect(cite('Luật số: 24/2018/QH14; Nghị định số 72/2013/NĐ-CP')).toEqual(['24/2018/QH14', '72/2013/NĐ-CP']);
  });
});

describe('dates', () => {
  it.each([
    ['ngày 11 tháng 8 năm 2021', '2021-08-11'],
    ['ngày 6 tháng 4 năm 2022', '2022-04-06'],
    ['06/8/2021', '2021-08-06'],
    ['22-10-2018', '2018-10-22'],
    ['17.3.2020', '2020-03-17'],
    ['22 tháng 3 năm 2011', '2011-03-22'],
    ['31/2/2021', null],
    ['28-7', null],
  ])('reads %s as %s', (text, iso) => {
    expect(parseDate(text)).toBe(iso);
  });

  it('reads place and date from a date line, and notices a blank date', () => {
    expect(parseDateLine('TP. Bắc Kạn, ngày 11 tháng 8 năm 2021')).toMatchObject({
      place: 'TP. Bắc Kạn',
      issuedOn: '2021-08-11',
      blank: false,
    });
    expect(parseDateLine('Ngọc Hôi, ngày tháng năm 2021')).toMatchObject({
      place: 'Ngọc Hôi',
      issuedOn: null,
      blank: true,
    });
    expect(parseDateLine('Hà Nội, ngày ... tháng ... năm 2022')).toMatchObject({ blank: true });
  });

  it('does not take a sentence citing a dated letter for a date line', () => {
    expect(parseDateLine('Thực hiện Công văn số 335-CV/TU, ngày 06 tháng 8 năm 2021 của Tỉnh ủy Bắc Kạn')).toBeNull();
  });
});
