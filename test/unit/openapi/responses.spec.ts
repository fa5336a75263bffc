/**
 * The decorators endpoints describe their answers with (apps/api/src/openapi/responses.ts), on a
 * small controller put through the same document builder as the API.
 */
import 'reflect-metadata';
import { Controller, Get, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiCreatedResponse, ApiProperty, type OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiDocument } from '../../../apps/api/src/openapi/document';
import { ApiErrors, ApiPage } from '../../../apps/api/src/openapi/responses';
import { untypedResponses } from '../../../apps/api/src/openapi/typed-responses';

class ThingResponse {
  @ApiProperty()
  name!: string;
}

@Controller('things')
class ThingsController {
  @Get()
  @ApiPage(ThingResponse)
  @ApiErrors(404)
  list(): void {}

  @Post()
  @ApiCreatedResponse({ type: ThingResponse })
  @ApiErrors({ status: 409, description: 'A thing of this name exists' })
  create(): void {}
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

let document: OpenAPIObject;

beforeAll(async () => {
  const app = await NestFactory.create(ThingsModule, { preview: true, logger: false });
  app.setGlobalPrefix('api/v1');
  document = buildOpenApiDocument(app);
  await app.close();
});

it('describes a page by its items, and types every answer', () => {
  const page = document.paths['/api/v1/things']!.get!.responses['200'] as {
    content: Record<string, { schema: unknown }>;
  };
  expect(page.content['application/json']!.schema).toEqual({
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array', items: { $ref: '#/components/schemas/ThingResponse' } },
      nextCursor: { type: 'string', nullable: true },
    },
  });
  expect(document.components?.schemas?.ThingResponse).toBeDefined();
  expect(untypedResponses(document)).toEqual([]);
});

it('adds the error body for the statuses ApiErrors names, with their meaning', () => {
  const errorBody = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } };
  expect(document.paths['/api/v1/things']!.get!.responses['404']).toEqual({
    description: 'Nothing of this id, or nothing the caller may see',
    content: errorBody,
  });
  expect(document.paths['/api/v1/things']!.post!.responses['409']).toEqual({
    description: 'A thing of this name exists',
    content: errorBody,
  });
});
