/**
 * An Giang: the province committee whose standing members issued 220-CV/TU to the Party caucus
 * of the People's Committee (which directs the departments), the propaganda board, the
 * journalists' association and the district, town and city committees.
 */
import { steeringCommittee, type DemoUnit } from './demo-unit';

export const AN_GIANG_UNITS: DemoUnit[] = [
  {
    id: 'an-giang/tinh-uy',
    name: 'Tỉnh ủy An Giang',
    level: 'province',
    kind: 'party-committee',
    coordinatingUnitId: 'an-giang/bcd35',
  },
  steeringCommittee('an-giang/bcd35', 'Ban Chỉ đạo 35 tỉnh An Giang', 'province', 'an-giang/tinh-uy'),
  {
    id: 'an-giang/ban-tuyen-giao',
    name: 'Ban Tuyên giáo Tỉnh ủy An Giang',
    level: 'province',
    parentId: 'an-giang/tinh-uy',
    kind: 'party-board',
  },
  {
    id: 'an-giang/bcsd-ubnd',
    name: 'Ban cán sự Đảng UBND tỉnh An Giang',
    level: 'province',
    parentId: 'an-giang/tinh-uy',
    kind: 'party-caucus',
  },
  {
    id: 'an-giang/ubnd',
    name: 'Ủy ban nhân dân tỉnh An Giang',
    level: 'province',
    parentId: 'an-giang/bcsd-ubnd',
    kind: 'people-committee',
  },
  {
    id: 'an-giang/ubnd/so-tttt',
    name: 'Sở Thông tin và Truyền thông tỉnh An Giang',
    level: 'agency',
    parentId: 'an-giang/ubnd',
    kind: 'department',
  },
  {
    id: 'an-giang/ubnd/cong-an',
    name: 'Công an tỉnh An Giang',
    level: 'agency',
    parentId: 'an-giang/ubnd',
    kind: 'police',
  },
  {
    id: 'an-giang/hoi-nha-bao',
    name: 'Hội Nhà báo tỉnh An Giang',
    level: 'agency',
    parentId: 'an-giang/tinh-uy',
    kind: 'association',
  },
  {
    id: 'an-giang/cap-uy-truc-thuoc',
    name: 'Các Huyện, Thị, Thành ủy và Đảng ủy trực thuộc Tỉnh ủy An Giang',
    level: 'district',
    parentId: 'an-giang/tinh-uy',
    kind: 'party-committees',
  },
];
