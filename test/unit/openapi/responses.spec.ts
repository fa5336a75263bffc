/**
 * The decorators endpoints describe their answers with (apps/api/src/openapi/responses.ts), on a
 * small controller put through the same document builder as the API.
 */
import 'reflect-metadata';
import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiCreatedResponse, ApiProperty, type OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiDocument } from '../../../apps/api/src/openapi/document';
import { ApiErrors, ApiPage } from '../../../apps/api/src/openapi/responses';
import { untypedResponses } from '../../../apps/api/src/openapi/typed-responses';

class ThingResponse {
  @ApiProperty()
  name!: string;
}

/** A body with a loosely typed object, as `@IsObject()` fields are. */
class CreateThingBody {
  @ApiProperty({ description: 'Anything the thing carries' })
  data!: Record<string, unknown>;
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
  create(@Body() _body: CreateThingBody): void {}
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

it('opens a loosely typed request object, so a typed client may send properties in it', () => {
  expect(document.components?.schemas?.CreateThingBody).toEqual({
    type: 'object',
    properties: { data: { type: 'object', additionalProperties: true, description: 'Anything the thing carries' } },
    required: ['data'],
  });
});
