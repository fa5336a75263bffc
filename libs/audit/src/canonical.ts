/**
 * One text per JSON value, so a record hashes the same whoever writes or reads it: object keys
 * sorted (by UTF-16 code units, as RFC 8785 does), no whitespace, numbers and strings as
 * JSON.stringify writes them. Values that JSON cannot carry faithfully are refused rather than
 * silently changed, because a hash over a changed value would never verify.
 */

/** A value that survives a trip through jsonb unchanged. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Thrown for a value with no canonical JSON form (undefined in an array, NaN, a Date, a function…). */
export class NotCanonicalError extends TypeError {
  override readonly name = 'NotCanonicalError';
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`${path} ${problem}`);
  }
}

/** The canonical JSON text of `value`. Object members whose value is undefined are left out, as JSON does. */
export function canonicalJson(value: unknown, path = '$'): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new NotCanonicalError(path, `is ${value}, which JSON cannot hold`);
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object':
      if (Array.isArray(value)) {
        return `[${value.map((item, i) => (item === undefined ? fail(`${path}[${i}]`, 'is undefined') : canonicalJson(item, `${path}[${i}]`))).join(',')}]`;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
        throw new NotCanonicalError(
          path,
          `is a ${(value as object).constructor?.name ?? 'non-plain object'}; convert it to plain JSON first`,
        );
      }
      return `{${Object.keys(value)
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .sort(compareCodeUnits)
        .map(
          (key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key], `${path}.${key}`)}`,
        )
        .join(',')}}`;
    default:
      throw new NotCanonicalError(path, `is a ${typeof value}, which JSON cannot hold`);
  }
}

/**
 * Plain JSON for any serialisable value: Dates become ISO text, undefined members vanish,
 * class instances become their JSON. The writer stores this, so what is hashed is what jsonb
 * gives back.
 */
export function toJsonValue(value: unknown): JsonValue | null {
  if (value === undefined) return null;
  const text = JSON.stringify(value) as string | undefined;
  return text === undefined ? null : (JSON.parse(text) as JsonValue);
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function fail(path: string, problem: string): never {
  throw new NotCanonicalError(path, problem);
}
