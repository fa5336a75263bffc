/**
 * The rules that keep the contract typed (apps/api/src/openapi/typed-responses.ts). The real
 * document is held to them by `npm run openapi:check` (test/integration/openapi-contract.spec.ts).
 */
import type { OpenAPIObject } from '@nestjs/swagger';
import { untypedBodies, untypedResponses } from '../../../apps/api/src/openapi/typed-responses';

const json = (schema: object): { 'application/json': { schema: object } } => ({ 'application/json': { schema } });

it('flags a success without a body schema, and a bare schema on any answer', () => {
  const document: OpenAPIObject = {
    openapi: '3.0.0',
    info: { title: 'loose', version: '1' },
    paths: {
      '/none': { get: { responses: { '200': { description: 'ok' } } } },
      '/bare': { post: { responses: { '201': { description: 'ok', content: json({ type: 'object' }) } } } },
      '/empty': { get: { responses: { '400': { description: 'bad', content: json({}) } } } },
    },
  };
  expect(untypedResponses(document)).toEqual([
    'GET /none 200: no body schema',
    'POST /bare 201 application/json: the schema says nothing of the body',
    'GET /empty 400 application/json: the schema says nothing of the body',
  ]);
});

it('accepts references, typed objects, maps, lists, unions, and a 304 or 204 without a body', () => {
  const document: OpenAPIObject = {
    openapi: '3.0.0',
    info: { title: 'typed', version: '1' },
    paths: {
      '/ref': {
        get: { responses: { '200': { description: 'ok', content: json({ $ref: '#/components/schemas/A' }) } } },
      },
      '/object': {
        get: {
          responses: {
            '200': { description: 'ok', content: json({ type: 'object', properties: { a: { type: 'string' } } }) },
          },
        },
      },
      '/map': {
        get: {
          responses: { '200': { description: 'ok', content: json({ type: 'object', additionalProperties: true }) } },
        },
      },
      '/list': { get: { responses: { '200': { description: 'ok', content: json({ type: 'array', items: {} }) } } } },
      '/union': {
        get: { responses: { '200': { description: 'ok', content: json({ oneOf: [{ type: 'string' }] }) } } },
      },
      '/unchanged': { get: { responses: { '304': { description: 'unchanged' }, '204': { description: 'none' } } } },
    },
  };
  expect(untypedResponses(document)).toEqual([]);
});

it('finds the bodies openapi-typescript could not type, by line', () => {
  const types = [
    'responses: {',
    '  200: {',
    '    content: {',
    '      "application/json": components["schemas"]["TaskResponse"];',
    '      "text/csv": string;',
    '      "application/json": unknown;',
    '      "application/json": Record<string, never>;',
    '      "application/json"?: never;',
    '    };',
  ].join('\n');
  expect(untypedBodies(types)).toEqual([
    'line 6: "application/json": unknown;',
    'line 7: "application/json": Record<string, never>;',
    'line 8: "application/json"?: never;',
  ]);
});
