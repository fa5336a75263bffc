import { CsvSyntaxError, csvField, formatCsv, parseCsv } from '../../../apps/api/src/units/units-csv';

describe('parseCsv', () => {
  it('splits records on CRLF and on LF, ignoring one trailing line break', () => {
    expect(parseCsv('a,b\r\nc,d\ne,f\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
    ]);
  });

  it('keeps commas, line breaks and doubled quotes inside quoted fields', () => {
    expect(parseCsv('id,name\r\nx,"Phòng Văn hóa, Thông tin ""huyện""\r\nNgọc Hồi"\r\n')).toEqual([
      ['id', 'name'],
      ['x', 'Phòng Văn hóa, Thông tin "huyện"\r\nNgọc Hồi'],
    ]);
  });

  it('reads empty fields, quoted or not, as empty strings', () => {
    expect(parseCsv('a,,""\n,,')).toEqual([
      ['a', '', ''],
      ['', '', ''],
    ]);
  });

  it('drops a leading byte-order mark and blank lines', () => {
    expect(parseCsv('\uFEFFid\n\nx\n\n')).toEqual([['id'], ['x']]);
  });

  it('keeps Vietnamese text as it is', () => {
    expect(parseCsv('Ủy ban nhân dân tỉnh Kon Tum,Đắk Xú')).toEqual([['Ủy ban nhân dân tỉnh Kon Tum', 'Đắk Xú']]);
  });

  it('answers no records for empty text', () => {
    expect(parseCsv('')).toEqual([]);
  });

  it('refuses a quote that is never closed, naming the record where it opened', () => {
    expect(() => parseCsv('id,name\nx,"open\ny,z')).toThrow(CsvSyntaxError);
    try {
      parseCsv('id,name\nx,"open\ny,z');
    } catch (error) {
      expect(error).toMatchObject({ record: 1 });
    }
  });

  it('refuses text after a closing quote and a quote inside an unquoted field', () => {
    expect(() => parseCsv('"a"b,c')).toThrow(/after a closing quote/);
    expect(() => parseCsv('a"b,c')).toThrow(/quote inside unquoted field/);
  });
});

describe('formatCsv', () => {
  it('quotes only fields that need it and writes null as an empty field', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(' padded ')).toBe('" padded "');
    expect(csvField(null)).toBe('');
    expect(formatCsv([['a', null, 'b,c']])).toBe('a,,"b,c"\r\n');
  });

  it('reads back what it wrote', () => {
    const records = [
      ['id', 'name', 'kind'],
      ['bac-kan/bcd35', 'Ban Chỉ đạo 35 tỉnh Bắc Kạn, "BCĐ 35"', ''],
      ['x', 'line\nbreak', 'office'],
    ];
    expect(parseCsv(formatCsv(records))).toEqual(records);
  });
});
