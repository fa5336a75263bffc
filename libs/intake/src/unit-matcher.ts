/**
 * Matches names from a letter against the caller's units. Names are compared by key (see
 * unit-keys.ts); a name may omit the locality the issuer implies ("Công an huyện" in a letter of
 * the Ủy ban nhân dân huyện Ngọc Hồi is "Công an huyện Ngọc Hồi"). A name that stays ambiguous or
 * unknown comes back with `unitId: null`, never dropped.
 */
import type { OrgUnitRef, UnitMatch } from './types';
import { canonicalLevel, isBareLevel, membersOf, parseGroup } from './unit-groups';
import { keyWords, startsWithWords } from './unit-keys';

interface IndexedUnit {
  unit: OrgUnitRef;
  keys: string[][];
}

/** The units, indexed once per document, and what the letter says about where it comes from. */
export interface MatchContext {
  units: IndexedUnit[];
  byId: Map<string, OrgUnitRef>;
  /** Words of the issuer, its parent and the place: the locality a short name leaves out. */
  contextWords: Set<string>;
  issuerUnitId: string | null;
  /** Canonical levels the units carry; a group is expanded only over these. */
  levels: Set<string>;
}

/** Builds the matching context for one document. */
export function createMatchContext(units: OrgUnitRef[], issuerNames: (string | null)[]): MatchContext {
  const indexed = units
    .filter((unit) => unit && typeof unit.id === 'string' && typeof unit.name === 'string')
    .map((unit) => ({ unit, keys: [unit.name, ...(unit.aliases ?? [])].map(keyWords).filter((k) => k.length > 0) }));
  const context: MatchContext = {
    units: indexed,
    byId: new Map(indexed.map(({ unit }) => [unit.id, unit])),
    contextWords: new Set(issuerNames.flatMap((name) => (name ? keyWords(name) : []))),
    issuerUnitId: null,
    levels: new Set(
      indexed.map(({ unit }) => canonicalLevel(unit.level)).filter((level): level is string => level !== null),
    ),
  };
  const [issuer] = issuerNames;
  context.issuerUnitId = issuer ? matchSingle(issuer, context).unitId : null;
  return context;
}

function isNear(unit: OrgUnitRef, context: MatchContext): boolean {
  const issuerId = context.issuerUnitId;
  if (!issuerId) return false;
  let id: string | null | undefined = unit.id;
  for (let depth = 0; id && depth < 50; depth += 1) {
    if (id === issuerId) return true;
    id = context.byId.get(id)?.parentId;
  }
  return false;
}

/** One unit from several: those whose extra words the context supplies, then those under the issuer. */
function pick(text: string, found: { unit: OrgUnitRef; extra: string[] }[], context: MatchContext): UnitMatch {
  const fits = (f: { extra: string[] }): boolean => f.extra.every((word) => context.contextWords.has(word));
  // One entry per unit; of a unit's names, prefer one whose extra words the context supplies.
  const byUnit = new Map<string, { unit: OrgUnitRef; extra: string[] }>();
  for (const f of found) {
    const known = byUnit.get(f.unit.id);
    if (!known || (!fits(known) && fits(f))) byUnit.set(f.unit.id, f);
  }
  const unique = [...byUnit.values()];
  if (unique.length === 1) return { text, unitId: unique[0]?.unit.id ?? null };
  let narrowed = unique.filter(fits);
  if (narrowed.length !== 1) {
    const near = (narrowed.length > 0 ? narrowed : unique).filter((f) => isNear(f.unit, context));
    if (near.length > 0) narrowed = near;
  }
  if (narrowed.length === 1) return { text, unitId: narrowed[0]?.unit.id ?? null };
  const ids = (narrowed.length > 0 ? narrowed : unique).map((f) => f.unit.id);
  return { text, unitId: null, candidates: ids };
}

function overlap(a: string[], b: string[]): number {
  const setB = new Set(b);
  const shared = new Set(a.filter((word) => setB.has(word))).size;
  return shared / new Set([...a, ...b]).size;
}

/** Matches one name (not a group). */
function matchSingle(text: string, context: MatchContext): UnitMatch {
  const words = keyWords(text);
  if (words.length === 0) return { text, unitId: null };
  const same = context.units.filter(({ keys }) => keys.some((key) => key.join(' ') === words.join(' ')));
  if (same.length > 0)
    return pick(
      text,
      same.map(({ unit }) => ({ unit, extra: [] })),
      context,
    );
  const longer = context.units.flatMap(({ unit, keys }) =>
    keys.filter((key) => startsWithWords(key, words)).map((key) => ({ unit, extra: key.slice(words.length) })),
  );
  if (longer.length > 0) return pick(text, longer, context);
  const shorter = context.units.flatMap(({ unit, keys }) =>
    keys.filter((key) => startsWithWords(words, key)).map((key) => ({ unit, extra: words.slice(key.length) })),
  );
  const shorterInContext = shorter.filter((f) => f.extra.every((word) => context.contextWords.has(word)));
  if (shorterInContext.length > 0) return pick(text, shorterInContext, context);
  const close = context.units
    .map(({ unit, keys }) => ({ unit, score: Math.max(...keys.map((key) => overlap(words, key))) }))
    .filter((f) => f.score >= 0.5)
    .sort((a, b) => b.score - a.score)
    .slice(0, 3);
  return close.length > 0 ? { text, unitId: null, candidates: close.map((f) => f.unit.id) } : { text, unitId: null };
}

/**
 * Matches a name, expanding a group ("Ủy ban nhân dân các xã, thị trấn") to its member units when
 * the units carry the levels it lists; otherwise the group stays unmatched (unitId null).
 */
export function matchUnit(text: string, context: MatchContext): UnitMatch {
  const group = parseGroup(text);
  if (!group || !group.levels.some((level) => context.levels.has(level))) return matchSingle(text, context);
  const scopeId =
    group.scope && !isBareLevel(group.scope) ? matchSingle(group.scope, context).unitId : context.issuerUnitId;
  const members = scopeId
    ? membersOf(
        group,
        scopeId,
        context.units.map(({ unit }) => unit),
        context.byId,
      )
    : [];
  if (members.length > 0) return { text, unitId: null, unitIds: members.map((unit) => unit.id) };
  return { text, unitId: null };
}

/** True when `text` is the whole name (or an alias) of one of the units. */
export function isExactUnitName(text: string, context: MatchContext): boolean {
  const key = keyWords(text).join(' ');
  return key !== '' && context.units.some(({ keys }) => keys.some((k) => k.join(' ') === key));
}

/** Matches every name once (by key), in order; names without a key are left out. */
export function matchUnits(names: string[], context: MatchContext): UnitMatch[] {
  const seen = new Set<string>();
  const matches: UnitMatch[] = [];
  for (const name of names) {
    const key = keyWords(name).join(' ');
    if (!key || seen.has(key)) continue;
    seen.add(key);
    matches.push(matchUnit(name, context));
  }
  return matches;
}
