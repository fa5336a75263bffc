/**
 * Demo directives from the sample documents: Bắc Kạn province 335-CV/TU → city 276-CV/TU,
 * and Ngọc Hồi district's letter implementing Kon Tum's 3855/UBND-KGVX. Deadlines are set
 * from today, since the documents' own dates are in the past.
 */
import { NGOC_HOI_COMMUNE_UNIT_IDS } from './demo-organisation';

export interface DemoAssignment {
  unitId: string;
  role: 'lead' | 'coordinate' | 'inform';
  instructions: string;
  dueInDays: number;
}

export interface DemoDirective {
  key: string;
  parentKey?: string;
  number: string;
  issuerUnitId: string;
  subject: string;
  issuedAt: string;
  body: string;
  reviewRequired?: boolean;
  assignments: DemoAssignment[];
}

const SUBJECT_276 =
  'Tăng cường công tác chỉ đạo, định hướng, quản lý thông tin trên mạng xã hội và các loại hình truyền thông khác trên internet';

export const DEMO_DIRECTIVES: DemoDirective[] = [
  {
    key: '335',
    number: '335-CV/TU',
    issuerUnitId: 'bac-kan/tinh-uy',
    subject: SUBJECT_276,
    issuedAt: '2021-08-06',
    body: 'Thực hiện Công văn số 990-CV/BTGTW ngày 19/7/2021 của Ban Tuyên giáo Trung ương.',
    assignments: [
      {
        unitId: 'bac-kan-city/thanh-uy',
        role: 'lead',
        instructions: 'Quán triệt và triển khai thực hiện tại thành phố; báo cáo kết quả.',
        dueInDays: 30,
      },
      {
        unitId: 'bac-kan/ban-tuyen-giao',
        role: 'coordinate',
        instructions: 'Theo dõi, đôn đốc việc thực hiện; tổng hợp báo cáo Ban Thường vụ Tỉnh ủy.',
        dueInDays: 45,
      },
    ],
  },
  {
    key: '276',
    parentKey: '335',
    number: '276-CV/TU',
    issuerUnitId: 'bac-kan-city/thanh-uy',
    subject: SUBJECT_276,
    issuedAt: '2021-08-11',
    body: 'Thực hiện Công văn số 335-CV/TU, ngày 06 tháng 8 năm 2021 của Tỉnh ủy Bắc Kạn. Thường trực Thành ủy yêu cầu các cơ quan, đơn vị thực hiện tốt một số nội dung sau.',
    reviewRequired: true,
    assignments: [
      {
        unitId: 'bac-kan-city/ubnd',
        role: 'lead',
        instructions:
          'Giao nhiệm vụ cho Phòng Văn hóa - Thông tin thành phố và Trung tâm Văn hóa, Thể thao và Truyền thông: kiểm tra, rà soát, quản lý chặt chẽ mạng xã hội; xử lý tài khoản vi phạm Luật an ninh mạng; tuyên truyền thông tin tích cực.',
        dueInDays: 14,
      },
      {
        unitId: 'bac-kan-city/chi-dang-bo',
        role: 'lead',
        instructions:
          'Đẩy mạnh tuyên truyền, quán triệt chủ trương của Đảng và pháp luật của Nhà nước về an toàn, an ninh mạng; nắm tình hình dư luận xã hội tại địa phương, cơ quan, đơn vị.',
        dueInDays: 21,
      },
      {
        unitId: 'bac-kan-city/bcd35',
        role: 'coordinate',
        instructions:
          'Đẩy mạnh tuyên truyền thông tin tích cực, thường xuyên rà soát, đấu tranh với thông tin xấu, độc trên internet và mạng xã hội.',
        dueInDays: 21,
      },
      {
        unitId: 'bac-kan-city/ban-tuyen-giao',
        role: 'coordinate',
        instructions:
          'Định hướng hoạt động của các cơ quan báo chí; theo dõi, giám sát, đôn đốc việc thực hiện và định kỳ báo cáo kết quả cho Ban Thường vụ Thành ủy.',
        dueInDays: 30,
      },
    ],
  },
  {
    key: 'ngoc-hoi',
    number: '/UBND-TH',
    issuerUnitId: 'ngoc-hoi/ubnd',
    subject: 'Tăng cường công tác chỉ đạo, định hướng, quản lý thông tin trên Internet, mạng xã hội',
    issuedAt: '2021-11-01',
    body: 'Thực hiện Công văn 3855/UBND-KGVX, ngày 26/10/2021 về việc tăng cường công tác chỉ đạo, định hướng, quản lý thông tin trên Internet, mạng xã hội; Ủy ban nhân dân huyện yêu cầu.',
    assignments: [
      ...NGOC_HOI_COMMUNE_UNIT_IDS.map((unitId): DemoAssignment => ({
        unitId,
        role: 'lead',
        instructions:
          'Đẩy mạnh tuyên truyền, quán triệt chủ trương của Đảng, pháp luật của Nhà nước về an ninh mạng; quản lý thông tin trên Internet, mạng xã hội theo chỉ đạo của UBND tỉnh.',
        dueInDays: 10,
      })),
      {
        unitId: 'ngoc-hoi/phong-vhtt',
        role: 'lead',
        instructions:
          'Phối hợp Công an huyện tăng cường quản lý nhà nước về thông tin, truyền thông; thanh tra, kiểm tra, xử lý vi phạm; rà soát trang thông tin điện tử.',
        dueInDays: 14,
      },
      {
        unitId: 'ngoc-hoi/cong-an',
        role: 'lead',
        instructions: 'Phát hiện, xử lý nghiêm các tổ chức, cá nhân vi phạm trên không gian mạng; báo cáo UBND huyện.',
        // Due in two days: its three-day reminder is already past when the demo loads, so it goes
        // out at once (marked late) and a newcomer sees a reminder e-mail in the mail catcher.
        dueInDays: 2,
      },
      {
        unitId: 'ngoc-hoi/trung-tam-vhttdltt',
        role: 'lead',
        instructions:
          'Đổi mới nội dung, hình thức thông tin tuyên truyền; lên án, đấu tranh với thông tin sai sự thật.',
        dueInDays: 14,
      },
      {
        unitId: 'ngoc-hoi/mttq',
        role: 'coordinate',
        instructions: 'Phối hợp đẩy mạnh tuyên truyền đến đoàn viên, hội viên và Nhân dân, nhất là thế hệ trẻ.',
        dueInDays: 21,
      },
      {
        unitId: 'ngoc-hoi/ban-tuyen-giao',
        role: 'coordinate',
        instructions:
          'Tăng cường chỉ đạo, định hướng thông tin, tuyên truyền; tổ chức nói chuyện chuyên đề về sử dụng mạng xã hội.',
        dueInDays: 21,
      },
      { unitId: 'kon-tum/so-tttt', role: 'inform', instructions: 'Để báo cáo (b/c).', dueInDays: 7 },
    ],
  },
];
