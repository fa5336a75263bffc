import { readDirective } from '@dondoc/intake';
import { opensWithUnit, splitAtTaskVerb, splitUnits } from '../../../libs/intake/src/section-units';

/** A minimal letter around a body, so each test shows only what it is about. */
const letter = (body: string, kinhGui = 'Kính gửi: Các cơ quan, đơn vị.'): string =>
  `ỦY BAN NHÂN DÂN\nHUYỆN X\nSố: 1/UBND-VP\nV/v thử\nX, ngày 1 tháng 1 năm 2024\n${kinhGui}\n\n${body}`;

describe('units named by a numbered part', () => {
  it.each([
    ['Ủy ban nhân dân thành phố', true],
    ['Ban Chỉ đạo 35 thành phố', true],
    ['Các chi, đảng bộ trực thuộc', true],
    ['Công thông tin điện tử thành phố', true],
    ['Hội Nhà báo tỉnh', true],
    ['BCĐ 35 thành phố', true],
    ['Ban hành quy chế', false],
    ['Hội nghị sơ kết', false],
    ['Tổ chức tuyên truyền', false],
    ['Báo cáo kết quả', false],
    ['Các nội dung trọng tâm', false],
  ])('"%s" opens with a unit: %s', (text, expected) => {
    expect(opensWithUnit(text)).toBe(expected);
  });

  it('splits units at ";", before "và các", and at a comma that opens another unit', () => {
    expect(splitUnits('Công an huyện; Ủy ban nhân dân các xã, thị trấn')).toEqual([
      'Công an huyện',
      'Ủy ban nhân dân các xã, thị trấn',
    ]);
    expect(splitUnits('Đề nghị Ủy ban MTTQ Việt Nam và các tổ chức đoàn thể huyện')).toEqual([
      'Ủy ban MTTQ Việt Nam',
      'các tổ chức đoàn thể huyện',
    ]);
    expect(splitUnits('Trung tâm Văn hóa, Thể thao và Truyền thông, Cổng thông tin điện tử thành phố')).toEqual([
      'Trung tâm Văn hóa, Thể thao và Truyền thông',
      'Cổng thông tin điện tử thành phố',
    ]);
  });

  it('cuts a sentence at its first task verb, never inside "Ban Chỉ đạo"', () => {
    expect(splitAtTaskVerb('Ban Chỉ đạo 35 huyện tăng cường theo dõi')).toEqual({
      units: 'Ban Chỉ đạo 35 huyện',
      rest: 'tăng cường theo dõi',
    });
    expect(splitAtTaskVerb('Tăng cường công tác kiểm tra')).toBeNull();
  });
});

describe('numbered parts of a letter', () => {
  it('reads a title part, an inline part and a sentence part, with their roles', () => {
    const draft = readDirective(
      letter(
        [
          '1. Phòng Nội vụ',
          '- Chủ trì xây dựng kế hoạch.',
          '- Tổng hợp kết quả.',
          '2. Công an huyện; Đồn Biên phòng: Phối hợp bảo đảm an ninh.',
          '3. Trung tâm Y tế huyện tiếp tục chủ trì công tác phòng dịch trên địa bàn, báo cáo kết quả về Ủy ban nhân dân huyện hằng tháng.',
          '4. Tăng cường kiểm tra việc thực hiện trên toàn huyện trong năm 2024.',
        ].join('\n'),
      ),
    );
    expect(draft.sections.map((s) => [s.number, s.heading, s.units, s.role])).toEqual([
      ['1', 'Phòng Nội vụ', ['Phòng Nội vụ'], 'lead'],
      ['2', 'Công an huyện; Đồn Biên phòng', ['Công an huyện', 'Đồn Biên phòng'], 'coordinate'],
      ['3', 'Trung tâm Y tế huyện', ['Trung tâm Y tế huyện'], 'lead'],
      ['4', null, [], null],
    ]);
    expect(draft.sections[3]?.instructions).toEqual([
      'Tăng cường kiểm tra việc thực hiện trên toàn huyện trong năm 2024.',
    ]);
  });

  it('keeps sub-parts as sections of their own that name their parent', () => {
    const draft = readDirective(
      letter('1. Ủy ban nhân dân huyện\nGiao:\n1.1. Phòng Tư pháp\n- Rà soát văn bản.\n1.2 Phòng Nội vụ\n- Tổng hợp.'),
    );
    expect(draft.sections.map((s) => [s.number, s.parentNumber, s.units])).toEqual([
      ['1', null, ['Ủy ban nhân dân huyện']],
      ['1.1', '1', ['Phòng Tư pháp']],
      ['1.2', '1', ['Phòng Nội vụ']],
    ]);
  });

  it('links a unit to the "Kính gửi" entry it stands for, abbreviations and case aside', () => {
    const draft = readDirective(
      letter(
        '1. UBND các xã, thị trấn\n- Thực hiện.\n2. Phòng Tư pháp\n- Rà soát.',
        'Kính gửi:\n- Ủy ban nhân dân các xã, thị trấn;\n- Phòng Tư pháp huyện.',
      ),
    );
    expect(draft.sections.map((s) => s.addressedAs)).toEqual([
      ['Ủy ban nhân dân các xã, thị trấn'],
      ['Phòng Tư pháp huyện'],
    ]);
  });

  it('sets the closing formula apart from the last part, end mark removed', () => {
    const draft = readDirective(
      letter('1. Phòng Tư pháp\n- Rà soát văn bản.\nĐề nghị các cơ quan, đơn vị thực hiện./.\nNơi nhận:\n- Như trên;'),
    );
    expect(draft.sections[0]?.instructions).toEqual(['Rà soát văn bản.']);
    expect(draft.closing).toBe('Đề nghị các cơ quan, đơn vị thực hiện.');
  });

  it('joins a paragraph broken by a page end and a footnote', () => {
    const draft = readDirective(
      letter(
        '1. Phòng Tư pháp\n- Phối hợp với các cơ quan, đơn vị có\n\n⁽¹⁾ Luật số 1/2020/QH14.\n\nliên quan rà soát văn bản⁽¹⁾.',
      ),
    );
    expect(draft.sections[0]?.instructions).toEqual(['Phối hợp với các cơ quan, đơn vị có liên quan rà soát văn bản.']);
    expect(draft.notes).toEqual(['Luật số 1/2020/QH14.']);
  });
});
