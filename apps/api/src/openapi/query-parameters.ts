import type { OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { requestContextOf } from '../http/request-context';
import { PUBLIC_PATHS } from './complete-document';
import { documentedRoutes, routesFor } from './routes';
import { sendError } from '../errors/send-error';

/**
 * Refuses, with 400 naming each, query parameters the operation does not take (a misspelt
 * filter, `?stauts=open`, would otherwise be ignored and answer everything), parameters sent
 * empty (`status=`, `directiveId=`), which name no value (leave a filter out to not filter),
 * and parameters sent twice, which handlers would otherwise receive as an array.
 * The parameters each operation takes are those of the OpenAPI document.
 */
export function checkQueryParameters(
  document: OpenAPIObject,
): (req: Request, res: Response, next: NextFunction) => void {
  const routes = documentedRoutes(document);
  return (req, res, next) => {
    const query = req.originalUrl.indexOf('?');
    if (query < 0) return next();
    // Who calls is checked first: without a token the answer is 401, whatever the query.
    if (requestContextOf(res)?.authentication.kind !== 'principal' && !PUBLIC_PATHS.has(req.path)) return next();
    const takes = routesFor(routes, req.path).flatMap(
      (route) => route.queries.get(req.method === 'HEAD' ? 'GET' : req.method) ?? [],
    );
    if (takes.length === 0) return next();
    // Should two documented paths tie for the request, either's parameters pass.
    const known = new Set(takes.flatMap((names) => [...names]));
    const errors: { field: string; problem: string }[] = [];
    const seen = new Set<string>();
    for (const [name, value] of new URLSearchParams(req.originalUrl.slice(query + 1))) {
      if (errors.some((e) => e.field === name)) continue;
      if (seen.has(name)) {
        errors.push({ field: name, problem: 'must be sent once (several values are separated by commas)' });
        continue;
      }
      seen.add(name);
      if (!known.has(name)) {
        errors.push({
          field: name,
          problem: `is not a query parameter of this endpoint${known.size > 0 ? ` (it takes ${[...known].join(', ')})` : ' (it takes none)'}`,
        });
      } else if (value === '') {
        errors.push({ field: name, problem: 'must not be empty: leave the parameter out to not filter by it' });
      }
    }
    if (errors.length === 0) return next();
    sendError(req, res, {
      statusCode: 400,
      error: 'Bad Request',
      message: errors.map((e) => `${e.field}: ${e.problem}`).join('; '),
      errors,
    });
  };
}
