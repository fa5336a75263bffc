import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { FieldErrors } from '../errors/errors';

/** Every list answers this shape. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A page's size when the query does not say (query-filters.ts `PageLimit`). */
export const DEFAULT_LIMIT = 50;
/** The largest page a list answers. */
export const MAX_LIMIT = 500;

/** A cursor is the sort key of the last item, opaque to clients. */
export function encodeCursor(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Reads a cursor made by {@link encodeCursor} with `arity` parts. */
export function decodeCursor(raw: string | undefined, arity: number): (string | number)[] | null {
  if (raw === undefined || raw === '') return null;
  try {
    const key: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (
      Array.isArray(key) &&
      key.length === arity &&
      key.every((k) => typeof k === 'string' || typeof k === 'number')
    ) {
      return key as (string | number)[];
    }
  } catch {
    // fall through to the field error
  }
  throw new FieldErrors([{ field: 'cursor', problem: 'is not a cursor this API gave out' }]);
}

/** Cuts a page from rows fetched with limit + 1, making the cursor from the last kept row. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  key: (row: R) => (string | number)[],
  view: (row: R) => T,
): Page<T> {
  const kept = rows.slice(0, limit);
  const last = kept[kept.length - 1];
  return {
    items: kept.map(view),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(key(last)) : null,
  };
}

/**
 * Keyset pagination: orders the query by its sort key (the last column must be unique) and,
 * given a cursor, starts right after it. Fetches one row more than the page, so {@link toPage}
 * can tell whether another page follows.
 */
export function keysetPage<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  columns: string[],
  direction: 'ASC' | 'DESC',
  limit: number,
  cursor: string | undefined,
): SelectQueryBuilder<T> {
  const after = decodeCursor(cursor, columns.length);
  columns.forEach((column, i) => (i === 0 ? qb.orderBy(column, direction) : qb.addOrderBy(column, direction)));
  qb.take(limit + 1);
  if (after !== null) {
    const names = after.map((_, i) => `cursor${i}`);
    qb.andWhere(
      `(${columns.join(', ')}) ${direction === 'ASC' ? '>' : '<'} (${names.map((n) => `:${n}`).join(', ')})`,
      Object.fromEntries(names.map((n, i) => [n, after[i]])),
    );
  }
  return qb;
}
