import { ValidationPipe, type ValidationError as ClassValidationError } from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';
import { FieldErrors } from '../errors/errors';

/**
 * Options for every class-validator run: unknown fields refused, and every rule of a field run
 * (not the first one declared), so {@link flattenValidationErrors} can report the type problem
 * before a range problem — "5" for a day of the month is not a number, not "greater than 31".
 */
export const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  stopAtFirstError: false,
  // The value tells a missing field from a wrong one; Nest strips it from errors with children unless asked.
  validationError: { target: false, value: true },
};

/**
 * Rules that say what kind of value a field holds, most basic first. A field failing one of
 * them is reported with that rule only; range, length and format rules come after.
 */
const TYPE_RULES = [
  'isDefined',
  'isArray',
  'isObject',
  'isString',
  'isInt',
  'isNumber',
  'isBoolean',
  'isUuid',
  'isIn',
  'isEnum',
  'isIso8601',
  'isDateString',
  'nestedValidation',
];

/** class-validator's default wording, put the way the API words it elsewhere. */
const REWORDED: [RegExp, string | ((...groups: string[]) => string)][] = [
  [/^must be an integer number$/, 'must be a whole number'],
  [/^must be a number conforming to the specified constraints$/, 'must be a number'],
  [/^must be a boolean value$/, 'must be a boolean'],
  [/^must be one of the following values: (.*)$/, (_all, values = '') => `must be one of: ${values}`],
  [/^must be a valid ISO 8601 date string$/, 'must be an ISO-8601 date-time'],
  [/^nested property \S+ must be either object or array$/, 'must be an object'],
];

/**
 * Flattens class-validator's tree into `assignments[0].dueAt`-style field paths, one problem per
 * field: a missing or null value is "required"; otherwise a wrong type names the type expected;
 * only then range and format problems.
 */
export function flattenValidationErrors(
  errors: ClassValidationError[],
  prefix = '',
): { field: string; problem: string }[] {
  const out: { field: string; problem: string }[] = [];
  for (const error of errors) {
    const field = /^\d+$/.test(error.property)
      ? `${prefix}[${error.property}]`
      : prefix
        ? `${prefix}.${error.property}`
        : error.property;
    const problem = firstProblem(error);
    if (problem !== undefined) out.push({ field, problem });
    else if (error.children && error.children.length > 0) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

function firstProblem(error: ClassValidationError): string | undefined {
  const constraints = error.constraints ?? {};
  const rules = Object.keys(constraints);
  if (rules.length === 0) return undefined;
  if (rules.includes('whitelistValidation')) return 'is not a known field';
  if (error.value === undefined) return 'is required';
  if (error.value === null) return 'is required and must not be null';
  const rule = TYPE_RULES.find((r) => r in constraints) ?? rules[0]!;
  return reword(stripFieldName(constraints[rule]!, error.property));
}

function reword(message: string): string {
  for (const [pattern, replacement] of REWORDED) {
    const match = pattern.exec(message);
    if (match) return typeof replacement === 'string' ? replacement : replacement(...match);
  }
  return message;
}

/** class-validator messages start with the property name; the field path already says it. */
function stripFieldName(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

/** Strict body validation: unknown fields are refused, types are checked, errors name fields. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...VALIDATOR_OPTIONS,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => new FieldErrors(flattenValidationErrors(errors)),
  });
}
