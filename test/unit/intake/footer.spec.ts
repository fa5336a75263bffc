import { readRecipient, readRecipients } from '../../../libs/intake/src/recipients';
import { readSignature } from '../../../libs/intake/src/signature';

describe('distribution list', () => {
  it.each([
    ['- Như trên (t/h);', 'Như trên', 'as_above'],
    ['- Như kính gửi,', 'Như trên', 'as_above'],
    ['- Sở Thông tin và Truyền thông (b/c);', 'Sở Thông tin và Truyền thông', 'report'],
    ['- Thường trực Thành ủy (báo cáo),', 'Thường trực Thành ủy', 'report'],
    ['- Ủy ban MTTQ Việt Nam huyện (p/h);', 'Ủy ban MTTQ Việt Nam huyện', 'coordinate'],
    ['- Ban Tuyên giáo Tỉnh ủy (phối hợp TH);', 'Ban Tuyên giáo Tỉnh ủy', 'coordinate'],
    ['- Các phòng (thực hiện);', 'Các phòng', 'implement'],
    ['- UBND các xã (t/h);', 'UBND các xã', 'implement'],
    ['- Chủ tịch, các PCT (để biết);', 'Chủ tịch, các PCT', 'inform'],
    ['- Lưu: VT, TH.', 'VT, TH', 'archive'],
    ['- Lưu Văn phòng Thành ủy.', 'Văn phòng Thành ủy', 'archive'],
    ['- Trang Thông tin điện tử huyện;', 'Trang Thông tin điện tử huyện', null],
    ['- Sở Y tế (Phòng Nghiệp vụ);', 'Sở Y tế (Phòng Nghiệp vụ)', null],
  ])('reads "%s"', (line, name, role) => {
    expect(readRecipient(line)).toEqual({ name, role });
  });

  it('skips sub-headings and signature lines interleaved with the list, and joins wrapped entries', () => {
    const lines = [
      'Nơi nhận:',
      'Gửi bản điện tử:',
      '- Như trên;',
      'KT. CHỦ TỊCH',
      '- Ủy ban nhân dân các huyện,',
      'thành phố (t/h);',
      '- Lưu: VT.',
      'PHÓ CHỦ TỊCH',
      'Nguyễn Văn A',
    ];
    expect(readRecipients(lines).recipients).toEqual([
      { name: 'Như trên', role: 'as_above' },
      { name: 'Ủy ban nhân dân các huyện, thành phố', role: 'implement' },
      { name: 'VT', role: 'archive' },
    ]);
  });
});

describe('signature block', () => {
  it('keeps both authority lines, the title and the name', () => {
    expect(readSignature(['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', '(Đã ký)', 'Y Lan'])).toEqual({
      authority: 'TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH',
      title: 'PHÓ CHỦ TỊCH',
      name: 'Y Lan',
    });
  });

  it('reads a name printed in capitals, and a block without authority', () => {
    expect(readSignature(['GIÁM ĐỐC', 'NGUYỄN VĂN A'])).toEqual({
      authority: null,
      title: 'GIÁM ĐỐC',
      name: 'NGUYỄN VĂN A',
    });
  });

  it('does not take a by-line or a comment for a signature', () => {
    expect(readSignature(['HẠNH CHÂU', 'Nguồn: https://example.vn'])).toBeNull();
    expect(readSignature(['Như Ngọc', 'Comments are closed.'])).toBeNull();
  });
});
