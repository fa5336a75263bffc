/**
 * What OCR gets wrong by one mark or one look-alike, put right before the reader sees the text:
 * known phrases (a letter's frame, bodies, document types, the organisation tree's units), the
 * star of a Party header, the archive's abbreviations, and footnote marks.
 */
import { pageText, type PlacedWord } from '../../../libs/intake/src/files/layout';
import { restoreFootnoteMarks } from '../../../libs/intake/src/files/ocr-footnotes';
import { correctOcrWords, ocrVocabulary } from '../../../libs/intake/src/files/ocr-vocabulary';
import { readDirective } from '../../../libs/intake/src/read-directive';

const vocabulary = ocrVocabulary([{ id: 'p-vhtt', name: 'Phòng Văn hóa và Thông tin huyện Ngọc Hồi' }]);
const correct = (text: string): string => correctOcrWords(text, vocabulary);

describe('phrases OCR misread by a mark or a look-alike letter', () => {
  it.each([
    [
      '| BAN TUYỂN GIÁO | Lâm Đồng, ngày 02 tháng 8 năm 2021 |',
      '| BAN TUYÊN GIÁO | Lâm Đồng, ngày 02 tháng 8 năm 2021 |',
    ],
    ['|  | PHÓ TRƯỜNG BAN |', '|  | PHÓ TRƯỞNG BAN |'],
    ['- Các chỉ bộ, đảng bộ cơ sở trực thuộc Huyện ủy;', '- Các chi bộ, đảng bộ cơ sở trực thuộc Huyện ủy;'],
    ['Kính gửi: Các chỉ, đảng bộ trực thuộc.', 'Kính gửi: Các chi, đảng bộ trực thuộc.'],
    ['Trung tâm Y tế các huyện, thành phổ', 'Trung tâm Y tế các huyện, thành phố'],
    ['- Lưu: VI, NVY.', '- Lưu: VT, NVY.'],
    ['- Giám đốc Sở (b/©);', '- Giám đốc Sở (b/c);'],
    ['- Thường trực HĐND huyện (h/C);', '- Thường trực HĐND huyện (b/c);'],
    [
      'giao Phòng Văn hoá và Thông tín huyện Ngọc Hồi chủ trì',
      'giao Phòng Văn hóa và Thông tin huyện Ngọc Hồi chủ trì',
    ],
  ])('%j', (read, meant) => {
    expect(correct(read)).toBe(meant);
  });

  it.each([
    // Right as they are: a word that is a word on its own, or another abbreviation.
    'các trường học trong huyện',
    'chỉ đạo các chi bộ',
    '- Lưu: VP, TH.',
    '| TRƯỜNG THPT NGỌC HỒI |  |',
    // Three marks away from "Ban Tuyên giáo": too far to be sure.
    'Bán Tuyến giao Huyện ủy',
  ])('leaves %j alone', (text) => {
    expect(correct(text)).toBe(text);
  });

  it('never joins the words of two table cells into one phrase', () => {
    expect(correct('| Nơi | nhận: |')).toBe('| Nơi | nhận: |');
  });

  it('puts back the star under a Party issuer and the comma between archive abbreviations', () => {
    expect(correct('| s% |  |')).toBe('| * |  |');
    expect(correct('| » |  |')).toBe('| * |  |');
    expect(correct('| ___ |  |')).toBe('| ___ |  |');
    expect(correct('- Thường trực Tỉnh ủy (b/€),')).toBe('- Thường trực Tỉnh ủy (b/c),');
    expect(correct('- Lưu: VT NVY.')).toBe('- Lưu: VT, NVY.');
    expect(correct('- Lưu: VT; TH.')).toBe('- Lưu: VT, TH.');
  });
});

