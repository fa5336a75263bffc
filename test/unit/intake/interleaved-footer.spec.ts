/**
 * The footer copied from a web page: the Nơi nhận column and the signature column come line by
 * line in turns, with the signed mark and the signer's name among the entries, or the name glued
 * to an entry that ends with ";".
 */
import { readDirective } from '../../../libs/intake/src/read-directive';

const head = [
  'ỦY BAN NHÂN DÂN',
  'HUYỆN ĐĂK TÔ',
  'Số: 1024/UBND-VP',
  'V/v triển khai thực hiện Công văn số 3855/UBND-KGVX',
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'Độc lập - Tự do - Hạnh phúc',
  'Đăk Tô, ngày 15 tháng 11 năm 2023',
  '',
  'Kính gửi: Công an huyện.',
  '',
  'Ủy ban nhân dân huyện yêu cầu Công an huyện thực hiện./.',
  '',
];
const recipients = [
  { name: 'Như trên', role: 'as_above' },
  { name: 'UBND tỉnh', role: 'report' },
  { name: 'Phòng Văn hóa và Thông tin huyện', role: 'coordinate' },
  { name: 'VT, VP', role: 'archive' },
];
const signature = { authority: 'KT. CHỦ TỊCH', title: 'PHÓ CHỦ TỊCH', name: 'Nguyễn Văn Thành' };

describe('a footer whose two columns are interleaved', () => {
  it('keeps reading the list past the signed mark, and takes the name after it as the signer', () => {
    const footer = [
      'Nơi nhận:',
      'KT. CHỦ TỊCH',
      '- Như trên;',
      'PHÓ CHỦ TỊCH',
      '- UBND tỉnh (b/c);',
      '(Đã ký)',
      '- Phòng Văn hóa và Thông tin huyện (phối hợp);',
      'Nguyễn Văn Thành',
      '- Lưu: VT, VP.',
    ];
    const draft = readDirective([...head, ...footer].join('\n'));
    expect(draft.recipients).toEqual(recipients);
    expect(draft.signature).toEqual(signature);
  });

  it("splits the signer's name from an entry it was glued to", () => {
    const footer = [
      'Nơi nhận: KT. CHỦ TỊCH',
      '- Như trên; PHÓ CHỦ TỊCH',
      '- UBND tỉnh (b/c);',
      '- Phòng Văn hóa và Thông tin huyện (phối hợp); Nguyễn Văn Thành',
      '- Lưu: VT, VP.',
    ];
    const draft = readDirective([...head, ...footer].join('\n'));
    expect(draft.recipients).toEqual(recipients);
    expect(draft.signature).toEqual(signature);
  });
});
