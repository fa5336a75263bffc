import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { completeDocument } from './complete-document';

/**
 * The API's OpenAPI document, from the controllers' decorators completed by rule. One function
 * for the running API (which serves it and holds requests to it) and for `npm run
 * openapi:generate` (which writes it without a server), so the two cannot differ.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  return completeDocument(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Dondoc API')
        .setDescription('Directives, the units that carry them out, their deadlines, reminders and escalations.')
        .setVersion('1')
        .addBearerAuth({
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A token from the identity provider, or `npm run token` in development',
        })
        .addSecurityRequirements('bearer')
        .build(),
    ),
  );
}
