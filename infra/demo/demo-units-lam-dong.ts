/**
 * Lâm Đồng: the province committee that issued 713-CV/TU and Đam Rông district's committee that
 * carried it out with 221-CV/HU, addressed to its boards, People's Committee, the Fatherland
 * Front and mass organisations, and the grassroots Party cells of its communes.
 */
import { steeringCommittee, type DemoUnit } from './demo-unit';

const DAM_RONG_COMMUNES: [string, string][] = [
  ['ro-men', 'Rô Men'],
  ['lieng-sronh', 'Liêng Srônh'],
  ['da-rsal', 'Đạ Rsal'],
  ['da-mrong', "Đạ M'Rông"],
  ['phi-lieng', 'Phi Liêng'],
  ['da-knang', "Đạ K'Nàng"],
  ['da-long', 'Đạ Long'],
  ['da-tong', 'Đạ Tông'],
];

export const LAM_DONG_UNITS: DemoUnit[] = [
  {
    id: 'lam-dong/tinh-uy',
    name: 'Tỉnh ủy Lâm Đồng',
    level: 'province',
    kind: 'party-committee',
    coordinatingUnitId: 'lam-dong/bcd35',
  },
  steeringCommittee('lam-dong/bcd35', 'Ban Chỉ đạo 35 tỉnh Lâm Đồng', 'province', 'lam-dong/tinh-uy'),
  {
    id: 'lam-dong/ban-tuyen-giao',
    name: 'Ban Tuyên giáo Tỉnh ủy Lâm Đồng',
    level: 'province',
    parentId: 'lam-dong/tinh-uy',
    kind: 'party-board',
  },
  {
    id: 'lam-dong/ubnd',
    name: 'Ủy ban nhân dân tỉnh Lâm Đồng',
    level: 'province',
    parentId: 'lam-dong/tinh-uy',
    kind: 'people-committee',
  },

  {
    id: 'dam-rong/huyen-uy',
    name: 'Huyện ủy Đam Rông',
    level: 'district',
    parentId: 'lam-dong/tinh-uy',
    kind: 'party-committee',
    coordinatingUnitId: 'dam-rong/bcd35',
  },
  steeringCommittee('dam-rong/bcd35', 'Ban Chỉ đạo 35 huyện Đam Rông', 'district', 'dam-rong/huyen-uy'),
  {
    id: 'dam-rong/ban-tuyen-giao',
    name: 'Ban Tuyên giáo Huyện ủy Đam Rông',
    level: 'district',
    parentId: 'dam-rong/huyen-uy',
    kind: 'party-board',
  },
  {
    id: 'dam-rong/ubnd',
    name: 'Ủy ban nhân dân huyện Đam Rông',
    level: 'district',
    parentId: 'dam-rong/huyen-uy',
    kind: 'people-committee',
  },
  {
    id: 'dam-rong/ubnd/phong-vhtt',
    name: 'Phòng Văn hóa và Thông tin huyện Đam Rông',
    level: 'agency',
    parentId: 'dam-rong/ubnd',
    kind: 'office',
  },
  {
    id: 'dam-rong/ubnd/cong-an',
    name: 'Công an huyện Đam Rông',
    level: 'agency',
    parentId: 'dam-rong/ubnd',
    kind: 'police',
  },
  {
    id: 'dam-rong/mttq-doan-the',
    name: 'Ủy ban Mặt trận Tổ quốc và các đoàn thể huyện Đam Rông',
    level: 'agency',
    parentId: 'dam-rong/huyen-uy',
    kind: 'front',
  },
  ...DAM_RONG_COMMUNES.map(([slug, name]): DemoUnit => ({
    id: `dam-rong/${slug}/dang-uy`,
    name: `Đảng ủy xã ${name}`,
    level: 'commune',
    parentId: 'dam-rong/huyen-uy',
    kind: 'party-committee',
  })),
];
