import { FieldErrors } from '../errors/errors';

/** Deepest nesting of objects and arrays a request may carry; no Dondoc body needs more than a handful. */
export const MAX_JSON_DEPTH = 64;

/**
 * Fields whose value is prose a person writes (instructions, a report, a reason): they may hold
 * tab, line feed and carriage return. Every other string — ids, numbers, names, codes, dates,
 * filters — may hold no control character at all. A list by field name rather than a decorator,
 * because the check runs on the raw request before any DTO class exists (it must: a body nested
 * 10,000 deep has to be refused before class-transformer recurses into it), and a field name
 * means the same thing in every body of this API.
 */
export const FREE_TEXT_FIELDS: ReadonlySet<string> = new Set([
  'body',
  'instructions',
  'note',
  'reason',
  'report',
  'subject',
  'text',
]);

/** Where a value came from, to name its field. */
export interface EdgeSource {
  /** `body`, `query` or `param`. */
  kind: string;
  /** The parameter's name (`@Query('status')`, `@Param('id')`), or undefined for a whole body or query. */
  name?: string | undefined;
}

interface Walk {
  problems: { field: string; problem: string }[];
}

/**
 * Checks and normalises everything a request carries in one place: every string (and key) must
 * be well-formed Unicode without control characters (tab, LF and CR allowed in free text, where a
 * form feed becomes a line break), is
 * NFC-normalised so that names typed on different keyboards compare equal, and nesting stops at
 * {@link MAX_JSON_DEPTH}. Returns the value with its strings normalised.
 * @throws FieldErrors naming the first offending field.
 */
export function checkEdgeValue(value: unknown, source: EdgeSource): unknown {
  const walk: Walk = { problems: [] };
  // A string body is a whole document (CSV): line breaks and tabs are its structure.
  const freeText = source.kind === 'body' && source.name === undefined && typeof value === 'string';
  const root = source.name ?? '';
  const result = visit(value, root, 0, freeText || FREE_TEXT_FIELDS.has(root), walk);
  // A wildcard path parameter (`/units/a/b`) arrives as segments; the person wrote one value.
  if (source.kind === 'param' && source.name !== undefined)
    walk.problems = walk.problems.map((p) => ({ ...p, field: root }));
  if (walk.problems.length > 0) throw new FieldErrors(walk.problems.slice(0, 1));
  return result;
}

function visit(value: unknown, field: string, depth: number, freeText: boolean, walk: Walk): unknown {
  if (walk.problems.length > 0) return value;
  if (typeof value === 'string') {
    // A page break (form feed) is how text exported from a PDF separates its pages: in prose it
    // becomes a line break rather than a refusal, so a pasted letter is read as a person sees it.
    const text = freeText ? value.replace(/\f/g, '\n') : value;
    const problem = textProblem(text, freeText);
    if (problem !== undefined) {
      walk.problems.push({ field: field || 'body', problem });
      return value;
    }
    return text.normalize('NFC');
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_JSON_DEPTH) {
    // The top-level field: a path 64 levels deep names nothing a person can find.
    walk.problems.push({
      field: /^[^.[]*/.exec(field)?.[0] || 'body',
      problem: `nests objects or arrays deeper than ${MAX_JSON_DEPTH} levels`,
    });
    return value;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && walk.problems.length === 0; i++)
      value[i] = visit(value[i], `${field}[${i}]`, depth + 1, freeText, walk);
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const keyField = field ? `${field}.${key}` : key;
    const keyProblem = textProblem(key, false);
    if (keyProblem !== undefined) {
      walk.problems.push({ field: keyField, problem: `is not a usable field name: it ${keyProblem}` });
      return value;
    }
    const child = visit(record[key], keyField, depth + 1, FREE_TEXT_FIELDS.has(key), walk);
    if (walk.problems.length > 0) return value;
    const normalisedKey = key.normalize('NFC');
    if (normalisedKey === key) record[key] = child;
    else {
      delete record[key];
      Object.defineProperty(record, normalisedKey, {
        value: child,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return value;
}

/**
 * What is wrong with a string, or undefined. C0 controls, DEL and C1 controls are refused (they
 * cannot be stored, printed or mailed faithfully; PostgreSQL refuses NUL outright), and so are
 * lone UTF-16 surrogates, which no encoding can carry.
 */
export function textProblem(text: string, freeText: boolean): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
      if (freeText && (code === 0x09 || code === 0x0a || code === 0x0d)) continue;
      const allowed = freeText
        ? ' (only tab and line breaks are allowed)'
        : code === 0x09 || code === 0x0a || code === 0x0d
          ? ' (no tab or line break here)'
          : '';
      return `must not contain control characters${allowed}: found ${codePoint(code)} at position ${i}`;
    }
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return `must be well-formed Unicode: found an unpaired surrogate ${codePoint(code)} at position ${i}`;
    }
    if (code >= 0xdc00 && code <= 0xdfff)
      return `must be well-formed Unicode: found an unpaired surrogate ${codePoint(code)} at position ${i}`;
  }
  return undefined;
}

function codePoint(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}
