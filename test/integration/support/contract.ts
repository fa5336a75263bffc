/**
 * Holds every answer the integration suite sees to the API's OpenAPI document
 * (apps/api/openapi.json, which `npm run openapi:check` keeps equal to what the code serves):
 * the status must be one the operation declares, the media type one it declares for that
 * status, and a JSON body must match the schema, with no property the schema does not name
 * (so a field added to a view and not to its response DTO fails here). A mismatch throws,
 * naming the request, the status and each mismatched path in the body.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Schema = Record<string, unknown>;

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

interface Route {
  template: string;
  matcher: RegExp;
  literal: boolean;
  operations: Record<string, Operation>;
}

/** The checked-in document, relative to the repository's root (from dist/ too, where the benchmarks run this). */
const DOCUMENT_FILE = path.resolve(
  __dirname,
  __filename.endsWith('.js') ? '../../../../apps/api/openapi.json' : '../../../apps/api/openapi.json',
);

/** The id the document's components are known by to Ajv, which their references resolve against. */
const DOCUMENT_ID = 'dondoc-openapi.json';

/**
 * OpenAPI 3.0 schema → JSON Schema for Ajv: `nullable: true` becomes "this, or null"; objects
 * that name their properties and say nothing of others admit no others.
 */
function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const { nullable, example: _example, ...rest } = schema as Schema;
  const converted: Schema = {};
  for (const [key, value] of Object.entries(rest)) {
    if (key === '$ref' && typeof value === 'string') converted[key] = `${DOCUMENT_ID}${value}`;
    // Maps of names to schemas: convert each schema, never the map itself.
    else if (key === 'properties' && typeof value === 'object' && value !== null)
      converted[key] = Object.fromEntries(
        Object.entries(value).map(([name, property]) => [name, toJsonSchema(property)]),
      );
    else converted[key] = toJsonSchema(value);
  }
  if (converted.properties !== undefined && converted.additionalProperties === undefined) {
    converted.additionalProperties = false;
  }
  return nullable === true ? { anyOf: [converted, { type: 'null' }] } : converted;
}

/** A documented path as a matcher, as the API's router reads it: unit ids span segments. */
function routeOf(template: string, operations: Record<string, Operation>): Route {
  const pattern = template
    .split(/(\{[^}]+\})/)
    .map((part) =>
      part.startsWith('{')
        ? template.startsWith('/api/v1/units/')
          ? '.+'
          : '[^/]+'
        : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return { template, matcher: new RegExp(`^${pattern}/?$`), literal: !template.includes('{'), operations };
}

/** Each mismatch as `<path in the body> <problem>`. */
function mismatchesOf(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const where = error.instancePath === '' ? '(the body)' : error.instancePath;
    const extra =
      error.keyword === 'additionalProperties'
        ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})`
        : '';
    return `${where} ${error.message ?? error.keyword}${extra}`;
  });
}

/** The document's operations, and a compiled validator per response schema, made on first use. */
export class ContractValidator {
  private readonly ajv: Ajv;
  private readonly routes: Route[];
  private readonly compiled = new Map<Schema, ValidateFunction>();

  constructor(document: { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Schema } }) {
    this.ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(this.ajv);
    const schemas = Object.fromEntries(
      Object.entries(document.components?.schemas ?? {}).map(([name, schema]) => [name, toJsonSchema(schema)]),
    );
    this.ajv.addSchema({ $id: DOCUMENT_ID, components: { schemas } });
    this.routes = Object.entries(document.paths).map(([template, operations]) => routeOf(template, operations));
  }

  /** Problems with one answer; none when the request reached no documented operation. */
  check(method: string, url: URL, status: number, contentType: string, body: unknown): string[] {
    const matching = this.routes.filter((route) => route.matcher.test(url.pathname));
    const routes = matching.some((route) => route.literal) ? matching.filter((route) => route.literal) : matching;
    const route = routes.find((candidate) => candidate.operations[method.toLowerCase()] !== undefined);
    const operation = route?.operations[method.toLowerCase()];
    if (route === undefined || operation === undefined) return [];
    const where = `${method} ${route.template} answered ${status}`;
    const response = operation.responses[String(status)] ?? operation.responses.default;
    if (response === undefined) {
      return [
        `${where}, which the document does not declare (it declares ${Object.keys(operation.responses).join(', ')})`,
      ];
    }
    if (response.content === undefined || body === '') return [];
    const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
    const media = response.content[mediaType];
    if (media === undefined) {
      return [`${where} with ${mediaType || 'no content type'}, which it does not declare for that status`];
    }
    if (media.schema === undefined || !mediaType.includes('json')) return [];
    const validate = this.validatorOf(media.schema);
    return validate(body) ? [] : mismatchesOf(validate.errors).map((problem) => `${where}: ${problem}`);
  }

  private validatorOf(schema: Schema): ValidateFunction {
    let validate = this.compiled.get(schema);
    if (validate === undefined) {
      validate = this.ajv.compile(toJsonSchema(schema) as Schema);
      this.compiled.set(schema, validate);
    }
    return validate;
  }
}

let shared: ContractValidator | undefined;

/**
 * Throws when an answer does not match the API's document, naming the request, the status and
 * each mismatched path in the body.
 */
export function assertMatchesContract(method: string, url: string, response: Response, body: unknown): void {
  shared ??= new ContractValidator(
    JSON.parse(readFileSync(DOCUMENT_FILE, 'utf8')) as ConstructorParameters<typeof ContractValidator>[0],
  );
  const problems = shared.check(
    method,
    new URL(url),
    response.status,
    response.headers.get('content-type') ?? '',
    body,
  );
  if (problems.length === 0) return;
  throw new Error(
    `The answer does not match the API's document (apps/api/openapi.json; after changing the API, run \`npm run openapi:generate\`):\n` +
      problems.map((problem) => `  - ${problem}`).join('\n') +
      `\nbody: ${JSON.stringify(body).slice(0, 2_000)}`,
  );
}
