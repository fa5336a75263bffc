import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';

/** A 200 answering one page of a list: `{ items, nextCursor }`. */
export function ApiPage(description = 'One page; `nextCursor` fetches the next, null on the last'): MethodDecorator {
  return applyDecorators(
    ApiOkResponse({
      description,
      schema: {
        type: 'object',
        required: ['items', 'nextCursor'],
        properties: {
          items: { type: 'array', items: { type: 'object' } },
          nextCursor: { type: 'string', nullable: true },
        },
      },
    }),
  );
}