describe('footnote marks as OCR reads them', () => {
  it('drops a mark glued to a word, whatever it was read as', () => {
    expect(restoreFootnoteMarks('của Ban Bí thư{1], Ban Tuyên giáo')).toBe('của Ban Bí thư, Ban Tuyên giáo');
    expect(restoreFootnoteMarks('của Ban Tuyên giáo Trung ương?, Ban')).toBe('của Ban Tuyên giáo Trung ương, Ban');
    expect(restoreFootnoteMarks('xử lý các trang vi phạm?.')).toBe('xử lý các trang vi phạm.');
    expect(restoreFootnoteMarks('an toàn thông tin mạng?) và các văn bản')).toBe(
      'an toàn thông tin mạng và các văn bản',
    );
    expect(restoreFootnoteMarks('thông tin trên mạng®$). Trong')).toBe('thông tin trên mạng. Trong');
    expect(restoreFootnoteMarks('Huyện ủy[{ 1].')).toBe('Huyện ủy.');
  });

  it('keeps a question, and a mark the reader knows', () => {
    expect(restoreFootnoteMarks('Vì sao? Bởi vì')).toBe('Vì sao? Bởi vì');
    expect(restoreFootnoteMarks('Ban Bí thư[1], Ban')).toBe('Ban Bí thư[1], Ban');
  });

  it('writes a misread mark opening a line as [n], and a bare number that is no part number', () => {
    const text = [
      '1. Sở Thông tin và Truyền thông',
      '- Chủ trì theo dõi.',
      '2. Công an tỉnh',
      '1 Luật An ninh mạng số 24/2018/QH14.',
      '3. Ủy ban nhân dân các huyện',
      'Yêu cầu các cơ quan thực hiện./.',
      '2 Theo Kế hoạch số 12/KH-UBND ngày 5/3/2021.',
      '? Hướng dẫn số 84-HD/BTGTW.',
      '#® Và Kế hoạch số 201/KH-UBND.',
      '(1] Quyết định số 15/QĐ-UBND.',
    ].join('\n');
    expect(restoreFootnoteMarks(text).split('\n')).toEqual([
      '1. Sở Thông tin và Truyền thông',
      '- Chủ trì theo dõi.',
      '2. Công an tỉnh',
      '[1] Luật An ninh mạng số 24/2018/QH14.',
      '3. Ủy ban nhân dân các huyện',
      'Yêu cầu các cơ quan thực hiện./.',
      '[2] Theo Kế hoạch số 12/KH-UBND ngày 5/3/2021.',
      '[3] Hướng dẫn số 84-HD/BTGTW.',
      '[4] Và Kế hoạch số 201/KH-UBND.',
      '[1] Quyết định số 15/QĐ-UBND.',
    ]);
  });

  it('leaves a part number whose dot is there, and one that continues the numbering', () => {
    const text = ['1. Công an huyện', '- Theo dõi.', '2 Phòng Văn hóa và Thông tin'].join('\n');
    expect(restoreFootnoteMarks(text)).toBe(text);
  });
});

describe('a footnote on a page', () => {
  it('is not joined to the wrapped line above it', () => {
    const words = (text: string, x0: number, top: number): PlacedWord[] => {
      let x = x0;
      return text.split(' ').map((word) => {
        const placed = { text: word, x0: x, x1: x + word.length * 5, y0: top, y1: top + 10 };
        x += word.length * 5 + 3;
        return placed;
      });
    };
    const { lines } = pageText(
      [
        ...words('3. Văn phòng Huyện ủy theo dõi, tổng hợp, báo cáo Ban Thường vụ Huyện ủy theo từng quý', 70, 200),
        ...words('[1] Theo Kế hoạch số 45-KH/BTGHU ngày 05/9/2024.', 70, 214),
      ],
      595,
    );
    expect(lines).toHaveLength(2);
  });
});

describe('the number line of a header read in capitals', () => {
  it('is the number, not the issuer', () => {
    const draft = readDirective(
      [
        '| ỦY BAN NHÂN DÂN HUYỆN NGỌC HỒI | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |',
        '| SỐ.../TB-UBND | Độc lập - Tự do - Hạnh phúc |',
        '',
        'THÔNG BÁO',
        'Kết luận của Chủ tịch.',
      ].join('\n'),
    );
    expect(draft.reference).toBe('/TB-UBND');
    expect(draft.issuer).toEqual({ name: 'ỦY BAN NHÂN DÂN HUYỆN NGỌC HỒI', parent: null });
  });
});
