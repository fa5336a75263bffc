/**
 * Group names: "Ủy ban nhân dân các xã, thị trấn", "Các chi, đảng bộ trực thuộc Thành ủy",
 * "Các cơ quan, ban, ngành thuộc huyện". A group stands for every unit of the named levels (and
 * kind) under a scope: the body named after "trực thuộc"/"thuộc", else the issuer.
 */
import { foldAccents, normaliseText } from './normalise';
import type { OrgUnitRef } from './types';
import { keyWords } from './unit-keys';

/** Level words, folded, and the one level each stands for (Vietnamese and common English names). */
const LEVEL_SYNONYMS: Record<string, string> = {
  commune: 'xa',
  'thi tran': 'thi tran',
  township: 'thi tran',
  town: 'thi tran',
  ward: 'phuong',
  district: 'huyen',
  city: 'thanh pho',
  province: 'tinh',
  chi: 'chi bo',
  'party cell': 'chi bo',
  'party committee': 'dang bo',
  agency: 'co quan',
  department: 'co quan',
};

/** The canonical form of a level word ("Thị trấn" → "thi tran", "chi" → "chi bo"). */
export function canonicalLevel(level: string | undefined): string | null {
  if (!level) return null;
  const folded = foldAccents(level)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return LEVEL_SYNONYMS[folded] ?? folded;
}

/** What a group name says. */
export interface GroupName {
  /** Key words of the kind before "các" ("uy ban nhan dan"), possibly empty. */
  kind: string[];
  /** Canonical levels listed after "các". */
  levels: string[];
  /** The body after "trực thuộc"/"thuộc"/"trên địa bàn", as printed, or null. */
  scope: string | null;
}

const GROUP = /^(?<kind>.*?)\s*(?:^|\s)[Cc]ác\s+(?<terms>.+)$/u;
const SCOPE = /\s+(?:trực thuộc|thuộc|trên địa bàn|của)\s+(?<scope>.+)$/u;

/** Reads a group name; null when the text does not list "các …". */
export function parseGroup(text: string): GroupName | null {
  // Case is kept until the kind is keyed, so "UBND các xã" still spells out UBND.
  const match = GROUP.exec(normaliseText(text).trim());
  const termsText = match?.groups?.terms;
  if (!match || termsText === undefined) return null;
  const scopeMatch = SCOPE.exec(termsText);
  const listed = (scopeMatch ? termsText.slice(0, scopeMatch.index) : termsText).replace(
    /\s+(?:trực thuộc|thuộc)$/u,
    '',
  );
  const terms = listed.split(/,|\s+và\s+/u);
  const levels = terms.map((term) => canonicalLevel(term.trim())).filter((level): level is string => Boolean(level));
  return { kind: keyWords(match.groups?.kind ?? ''), levels, scope: scopeMatch?.groups?.scope?.trim() ?? null };
}

/** True when `unit` lies under the unit `ancestorId` (at any depth). */
export function isUnder(unit: OrgUnitRef, ancestorId: string, byId: Map<string, OrgUnitRef>): boolean {
  let parentId = unit.parentId ?? null;
  for (let depth = 0; parentId && depth < 50; depth += 1) {
    if (parentId === ancestorId) return true;
    parentId = byId.get(parentId)?.parentId ?? null;
  }
  return false;
}

/** True when a scope names only a level ("thuộc huyện"): the issuer's own area. */
export function isBareLevel(scope: string): boolean {
  const words = keyWords(scope).join(' ');
  return [
    'xa',
    'phuong',
    'thi tran',
    'huyen',
    'quan',
    'thi xa',
    'thanh pho',
    'tinh',
    'bo',
    'nganh',
    'dia phuong',
  ].includes(words);
}

/** Units of the group's levels and kind under `scopeId`. */
export function membersOf(
  group: GroupName,
  scopeId: string,
  units: OrgUnitRef[],
  byId: Map<string, OrgUnitRef>,
): OrgUnitRef[] {
  return units.filter((unit) => {
    const level = canonicalLevel(unit.level);
    if (!level || !group.levels.includes(level) || !isUnder(unit, scopeId, byId)) return false;
    const words = keyWords(unit.name);
    return group.kind.every((word, i) => words[i] === word);
  });
}
