/**
 * Request-body objects a DTO types loosely (`@IsObject()` fields: a draft, a reminder policy, a
 * map of deadlines) come out of Nest as `{ type: 'object' }`, which openapi-typescript reads as
 * an object with no properties at all (`Record<string, never>`), so a typed client could send
 * nothing in them. Saying `additionalProperties: true` means the same to a validator and lets a
 * client send any properties.
 */
import type { OpenAPIObject } from '@nestjs/swagger';
import type { ReferenceObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { isBareSchema, operationsOf } from './typed-responses';

const SCHEMA_REF = '#/components/schemas/';

/** Opens, in place, every bare object reachable from a request body. */
export function openLooseRequestObjects(document: OpenAPIObject): void {
  const schemas = document.components?.schemas ?? {};
  const seen = new Set<SchemaObject>();
  const visit = (schema: SchemaObject | ReferenceObject | undefined): void => {
    if (schema === undefined) return;
    if ('$ref' in schema) {
      if (schema.$ref.startsWith(SCHEMA_REF)) visit(schemas[schema.$ref.slice(SCHEMA_REF.length)]);
      return;
    }
    if (seen.has(schema)) return;
    seen.add(schema);
    if (schema.type === 'object' && isBareSchema(schema) && schema.additionalProperties !== false) {
      schema.additionalProperties = true;
    }
    for (const property of Object.values(schema.properties ?? {})) visit(property);
    if (schema.items !== undefined) visit(schema.items);
    for (const part of [...(schema.oneOf ?? []), ...(schema.anyOf ?? []), ...(schema.allOf ?? [])]) visit(part);
  };
  for (const { operation } of operationsOf(document)) {
    const body = operation.requestBody;
    if (body === undefined || '$ref' in body) continue;
    for (const media of Object.values(body.content)) visit(media.schema);
  }
}
