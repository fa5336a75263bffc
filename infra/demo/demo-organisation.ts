/**
 * Demo organisation: the bodies named in the sample documents (../shared/samples and the
 * cascade of 990-CV/BTGTW), each level with its coordinating body (a Ban Chỉ đạo 35 set as
 * `coordinatingUnitId` on the level's issuing bodies). One file per province or ministry.
 */
import { AN_GIANG_UNITS } from './demo-units-an-giang';
import { BAC_KAN_UNITS } from './demo-units-bac-kan';
import { BO_NOI_VU_UNITS, CENTRAL_UNITS } from './demo-units-central';
import { KON_TUM_UNITS } from './demo-units-kon-tum';
import { LAM_DONG_UNITS } from './demo-units-lam-dong';
import type { DemoUnit } from './demo-unit';

export type { DemoUnit } from './demo-unit';
export { NGOC_HOI_COMMUNE_UNIT_IDS } from './demo-units-kon-tum';

export const DEMO_UNITS: DemoUnit[] = [
  ...CENTRAL_UNITS,
  ...BO_NOI_VU_UNITS,
  ...BAC_KAN_UNITS,
  ...LAM_DONG_UNITS,
  ...AN_GIANG_UNITS,
  ...KON_TUM_UNITS,
];
