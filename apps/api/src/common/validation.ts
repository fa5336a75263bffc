import { ValidationPipe, type ValidationError as ClassValidationError } from '@nestjs/common';
import { FieldErrors } from './errors';

/** Flattens class-validator's tree into `assignments[0].dueAt`-style field paths. */
export function flattenValidationErrors(errors: ClassValidationError[], prefix = ''): { field: string; problem: string }[] {
  const out: { field: string; problem: string }[] = [];
  for (const error of errors) {
    const field = /^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : prefix ? `${prefix}.${error.property}` : error.property;
    for (const [rule, message] of Object.entries(error.constraints ?? {})) {
      out.push({ field, problem: rule === 'whitelistValidation' ? 'is not a known field' : stripFieldName(message, error.property) });
    }
    if (error.children && error.children.length > 0) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

/** class-validator messages start with the property name; the field path already says it. */
function stripFieldName(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

/** Strict body validation: unknown fields are refused, types are checked, errors name fields. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    stopAtFirstError: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => new FieldErrors(flattenValidationErrors(errors)),
  });
}
