/**
 * Demo organisation: the bodies named in the sample documents (Bắc Kạn province and city,
 * Kon Tum province and Ngọc Hồi district), each level with its coordinating body.
 */
export interface DemoUnit {
  id: string;
  name: string;
  level: 'central' | 'province' | 'district' | 'commune' | 'agency';
  parentId?: string;
  kind?: string;
  coordinatingUnitId?: string;
}

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

export const DEMO_UNITS: DemoUnit[] = [
  { id: 'central/btgtw', name: 'Ban Tuyên giáo Trung ương', level: 'central', kind: 'party-board', coordinatingUnitId: 'central/bcd35' },
  { id: 'central/bcd35', name: 'Ban Chỉ đạo 35 Trung ương', level: 'central', kind: 'steering-committee' },

  { id: 'bac-kan/tinh-uy', name: 'Tỉnh ủy Bắc Kạn', level: 'province', kind: 'party-committee', coordinatingUnitId: 'bac-kan/bcd35' },
  { id: 'bac-kan/bcd35', name: 'Ban Chỉ đạo 35 tỉnh Bắc Kạn', level: 'province', parentId: 'bac-kan/tinh-uy', kind: 'steering-committee' },
  { id: 'bac-kan/ban-tuyen-giao', name: 'Ban Tuyên giáo Tỉnh ủy Bắc Kạn', level: 'province', parentId: 'bac-kan/tinh-uy', kind: 'party-board' },

  { id: 'bac-kan-city/thanh-uy', name: 'Thành ủy Bắc Kạn', level: 'district', parentId: 'bac-kan/tinh-uy', kind: 'party-committee', coordinatingUnitId: 'bac-kan-city/bcd35' },
  { id: 'bac-kan-city/bcd35', name: 'Ban Chỉ đạo 35 thành phố Bắc Kạn', level: 'district', parentId: 'bac-kan-city/thanh-uy', kind: 'steering-committee' },
  { id: 'bac-kan-city/ban-tuyen-giao', name: 'Ban Tuyên giáo Thành ủy Bắc Kạn', level: 'district', parentId: 'bac-kan-city/thanh-uy', kind: 'party-board' },
  { id: 'bac-kan-city/ubnd', name: 'Ủy ban nhân dân thành phố Bắc Kạn', level: 'district', parentId: 'bac-kan-city/thanh-uy', kind: 'people-committee' },
  { id: 'bac-kan-city/ubnd/phong-vhtt', name: 'Phòng Văn hóa - Thông tin thành phố', level: 'agency', parentId: 'bac-kan-city/ubnd', kind: 'office' },
  { id: 'bac-kan-city/ubnd/trung-tam-vhtttt', name: 'Trung tâm Văn hóa, Thể thao và Truyền thông thành phố', level: 'agency', parentId: 'bac-kan-city/ubnd', kind: 'centre' },
  { id: 'bac-kan-city/chi-dang-bo', name: 'Các chi, đảng bộ trực thuộc Thành ủy', level: 'commune', parentId: 'bac-kan-city/thanh-uy', kind: 'party-cells' },

  { id: 'kon-tum/ubnd', name: 'Ủy ban nhân dân tỉnh Kon Tum', level: 'province', kind: 'people-committee', coordinatingUnitId: 'kon-tum/bcd35' },
  { id: 'kon-tum/bcd35', name: 'Ban Chỉ đạo 35 tỉnh Kon Tum', level: 'province', parentId: 'kon-tum/ubnd', kind: 'steering-committee' },
  { id: 'kon-tum/so-tttt', name: 'Sở Thông tin và Truyền thông tỉnh Kon Tum', level: 'agency', parentId: 'kon-tum/ubnd', kind: 'department' },

  { id: 'ngoc-hoi/ubnd', name: 'Ủy ban nhân dân huyện Ngọc Hồi', level: 'district', parentId: 'kon-tum/ubnd', kind: 'people-committee', coordinatingUnitId: 'ngoc-hoi/bcd35' },
  { id: 'ngoc-hoi/bcd35', name: 'Ban Chỉ đạo 35 huyện Ngọc Hồi', level: 'district', parentId: 'ngoc-hoi/ubnd', kind: 'steering-committee' },
  { id: 'ngoc-hoi/phong-vhtt', name: 'Phòng Văn hóa và Thông tin huyện Ngọc Hồi', level: 'agency', parentId: 'ngoc-hoi/ubnd', kind: 'office' },
  { id: 'ngoc-hoi/cong-an', name: 'Công an huyện Ngọc Hồi', level: 'agency', parentId: 'ngoc-hoi/ubnd', kind: 'police' },
  { id: 'ngoc-hoi/trung-tam-vhttdltt', name: 'Trung tâm Văn hóa, Thể thao, Du lịch và Truyền thông huyện', level: 'agency', parentId: 'ngoc-hoi/ubnd', kind: 'centre' },
  { id: 'ngoc-hoi/mttq', name: 'Ủy ban Mặt trận Tổ quốc Việt Nam huyện Ngọc Hồi', level: 'agency', parentId: 'ngoc-hoi/ubnd', kind: 'front' },
  { id: 'ngoc-hoi/ban-tuyen-giao', name: 'Ban Tuyên giáo Huyện ủy Ngọc Hồi', level: 'agency', parentId: 'ngoc-hoi/ubnd', kind: 'party-board' },
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
