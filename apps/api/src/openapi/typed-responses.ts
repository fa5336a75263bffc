/**
 * The rules that keep the contract typed: every answer an operation documents has a schema
 * that says what it holds, so a generated client never reads `unknown` or an empty object.
 */
import type { OpenAPIObject } from '@nestjs/swagger';
import type {
  OperationObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Statuses whose answer has no body by definition. */
const BODILESS = new Set(['204', '304']);

function isReference(schema: SchemaObject | ReferenceObject): schema is ReferenceObject {
  return '$ref' in schema;
}

/** True for a schema that says nothing of its value (`{}`, or an object with no properties of any kind). */
export function isBareSchema(schema: SchemaObject | ReferenceObject | undefined): boolean {
  if (schema === undefined) return true;
  if (isReference(schema)) return false;
  if (schema.oneOf ?? schema.anyOf ?? schema.allOf) return false;
  if (schema.type === undefined) return true;
  if (schema.type !== 'object') return false;
  const properties = Object.keys(schema.properties ?? {}).length;
  return properties === 0 && (schema.additionalProperties === undefined || schema.additionalProperties === false);
}

/** Every operation of the document with its method and path. */
export function operationsOf(document: OpenAPIObject): { method: string; path: string; operation: OperationObject }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      return operation === undefined ? [] : [{ method: method.toUpperCase(), path, operation }];
    }),
  );
}

/**
 * Each documented answer that a generated client could not type, as `GET /path 200: why`: a
 * success without a body schema (but 204 and 304), or any answer whose body schema is bare.
 */
export function untypedResponses(document: OpenAPIObject): string[] {
  const problems: string[] = [];
  for (const { method, path, operation } of operationsOf(document)) {
    for (const [status, response] of Object.entries(operation.responses) as [string, ResponseObject][]) {
      const where = `${method} ${path} ${status}`;
      if (response.content === undefined) {
        if (/^2\d\d$/.test(status) && !BODILESS.has(status)) problems.push(`${where}: no body schema`);
        continue;
      }
      for (const [mediaType, media] of Object.entries(response.content)) {
        if (isBareSchema(media.schema)) problems.push(`${where} ${mediaType}: the schema says nothing of the body`);
      }
    }
  }
  return problems;
}

/** A body type openapi-typescript writes when the document does not say what the body holds. */
const UNTYPED_BODY = /^\s*"[^"]+\/[^"]+"\??: (unknown|never|Record<string, never>);$/;

/** Lines of generated types (openapi-typescript's) that type a body as unknown or empty, as `line: text`. */
export function untypedBodies(types: string): string[] {
  return types
    .split('\n')
    .flatMap((line, index) => (UNTYPED_BODY.test(line) ? [`line ${index + 1}: ${line.trim()}`] : []));
}
