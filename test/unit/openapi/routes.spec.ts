/**
 * Which documented path a request is: unit ids span segments, so `/units/a/people` matches both
 * `/units/{id}/people` and `/units/{id}`; the path with more fixed words is the one meant, or the
 * 405 and query checks would offer one operation's methods and parameters on the other's path.
 */
import type { OpenAPIObject } from '@nestjs/swagger';
import { documentedRoutes, routesFor } from '../../../apps/api/src/openapi/routes';

const operation = (...query: string[]) => ({
  parameters: query.map((name) => ({ name, in: 'query' })),
  responses: {},
});

const document = {
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths: {
    '/api/v1/units/import': { post: operation() },
    '/api/v1/units/{id}': { get: operation(), patch: operation() },
    '/api/v1/units/{id}/people': { get: operation('limit'), post: operation() },
    '/api/v1/units/{id}/people/{sub}': { get: operation(), patch: operation() },
    '/api/v1/units/{id}/subtree': { get: operation('depth') },
    '/api/v1/tasks/{id}': { get: operation() },
  },
} as unknown as OpenAPIObject;

const routes = documentedRoutes(document);
const methodsOf = (path: string): string[] =>
  [...new Set(routesFor(routes, path).flatMap((route) => [...route.queries.keys()]))].sort();

describe('which documented path a request is', () => {
  it('takes the path with the most fixed words when a unit id could swallow the rest', () => {
    expect(methodsOf('/api/v1/units/tinh/huyen/people')).toEqual(['GET', 'POST']);
    expect(methodsOf('/api/v1/units/tinh/people/can.bo')).toEqual(['GET', 'PATCH']);
    expect(methodsOf('/api/v1/units/tinh/subtree')).toEqual(['GET']);
    expect(methodsOf('/api/v1/units/import')).toEqual(['POST']);
  });

  it('still finds a unit whose id has several segments', () => {
    expect(methodsOf('/api/v1/units/tinh/huyen/xa')).toEqual(['GET', 'PATCH']);
    expect(methodsOf('/api/v1/tasks/abc')).toEqual(['GET']);
    expect(methodsOf('/api/v1/tasks/abc/def')).toEqual([]);
  });

  it('gives the parameters of the path meant, not of another it matches', () => {
    const takes = routesFor(routes, '/api/v1/units/tinh/subtree').map((route) => [...(route.queries.get('GET') ?? [])]);
    expect(takes).toEqual([['depth']]);
  });
});
