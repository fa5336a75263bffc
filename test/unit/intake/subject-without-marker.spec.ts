/**
 * A subject printed with no "V/v" or "Về việc": the line(s) under the number in the header's left
 * column, or under the title of a titled document. A State letter with such a subject and no
 * title is a công văn all the same.
 */
import { readDirective } from '../../../libs/intake/src/read-directive';

const header = [
  '| ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |',
  '| HUYỆN ĐAM RÔNG | Độc lập - Tự do - Hạnh phúc |',
  '| Số: 145/UBND-VP | Đam Rông, ngày 12 tháng 3 năm 2024 |',
];
const body = ['', 'Kính gửi: Hạt Kiểm lâm huyện.', '', 'Ủy ban nhân dân huyện yêu cầu Hạt Kiểm lâm huyện thực hiện.'];

describe('a subject with no marker', () => {
  it('is the line under the number, and the untitled State letter is a công văn', () => {
    const draft = readDirective(
      [...header, '| Triển khai công tác phòng, chống cháy rừng |  |', '| mùa khô năm 2024 |  |', ...body].join('\n'),
    );
    expect(draft.subject).toBe('Triển khai công tác phòng, chống cháy rừng mùa khô năm 2024');
    expect(draft.type).toBe('CV');
  });

  it('is the bold line under the header when the left column ends at the number', () => {
    const draft = readDirective(
      [...header, '', '**Triển khai công tác phòng, chống cháy rừng mùa khô năm 2024**', ...body].join('\n'),
    );
    expect(draft.subject).toBe('Triển khai công tác phòng, chống cháy rừng mùa khô năm 2024');
    expect(draft.type).toBe('CV');
  });

  it('is the line under the title of a titled document, whose type the title gives', () => {
    const draft = readDirective(
      [...header, '', 'KẾ HOẠCH', 'Phòng, chống cháy rừng mùa khô năm 2024', ...body].join('\n'),
    );
    expect(draft.subject).toBe('Phòng, chống cháy rừng mùa khô năm 2024');
    expect(draft.type).toBe('KH');
  });
});
