/**
 * The organisation tree as the admin screen browses it: units by parent, and a search that keeps
 * the path down to each match. Pure, so it is the same on every screen that needs it.
 */
import type { UnitView } from '../api/types';

/** Units grouped under their parent; roots (no parent, or a parent not loaded) under `null`. */
export interface OrganisationTree {
  children: Map<string | null, UnitView[]>;
  byId: Map<string, UnitView>;
}

/** Lower case without diacritics, so "bac kan" finds "Bắc Kạn" and "đảng" finds "Dang". */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

/** Groups the units by parent, each group in Vietnamese alphabetical order of names. */
export function organisationTree(units: readonly UnitView[]): OrganisationTree {
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const children = new Map<string | null, UnitView[]>();
  for (const unit of units) {
    const parent = unit.parentId !== null && byId.has(unit.parentId) ? unit.parentId : null;
    const siblings = children.get(parent) ?? [];
    siblings.push(unit);
    children.set(parent, siblings);
  }
  for (const siblings of children.values()) siblings.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  return { children, byId };
}

/**
 * The units a search shows: those whose name or id contains the words (diacritics ignored) and
 * every ancestor of theirs, so each match is seen in its place. Null when the search is empty.
 */
export function visibleUnits(tree: OrganisationTree, search: string): Set<string> | null {
  const wanted = foldText(search.trim());
  if (wanted === '') return null;
  const visible = new Set<string>();
  for (const unit of tree.byId.values()) {
    if (!foldText(`${unit.name} ${unit.id}`).includes(wanted)) continue;
    let current: UnitView | undefined = unit;
    while (current !== undefined && !visible.has(current.id)) {
      visible.add(current.id);
      current = current.parentId === null ? undefined : tree.byId.get(current.parentId);
    }
  }
  return visible;
}

/** The units below `id` (all levels), which cannot become its parent without making a loop. */
export function descendantsOf(tree: OrganisationTree, id: string): Set<string> {
  const below = new Set<string>();
  const pending = [id];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    for (const child of tree.children.get(next) ?? []) {
      if (below.has(child.id)) continue;
      below.add(child.id);
      pending.push(child.id);
    }
  }
  return below;
}
