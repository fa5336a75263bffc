/**
 * A district People's Committee with two offices, and a công văn it issues to them, with names
 * no other test uses: what the intake tests and the clerk's console test both read.
 */
import { asAdmin, expectStatus } from './api';
import { aLetter, unique, uniqueWord } from './builders';
import type { Stack } from './stack';

/** The units created and the letter's text; `token` makes every name in it unique. */
export interface DistrictLetter {
  text: string;
  number: string;
  token: string;
  issuer: string;
  office: string;
  police: string;
}

/** A district People's Committee and two of its offices, named with `token` so no other test's match. */
export interface District {
  token: string;
  issuer: string;
  office: string;
  police: string;
}

/** Creates the district and its two offices. */
export async function aDistrict(stack: Stack): Promise<District> {
  const token = uniqueWord();
  const suffix = unique();
  const issuer = `it-${suffix}/ubnd`;
  const office = `it-${suffix}/phong-vh`;
  const police = `it-${suffix}/cong-an`;
  expectStatus(
    await stack.http.post(
      '/units',
      {
        units: [
          { id: issuer, name: `Ủy ban nhân dân huyện Thử ${token}`, level: 'district' },
          { id: office, name: `Phòng Văn hóa và Thông tin ${token}`, level: 'agency', parentId: issuer },
          { id: police, name: `Công an huyện ${token}`, level: 'agency', parentId: issuer },
        ],
      },
      asAdmin(),
    ),
    200,
  );
  return { token, issuer, office, police };
}

/** Creates the district and its two offices, and writes the letter the district sends them. */
export async function aDistrictLetter(stack: Stack): Promise<DistrictLetter> {
  const district = await aDistrict(stack);
  const { token } = district;
  const number = `45/UBND-VX${token}`;
  const text = aLetter(token, {
    heading: ['ỦY BAN NHÂN DÂN', `HUYỆN THỬ ${token}`],
    number,
    opening:
      'Thực hiện Công văn số 12/UBND-KGVX ngày 01/3/2026 của Ủy ban nhân dân tỉnh, Ủy ban nhân dân huyện yêu cầu:',
    recipients: [`Phòng Văn hóa và Thông tin ${token}`, `Công an huyện ${token}`],
    closing: ['', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', '', 'Nguyễn Văn An'],
  });
  return { ...district, text, number };
}
