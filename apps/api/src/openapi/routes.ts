import type { OpenAPIObject } from '@nestjs/swagger';
import type { ParameterObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

/** One documented path: how to recognise it, and what each of its methods takes in the query. */
export interface DocumentedRoute {
  readonly matcher: RegExp;
  /**
   * How many of its segments are fixed words: of the paths a request matches, those with the most
   * win. `/units/import` is that operation, not a unit named `import`; `/units/a/people` is unit
   * a's people, not a unit named `a/people` (unit ids span segments, so both match) — as Nest's
   * routing already decides for GET, whose specific routes are declared first.
   */
  readonly literalSegments: number;
  /** Upper-case method → the names of its query parameters. */
  readonly queries: ReadonlyMap<string, ReadonlySet<string>>;
}

/** A documented path as a matcher; unit ids (`/units/{id}`) span segments, other parameters one. */
function matcherOf(path: string): RegExp {
  const pattern = path
    .split(/(\{[^}]+\})/)
    .map((part) =>
      part.startsWith('{')
        ? path.startsWith('/api/v1/units/')
          ? '.+'
          : '[^/]+'
        : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${pattern}/?$`);
}

/** The document's paths, for middleware that holds requests to it. */
export function documentedRoutes(document: OpenAPIObject): DocumentedRoute[] {
  return Object.entries(document.paths).map(([path, item]) => {
    const queries = new Map<string, Set<string>>();
    for (const method of METHODS) {
      const operation = (item as Record<string, { parameters?: ParameterObject[] } | undefined>)[method];
      if (operation === undefined) continue;
      queries.set(
        method.toUpperCase(),
        new Set((operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name)),
      );
    }
    const literalSegments = path.split('/').filter((segment) => segment !== '' && !segment.includes('{')).length;
    return { matcher: matcherOf(path), literalSegments, queries };
  });
}

/** The routes `path` is one of: of those it matches, the ones with the most fixed words. */
export function routesFor(routes: readonly DocumentedRoute[], path: string): DocumentedRoute[] {
  const matching = routes.filter((route) => route.matcher.test(path));
  const most = Math.max(0, ...matching.map((route) => route.literalSegments));
  return matching.filter((route) => route.literalSegments === most);
}
