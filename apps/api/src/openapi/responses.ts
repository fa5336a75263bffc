import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ERROR_DESCRIPTIONS } from './complete-document';

/** Where the one error body is declared (completeDocument adds it to the document's components). */
export const ERROR_BODY_REF = '#/components/schemas/ErrorBody';

/**
 * A 200 answering one page of a list, `{ items, nextCursor }`, whose items are `item` (a response
 * DTO class), so a generated client knows what a page holds.
 */
export function ApiPage(
  item: Type<unknown>,
  description = 'One page; `nextCursor` fetches the next, null on the last',
): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(item),
    ApiOkResponse({
      description,
      schema: {
        type: 'object',
        required: ['items', 'nextCursor'],
        properties: {
          items: { type: 'array', items: { $ref: getSchemaPath(item) } },
          nextCursor: { type: 'string', nullable: true },
        },
      },
    }),
  );
}

/**
 * Error answers an operation gives beyond those completeDocument adds by rule (400 always; 401,
 * 403, 429 with a token; 404 with a path parameter; 413, 415 with a body; 409, 422 on changes;
 * 503), each with the one error body. A bare status gets its usual description; `{ status,
 * description }` says what it means on this operation.
 */
export function ApiErrors(
  ...statuses: (number | { status: number; description: string })[]
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((entry) => {
      const { status, description } =
        typeof entry === 'number' ? { status: entry, description: ERROR_DESCRIPTIONS[entry] ?? 'An error' } : entry;
      return ApiResponse({ status, description, schema: { $ref: ERROR_BODY_REF } });
    }),
  );
}
