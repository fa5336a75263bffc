/**
 * Central bodies of the samples: the Ban Tuyên giáo Trung ương that issued 990-CV/BTGTW with the
 * central Ban Chỉ đạo 35, and the Ministry of Home Affairs whose Party caucus issued 101-CV/BCSĐ
 * to its Party committee, its units and its information bodies.
 */
import { steeringCommittee, type DemoUnit } from './demo-unit';

export const CENTRAL_UNITS: DemoUnit[] = [
  {
    id: 'central/btgtw',
    name: 'Ban Tuyên giáo Trung ương',
    level: 'central',
    kind: 'party-board',
    coordinatingUnitId: 'central/bcd35',
  },
  steeringCommittee('central/bcd35', 'Ban Chỉ đạo 35 Trung ương', 'central'),
];

/** Bộ Nội vụ: a ministry, so central level; its bodies are agencies under the Party caucus. */
export const BO_NOI_VU_UNITS: DemoUnit[] = [
  {
    id: 'bo-noi-vu/bcsd',
    name: 'Ban Cán sự đảng Bộ Nội vụ',
    level: 'central',
    kind: 'party-caucus',
    coordinatingUnitId: 'bo-noi-vu/bcd35',
  },
  steeringCommittee('bo-noi-vu/bcd35', 'Ban Chỉ đạo 35 Đảng ủy Bộ Nội vụ', 'agency', 'bo-noi-vu/bcsd'),
  {
    id: 'bo-noi-vu/dang-uy-bo',
    name: 'Ban Thường vụ Đảng ủy Bộ Nội vụ',
    level: 'agency',
    parentId: 'bo-noi-vu/bcsd',
    kind: 'party-committee',
    coordinatingUnitId: 'bo-noi-vu/bcd35',
  },
  {
    id: 'bo-noi-vu/don-vi',
    name: 'Các đơn vị thuộc, trực thuộc Bộ Nội vụ',
    level: 'agency',
    parentId: 'bo-noi-vu/bcsd',
    kind: 'departments',
  },
  {
    id: 'bo-noi-vu/co-quan-thong-tin',
    name: 'Các cơ quan thông tin, truyền thông của Bộ Nội vụ',
    level: 'agency',
    parentId: 'bo-noi-vu/bcsd',
    kind: 'press',
  },
  {
    id: 'bo-noi-vu/trung-tam-thong-tin',
    name: 'Trung tâm Thông tin, Bộ Nội vụ',
    level: 'agency',
    parentId: 'bo-noi-vu/bcsd',
    kind: 'centre',
  },
];
