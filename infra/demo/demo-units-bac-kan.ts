/**
 * Bắc Kạn: the province committee that issued 335-CV/TU and the city committee that carried it
 * out with 276-CV/TU, addressed to the city People's Committee, its offices and Party cells.
 */
import { steeringCommittee, type DemoUnit } from './demo-unit';

export const BAC_KAN_UNITS: DemoUnit[] = [
  {
    id: 'bac-kan/tinh-uy',
    name: 'Tỉnh ủy Bắc Kạn',
    level: 'province',
    kind: 'party-committee',
    coordinatingUnitId: 'bac-kan/bcd35',
  },
  steeringCommittee('bac-kan/bcd35', 'Ban Chỉ đạo 35 tỉnh Bắc Kạn', 'province', 'bac-kan/tinh-uy'),
  {
    id: 'bac-kan/ban-tuyen-giao',
    name: 'Ban Tuyên giáo Tỉnh ủy Bắc Kạn',
    level: 'province',
    parentId: 'bac-kan/tinh-uy',
    kind: 'party-board',
  },

  {
    id: 'bac-kan-city/thanh-uy',
    name: 'Thành ủy Bắc Kạn',
    level: 'district',
    parentId: 'bac-kan/tinh-uy',
    kind: 'party-committee',
    coordinatingUnitId: 'bac-kan-city/bcd35',
  },
  steeringCommittee('bac-kan-city/bcd35', 'Ban Chỉ đạo 35 thành phố Bắc Kạn', 'district', 'bac-kan-city/thanh-uy'),
  {
    id: 'bac-kan-city/ban-tuyen-giao',
    name: 'Ban Tuyên giáo Thành ủy Bắc Kạn',
    level: 'district',
    parentId: 'bac-kan-city/thanh-uy',
    kind: 'party-board',
  },
  {
    id: 'bac-kan-city/ubnd',
    name: 'Ủy ban nhân dân thành phố Bắc Kạn',
    level: 'district',
    parentId: 'bac-kan-city/thanh-uy',
    kind: 'people-committee',
  },
  {
    id: 'bac-kan-city/ubnd/phong-vhtt',
    name: 'Phòng Văn hóa - Thông tin thành phố',
    level: 'agency',
    parentId: 'bac-kan-city/ubnd',
    kind: 'office',
  },
  {
    id: 'bac-kan-city/ubnd/trung-tam-vhtttt',
    name: 'Trung tâm Văn hóa, Thể thao và Truyền thông thành phố',
    level: 'agency',
    parentId: 'bac-kan-city/ubnd',
    kind: 'centre',
  },
  {
    id: 'bac-kan-city/chi-dang-bo',
    name: 'Các chi, đảng bộ trực thuộc Thành ủy',
    level: 'commune',
    parentId: 'bac-kan-city/thanh-uy',
    kind: 'party-cells',
  },
];
