/**
 * Lines a printer wrapped, joined again: a token cut after its hyphen or slash is one token, and
 * a centred line with narrow margins (a subtitle under a title) did not wrap at all.
 */
import { pageText, type PlacedWord } from '../../../libs/intake/src/files/layout';
import { readDirective } from '../../../libs/intake/src/read-directive';
import { joinWrapped } from '../../../libs/intake/src/wrap';

/** Words of one line, laid from x0 with a space of a third of the height between words. */
function line(text: string, x0: number, top: number, size = 10): PlacedWord[] {
  const words: PlacedWord[] = [];
  let x = x0;
  for (const word of text.split(' ')) {
    const width = word.length * size * 0.5;
    words.push({ text: word, x0: x, x1: x + width, y0: top, y1: top + size });
    x += width + size * 0.3;
  }
  return words;
}

/** The width `line` gives a text. */
const widthOf = (text: string, size = 10): number =>
  text.split(' ').reduce((w, word) => w + word.length * size * 0.5 + size * 0.3, -size * 0.3);

describe('a token cut by the wrap', () => {
  it.each([
    ['Công văn số 713-', 'CV/TU của Tỉnh ủy', 'Công văn số 713-CV/TU của Tỉnh ủy'],
    ['quán triệt Công văn số 713-CV/', 'TU đến cán bộ', 'quán triệt Công văn số 713-CV/TU đến cán bộ'],
    ['Đài Phát thanh -', 'Truyền hình tỉnh', 'Đài Phát thanh - Truyền hình tỉnh'],
    ['theo dõi,', 'định hướng', 'theo dõi, định hướng'],
    ['Số 12/', '- Như trên', 'Số 12/ - Như trên'],
  ])('%j + %j', (first, next, joined) => {
    expect(joinWrapped(first, next)).toBe(joined);
  });

  it('is one reference again when a paragraph of a page wrapped inside it', () => {
    const { lines } = pageText(
      [
        ...line('- Phối hợp với Ban Tuyên giáo Huyện ủy tổ chức quán triệt Công văn số 713-CV/', 70, 200),
        ...line('TU đến cán bộ, đảng viên.', 70, 214),
      ],
      595,
    );
    expect(lines).toEqual([
      '- Phối hợp với Ban Tuyên giáo Huyện ủy tổ chức quán triệt Công văn số 713-CV/TU đến cán bộ, đảng viên.',
    ]);
  });

  it('is one reference again in a subject wrapped in the header column', () => {
    const text = [
      '| ĐẢNG BỘ TỈNH LÂM ĐỒNG | ĐẢNG CỘNG SẢN VIỆT NAM |',
      '| HUYỆN ỦY ĐAM RÔNG | Đam Rông, ngày 6 tháng 8 năm 2021 |',
      '| * |  |',
      '| Số 221 - CV/HU |  |',
      '| V/v triển khai thực hiện Công văn số 713- |  |',
      '| CV/TU |  |',
      '| của Tỉnh ủy về quản lý thông tin |  |',
      '',
      'Kính gửi: Các chi, đảng bộ trực thuộc Huyện ủy.',
      '',
      'Ban Thường vụ Huyện ủy yêu cầu các chi bộ thực hiện.',
    ].join('\n');
    expect(readDirective(text).subject).toBe(
      'triển khai thực hiện Công văn số 713-CV/TU của Tỉnh ủy về quản lý thông tin',
    );
  });
});

describe('a centred line with narrow margins', () => {
  it('is not joined to the paragraph under it, though it nearly fills the line', () => {
    const subtitle = 'tuyên truyền về phòng, chống thông tin xấu, độc trên không gian mạng trong các cơ sở đảng';
    const basis = 'Thực hiện Công văn số 990-CV/BTGTW, ngày 19/7/2021 của Ban Tuyên giáo Trung ương, Ban Tuyên';
    // The subtitle centred on the text's width with less than a line height on each side.
    const margin = (widthOf(basis) - widthOf(subtitle)) / 2;
    expect(margin).toBeGreaterThan(5);
    expect(margin).toBeLessThan(10);
    const { lines } = pageText(
      [
        ...line('KẾ HOẠCH', 70 + widthOf(basis) / 2 - 20, 186),
        ...line(subtitle, 70 + margin, 200),
        ...line(basis, 70, 214),
        ...line('giáo Tỉnh ủy xây dựng kế hoạch như sau:', 70, 228),
      ],
      595,
    );
    expect(lines.slice(0, 3)).toEqual(['KẾ HOẠCH', subtitle, `${basis} giáo Tỉnh ủy xây dựng kế hoạch như sau:`]);
  });
});
