import type { OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { documentedRoutes, routesFor } from './routes';
import { sendError } from '../errors/send-error';

/**
 * Answers 405 with `Allow` when the path is one the API serves but not with this method
 * (RFC 9110 §15.5.6), where the router alone would say 404 as for a path that does not exist.
 * The paths and methods are those of the OpenAPI document, so the two cannot disagree.
 */
export function methodNotAllowed(document: OpenAPIObject): (req: Request, res: Response, next: NextFunction) => void {
  const routes = documentedRoutes(document);
  return (req, res, next) => {
    const matching = routesFor(routes, req.path);
    if (matching.length === 0) return next();
    const allowed = new Set(matching.flatMap((route) => [...route.queries.keys()]));
    if (allowed.has('GET')) allowed.add('HEAD');
    if (allowed.has(req.method)) return next();
    const allow = [...allowed].join(', ');
    res.setHeader('Allow', allow);
    sendError(req, res, {
      statusCode: 405,
      error: 'Method Not Allowed',
      message: `${req.method} is not served on ${req.path}; use ${allow}`,
    });
  };
}
