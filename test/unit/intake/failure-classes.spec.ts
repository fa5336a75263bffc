/**
 * The kinds of text the reader failed on with letters it had never seen (issue 16, "Why"), each
 * as a class: several spellings of the same trouble, not the one letter it was found in.
 */
import { readDirective } from '@dondoc/intake';

const HEAD = 'ỦY BAN NHÂN DÂN\nHUYỆN NGỌC HỒI\n';
const letter = (header: string, body = 'Kính gửi: Công an huyện.\n'): string => `${HEAD}${header}\n\n${body}`;

describe('a symbol with a dot, or printed with spaces and an en dash', () => {
  it.each([
    ['Số: 123/QĐ-BĐ.TP', '123/QĐ-BĐ.TP'],
    ['Số: 45/BC-SYT.NV', '45/BC-SYT.NV'],
    ['Số: 4144 /GDĐT – VP', '4144/GDĐT-VP'],
    ['Số: 88/UBND — KGVX', '88/UBND-KGVX'],
    ['Số 12 - CV/HU – VP', '12-CV/HU-VP'],
  ])('%s reads as %s', (line, reference) => {
    expect(readDirective(letter(line)).reference).toBe(reference);
  });

  it('keeps the sentence dot after a cited symbol out of it', () => {
    const text = letter(
      'Số: 12/UBND-VP',
      'Kính gửi: Công an huyện.\n\nThực hiện Công văn số 3855/UBND-KGVX. Ủy ban nhân dân huyện yêu cầu:\n',
    );
    expect(readDirective(text).references.map((r) => r.reference)).toEqual(['3855/UBND-KGVX']);
  });
});

describe('a subject marked "Về việc", or with a slip in its marker', () => {
  it.each([
    'Về việc tăng cường quản lý',
    'Về viêc tăng cường quản lý',
    'Vê việc tăng cường quản lý',
    'V.v tăng cường quản lý',
    'V/V: tăng cường quản lý',
  ])('%s', (line) => {
    expect(readDirective(letter(`Số: 12/UBND-VP\n${line}`)).subject).toBe('tăng cường quản lý');
  });
});

describe('a signature whose title is glued to the name', () => {
  it.each([
    ['PHÓ CHỦ TỊCHNguyễn Văn An', 'PHÓ CHỦ TỊCH', 'Nguyễn Văn An'],
    ['CHỦ TỊCH Trần Thị Bình', 'CHỦ TỊCH', 'Trần Thị Bình'],
    ['PHÓ BÍ THƯ THƯỜNG TRỰCLê Văn Cường', 'PHÓ BÍ THƯ THƯỜNG TRỰC', 'Lê Văn Cường'],
  ])('%s', (glued, title, name) => {
    const text = letter(
      'Số: 12/UBND-VP',
      `Kính gửi: Công an huyện.\n\n1. Nội dung.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nKT. CHỦ TỊCH\n${glued}\n`,
    );
    expect(readDirective(text).signature).toEqual({ authority: 'KT. CHỦ TỊCH', title, name });
  });
});

describe('"thực hiện theo Hướng dẫn số …" in the middle of a sentence', () => {
  it.each([
    'Ủy ban nhân dân huyện yêu cầu Công an huyện thực hiện theo Hướng dẫn số 05-HD/BTGTW ngày 22/10/2018.',
    'Đề nghị các đơn vị triển khai theo đúng Kế hoạch số 45-KH/BTGTU ngày 02/8/2021.',
  ])('is cited, not taken as the document implemented: %s', (sentence) => {
    const draft = readDirective(letter('Số: 12/UBND-VP', `Kính gửi: Công an huyện.\n\n${sentence}\n`));
    expect(draft.references).toHaveLength(1);
    expect(draft.parent).toBeNull();
  });

  it('while "Thực hiện Công văn số …" opening the letter still names the document implemented', () => {
    const draft = readDirective(
      letter(
        'Số: 12/UBND-VP',
        'Kính gửi: Công an huyện.\n\nThực hiện Công văn số 3855/UBND-KGVX ngày 26/10/2021 của UBND tỉnh, Ủy ban nhân dân huyện yêu cầu:\n',
      ),
    );
    expect(draft.parent?.reference).toBe('3855/UBND-KGVX');
  });
});

describe('what the reader already handled, kept so', () => {
  it('an addressee line with commas stays one addressee', () => {
    const draft = readDirective(letter('Số: 12/UBND-VP', 'Kính gửi: Ủy ban nhân dân các xã, thị trấn.\n'));
    expect(draft.addressees).toEqual(['Ủy ban nhân dân các xã, thị trấn']);
  });

  it('a Nơi nhận entry continued on the next line without a dash', () => {
    const text = letter(
      'Số: 12/UBND-VP',
      'Kính gửi: Công an huyện.\n\n1. Nội dung.\n\nNơi nhận:\n- Như trên;\n- Chủ tịch, các PCT UBND huyện (để\nbiết);\n- Lưu: VT.\n\nCHỦ TỊCH\n\nNguyễn Văn A\n',
    );
    expect(readDirective(text).recipients).toEqual([
      { name: 'Như trên', role: 'as_above' },
      { name: 'Chủ tịch, các PCT UBND huyện', role: 'inform' },
      { name: 'VT', role: 'archive' },
    ]);
  });
});
