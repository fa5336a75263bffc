import { modernTonePlacement, normaliseText } from '@dondoc/intake';
import { splitFooterLine, splitHeaderLine } from '../../../libs/intake/src/columns';
import { extractFootnotes } from '../../../libs/intake/src/footnotes';
import { markdownToLines } from '../../../libs/intake/src/markdown';

describe('tone placement', () => {
  it.each([
    ['hoà', 'hòa'],
    ['Thành uỷ', 'Thành ủy'],
    ['UỶ BAN', 'ỦY BAN'],
    ['CỘNG HOÀ', 'CỘNG HÒA'],
    ['khoẻ', 'khỏe'],
    ['thuỷ lợi', 'thủy lợi'],
    ['Hoá', 'Hóa'],
  ])('moves the tone of an open syllable to the first vowel: %s → %s', (old, modern) => {
    expect(modernTonePlacement(old)).toBe(modern);
  });

  it.each(['quý', 'quỳ', 'hoàn thành', 'thuyết minh', 'ngoài', 'khuya', 'hòa'])('leaves %s as it is', (word) => {
    expect(modernTonePlacement(word)).toBe(word);
  });

  it('composes decomposed text and spells the look-alike Ð as Đ', () => {
    expect(normaliseText('Ðảng uỷ'.normalize('NFD'))).toBe('Đảng ủy');
  });

  it('makes no-break and zero-width spaces plain and unifies line ends', () => {
    expect(normaliseText('Kính\u00A0gửi\u200B:\r\nA')).toBe('Kính gửi:\nA');
  });
});

describe('markdown conversion', () => {
  it('emits a two-column table column by column, splitting cells at <br>', () => {
    const lines = markdownToLines('| **A<br>B** | *C* |\n|---|:--:|\n| D | E<br>F |');
    expect(lines.filter(Boolean)).toEqual(['A', 'B', 'D', 'C', 'E', 'F']);
  });

  it('drops headings, emphasis, escapes and links but keeps a lone star', () => {
    expect(markdownToLines('## 1\\. **Ủy ban** _nhân dân_ [huyện](http://x)\n\\*\n*\n(*nếu có*)')).toEqual([
      '1. Ủy ban nhân dân huyện',
      '*',
      '*',
      '(nếu có)',
    ]);
  });

  it('reads a markdown bullet "* item" as a dash bullet and a rule as a blank line', () => {
    expect(markdownToLines('* Như trên;\n---\n***')).toEqual(['- Như trên;', '', '']);
  });

  it('turns <sup>n</sup> into a footnote marker', () => {
    expect(markdownToLines('mạng<sup>1</sup>')).toEqual(['mạng[1]']);
  });
});

describe('footnotes', () => {
  it('takes definitions out as notes, in order, and drops the markers from the text', () => {
    const { lines, notes } = extractFootnotes([
      'an toàn⁽¹⁾ và tỉnh² và [3] cả [^4]',
      '⁽¹⁾ Luật A.',
      '² Văn bản B.',
      '[3] Nghị định C.',
      '[^4]: Quyết định D.',
    ]);
    expect(lines).toEqual(['an toàn và tỉnh và  cả ', '', '', '', '']);
    expect(notes).toEqual(['Luật A.', 'Văn bản B.', 'Nghị định C.', 'Quyết định D.']);
  });
});

describe('collapsed columns', () => {
  it.each([
    ['ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', ['ỦY BAN NHÂN DÂN', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']],
    ['HUYỆN X Độc lập – Tự do – Hạnh phúc', ['HUYỆN X', 'Độc lập – Tự do – Hạnh phúc']],
    ['THÀNH ỦY BẮC KẠN ĐẢNG CỘNG SẢN VIỆT NAM', ['THÀNH ỦY BẮC KẠN', 'ĐẢNG CỘNG SẢN VIỆT NAM']],
    [
      'Số 369 - CV/BTGTU TP. Bắc Kạn, ngày 5 tháng 1 năm 2022',
      ['Số 369 - CV/BTGTU', 'TP. Bắc Kạn, ngày 5 tháng 1 năm 2022'],
    ],
    ['* TP. Bắc Kạn, ngày 11 tháng 8 năm 2021', ['*', 'TP. Bắc Kạn, ngày 11 tháng 8 năm 2021']],
    [
      'V/v quản lý thông tin trên mạng xã hội Ngọc Hồi, ngày 5 tháng 3 năm 2022',
      ['V/v quản lý thông tin trên mạng xã hội', 'Ngọc Hồi, ngày 5 tháng 3 năm 2022'],
    ],
    ['ỦY BAN NHÂN DÂN\t\tCỘNG HÒA', ['ỦY BAN NHÂN DÂN', 'CỘNG HÒA']],
    ['ỦY BAN NHÂN DÂN | Độc lập - Tự do - Hạnh phúc', ['ỦY BAN NHÂN DÂN', 'Độc lập - Tự do - Hạnh phúc']],
  ])('splits the header line "%s"', (line, cells) => {
    expect(splitHeaderLine(line)).toEqual(cells);
  });

  it.each([
    ['Số:      /UBND-TH', ['Số: /UBND-TH']],
    ['Hà Nội, ngày    tháng    năm 2021', ['Hà Nội, ngày tháng năm 2021']],
    ['TP. Hồ Chí Minh, ngày 2 tháng 9 năm 2021', ['TP. Hồ Chí Minh, ngày 2 tháng 9 năm 2021']],
  ])('keeps the blanks of "%s" on one line', (line, cells) => {
    expect(splitHeaderLine(line)).toEqual(cells);
  });

  it.each([
    ['Nơi nhận: KT. CHỦ TỊCH', ['Nơi nhận:', 'KT. CHỦ TỊCH']],
    ['- Như trên; PHÓ CHỦ TỊCH', ['- Như trên;', 'PHÓ CHỦ TỊCH']],
    ['- Lưu: VT, TH. Nguyễn Văn An', ['- Lưu: VT, TH.', 'Nguyễn Văn An']],
    ['- Chủ tịch, các PCT UBND huyện;', ['- Chủ tịch, các PCT UBND huyện;']],
    ['- Sở Tư pháp, Sở Nội vụ', ['- Sở Tư pháp, Sở Nội vụ']],
  ])('splits the footer line "%s"', (line, cells) => {
    expect(splitFooterLine(line)).toEqual(cells);
  });
});
