import { FieldErrors } from '../errors/errors';

/** Query-string readers that fail with a field-level 400. */
export function queryBoolean(name: string, raw: string | undefined): boolean | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new FieldErrors([{ field: name, problem: 'must be true or false' }]);
}

/** An enumerated filter value, possibly a comma-separated list. */
export function queryEnumList<T extends string>(name: string, raw: string | undefined, allowed: readonly T[]): T[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  const values = raw.split(',').map((v) => v.trim());
  const bad = values.filter((v) => !allowed.includes(v as T));
  if (bad.length > 0) throw new FieldErrors([{ field: name, problem: `must be one of ${allowed.join(', ')} (got ${bad.join(', ')})` }]);
  return values as T[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID; ids of directives, tasks, escalations and requests are UUIDs. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
