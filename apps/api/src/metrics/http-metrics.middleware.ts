import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ApiMetrics } from './api-metrics';

/** The route label of a request no route matched (404s, requests refused before routing). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Times every request and records it by route template once the response is sent. Installed
 * first, so requests the hardening refuses (429, 413, 401) are counted too; those never reach a
 * route and are labelled {@link UNMATCHED_ROUTE}, which keeps the label set bounded.
 */
export function recordHttpMetrics(metrics: ApiMetrics): RequestHandler {
  return (request: Request, response: Response, next: NextFunction): void => {
    const stop = metrics.httpRequestDuration.startTimer();
    response.once('finish', () => {
      stop({ method: request.method, route: routeTemplateOf(request), status: String(response.statusCode) });
    });
    next();
  };
}

/** Express keeps the matched route on the request: its template, under the router's mount path. */
function routeTemplateOf(request: Request): string {
  const route: unknown = request.route;
  if (typeof route !== 'object' || route === null || !('path' in route) || typeof route.path !== 'string')
    return UNMATCHED_ROUTE;
  return `${request.baseUrl}${route.path}`;
}
