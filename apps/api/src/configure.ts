import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ErrorFilter } from './common/error.filter';
import { createValidationPipe } from './common/validation';

/** Prefix, body limits, validation, error mapping and the OpenAPI document. */
export function configureApp(app: NestExpressApplication): void {
  app.setGlobalPrefix('api/v1');
  // A directive to thousands of units is a large body; anything larger is refused with 413.
  app.useBodyParser('json', { limit: '10mb' });
  app.useBodyParser('text', { type: 'text/csv', limit: '10mb' });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Dondoc API')
      .setDescription('Directives, the units that carry them out, their deadlines, reminders and escalations.')
      .setVersion('1')
      .addGlobalParameters({ name: 'x-dondoc-actor', in: 'header', required: false, description: 'Who is acting (until authentication lands)' })
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/json' });
}
