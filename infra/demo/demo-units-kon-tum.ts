/**
 * Kon Tum: the State chain. The province People's Committee issued 3855/UBND-KGVX; Ngọc Hồi
 * district's People's Committee carried it out, addressed to its offices and communes.
 */
import { steeringCommittee, type DemoUnit } from './demo-unit';

const NGOC_HOI_COMMUNES: [string, string][] = [
  ['plei-kan', 'Thị trấn Plei Kần'],
  ['dak-ang', 'Xã Đắk Ang'],
  ['dak-duc', 'Xã Đắk Dục'],
  ['dak-kan', 'Xã Đắk Kan'],
  ['dak-nong', 'Xã Đắk Nông'],
  ['dak-xu', 'Xã Đắk Xú'],
  ['bo-y', 'Xã Bờ Y'],
  ['sa-loong', 'Xã Sa Loong'],
];

export const KON_TUM_UNITS: DemoUnit[] = [
  {
    id: 'kon-tum/ubnd',
    name: 'Ủy ban nhân dân tỉnh Kon Tum',
    level: 'province',
    kind: 'people-committee',
    coordinatingUnitId: 'kon-tum/bcd35',
  },
  steeringCommittee('kon-tum/bcd35', 'Ban Chỉ đạo 35 tỉnh Kon Tum', 'province', 'kon-tum/ubnd'),
  {
    id: 'kon-tum/so-tttt',
    name: 'Sở Thông tin và Truyền thông tỉnh Kon Tum',
    level: 'agency',
    parentId: 'kon-tum/ubnd',
    kind: 'department',
  },

  {
    id: 'ngoc-hoi/ubnd',
    name: 'Ủy ban nhân dân huyện Ngọc Hồi',
    level: 'district',
    parentId: 'kon-tum/ubnd',
    kind: 'people-committee',
    coordinatingUnitId: 'ngoc-hoi/bcd35',
  },
  steeringCommittee('ngoc-hoi/bcd35', 'Ban Chỉ đạo 35 huyện Ngọc Hồi', 'district', 'ngoc-hoi/ubnd'),
  {
    id: 'ngoc-hoi/phong-vhtt',
    name: 'Phòng Văn hóa và Thông tin huyện Ngọc Hồi',
    level: 'agency',
    parentId: 'ngoc-hoi/ubnd',
    kind: 'office',
  },
  {
    id: 'ngoc-hoi/cong-an',
    name: 'Công an huyện Ngọc Hồi',
    level: 'agency',
    parentId: 'ngoc-hoi/ubnd',
    kind: 'police',
  },
  {
    id: 'ngoc-hoi/trung-tam-vhttdltt',
    name: 'Trung tâm Văn hóa, Thể thao, Du lịch và Truyền thông huyện',
    level: 'agency',
    parentId: 'ngoc-hoi/ubnd',
    kind: 'centre',
  },
  {
    id: 'ngoc-hoi/mttq',
    name: 'Ủy ban Mặt trận Tổ quốc Việt Nam huyện Ngọc Hồi',
    level: 'agency',
    parentId: 'ngoc-hoi/ubnd',
    kind: 'front',
  },
  {
    id: 'ngoc-hoi/ban-tuyen-giao',
    name: 'Ban Tuyên giáo Huyện ủy Ngọc Hồi',
    level: 'agency',
    parentId: 'ngoc-hoi/ubnd',
    kind: 'party-board',
  },
  {
    id: 'ngoc-hoi/van-phong',
    name: 'Văn phòng HĐND và UBND huyện Ngọc Hồi',
    level: 'agency',
    parentId: 'ngoc-hoi/ubnd',
    kind: 'office',
  },
  {
    id: 'ngoc-hoi/doan-the',
    name: 'Các tổ chức đoàn thể chính trị - xã hội huyện Ngọc Hồi',
    level: 'agency',
    parentId: 'ngoc-hoi/ubnd',
    kind: 'mass-organisations',
  },
  ...NGOC_HOI_COMMUNES.map(([slug, name]): DemoUnit => ({
    id: `ngoc-hoi/${slug}/ubnd`,
    name: `Ủy ban nhân dân ${name.replace(/^Xã /, 'xã ').replace(/^Thị trấn /, 'thị trấn ')}`,
    level: 'commune',
    parentId: 'ngoc-hoi/ubnd',
    kind: 'people-committee',
  })),
];

/** Commune committees of Ngọc Hồi ("Ủy ban nhân dân các xã, thị trấn"). */
export const NGOC_HOI_COMMUNE_UNIT_IDS = NGOC_HOI_COMMUNES.map(([slug]) => `ngoc-hoi/${slug}/ubnd`);
