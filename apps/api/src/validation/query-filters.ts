/**
 * Decorators for the properties of query DTOs: each says how a query-string value is read (a
 * list, a boolean, a number) and how a wrong one is worded, so every list endpoint takes its
 * filters through the global validation pipe as bodies are. The middleware in
 * openapi/query-parameters.ts has already refused unknown, repeated and empty parameters.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, ValidateBy } from 'class-validator';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../pagination/pagination';
import { parseInstant } from '../time/times';
import { isUuid } from './ids';

/** What the API document says of a parameter beyond its name. */
interface Documented {
  description?: string;
  example?: string;
}

/** A value left out, or sent empty (which the middleware refuses before this): no filter. */
const absent = (value: unknown): boolean => value === undefined || value === '';

/** A filter of free text (a unit id, an actor): any string. */
export function TextFilter(documented: Documented = {}): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ type: String, ...documented }), IsOptional(), IsString());
}

/** The id of a directive or a task: a UUID, or the answer says whose id it must be. */
export function IdFilter(of: 'directive' | 'task'): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: String }),
    Transform(({ value }: { value: unknown }) => (absent(value) ? undefined : value)),
    IsOptional(),
    ValidateBy({
      name: 'isIdOf',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isUuid(value),
        defaultMessage: () => `must be the id of a ${of}`,
      },
    }),
  );
}

/** One or more values of an enumeration, comma-separated (`status=assigned,acknowledged`). */
export function EnumListFilter(allowed: readonly string[], documented: Documented = {}): PropertyDecorator {
  const bad = (value: unknown): unknown[] =>
    Array.isArray(value) ? value.filter((v) => !allowed.includes(v as string)) : [value];
  return applyDecorators(
    ApiPropertyOptional({ type: 'string', enum: [...allowed], isArray: false, ...documented }),
    Transform(({ value }: { value: unknown }) =>
      absent(value) ? undefined : typeof value === 'string' ? value.split(',').map((v) => v.trim()) : value,
    ),
    IsOptional(),
    ValidateBy({
      name: 'isEnumList',
      validator: {
        validate: (value: unknown) => Array.isArray(value) && bad(value).length === 0,
        defaultMessage: (args) => `must be one of ${allowed.join(', ')} (got ${bad(args?.value).join(', ')})`,
      },
    }),
  );
}

/** `true` or `false`, nothing else (`1`, `yes`). */
export function BooleanFilter(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: 'string', enum: ['true', 'false'] }),
    Transform(({ value }: { value: unknown }) =>
      absent(value) ? undefined : value === 'true' ? true : value === 'false' ? false : value,
    ),
    IsOptional(),
    ValidateBy({
      name: 'isTrueOrFalse',
      validator: {
        validate: (value: unknown) => typeof value === 'boolean',
        defaultMessage: () => 'must be true or false',
      },
    }),
  );
}

/** A whole number from `min` to `max` (read as JavaScript's Number reads it); absent means `fallback`. */
export function WholeNumberFilter(
  min: number,
  max: number,
  fallback?: number,
  documented: Documented = {},
): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: 'string', ...documented }),
    Transform(({ value }: { value: unknown }) => {
      if (absent(value)) return fallback;
      const number = Number(value);
      return Number.isInteger(number) && number >= min && number <= max ? number : value;
    }),
    IsOptional(),
    ValidateBy({
      name: 'isWholeNumberInRange',
      validator: {
        validate: (value: unknown) => typeof value === 'number',
        defaultMessage: () => `must be a whole number from ${min} to ${max}`,
      },
    }),
  );
}

/** The page size of a list: 1 to {@link MAX_LIMIT}, {@link DEFAULT_LIMIT} when left out. */
export function PageLimit(): PropertyDecorator {
  return WholeNumberFilter(1, MAX_LIMIT, DEFAULT_LIMIT);
}

/** Where the page starts: the `nextCursor` of the previous page, checked by the list that made it. */
export function PageCursor(): PropertyDecorator {
  return TextFilter();
}

/** An instant (ISO-8601 date-time with an offset, or a date), read into a Date; a wrong one says what is wrong with it. */
export function InstantFilter(documented: Documented = {}): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: String, ...documented }),
    Transform(({ value }: { value: unknown }) => {
      if (absent(value)) return undefined;
      const instant = typeof value === 'string' ? parseInstant(value) : undefined;
      return instant !== undefined && 'at' in instant ? instant.at : value;
    }),
    IsOptional(),
    ValidateBy({
      name: 'isInstant',
      validator: {
        validate: (value: unknown) => value instanceof Date,
        defaultMessage: (args) => {
          const instant = parseInstant(String(args?.value));
          return 'problem' in instant ? instant.problem : 'must be an instant';
        },
      },
    }),
  );
}
