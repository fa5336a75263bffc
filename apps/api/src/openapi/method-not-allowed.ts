import type { OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

/** A documented path as a matcher; unit ids (`/units/{id}`) span segments, other parameters one. */
function matcherOf(path: string): RegExp {
  const pattern = path
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? (path.startsWith('/api/v1/units/') ? '.+' : '[^/]+') : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}/?$`);
}

/**
 * Answers 405 with `Allow` when the path is one the API serves but not with this method
 * (RFC 9110 §15.5.6), where the router alone would say 404 as for a path that does not exist.
 * The paths and methods are those of the OpenAPI document, so the two cannot disagree.
 */
export function methodNotAllowed(document: OpenAPIObject): (req: Request, res: Response, next: NextFunction) => void {
  const routes = Object.entries(document.paths).map(([path, item]) => ({
    matcher: matcherOf(path),
    literal: !path.includes('{'),
    methods: METHODS.filter((m) => (item as Record<string, unknown>)[m] !== undefined).map((m) => m.toUpperCase()),
  }));
  return (req, res, next) => {
    let matching = routes.filter((route) => route.matcher.test(req.path));
    if (matching.length === 0) return next();
    // `/units/import` is that operation's path, not a unit id.
    if (matching.some((route) => route.literal)) matching = matching.filter((route) => route.literal);
    const allowed = new Set(matching.flatMap((route) => route.methods));
    if (allowed.has('GET')) allowed.add('HEAD');
    if (allowed.has(req.method)) return next();
    const allow = [...allowed].join(', ');
    res.setHeader('Allow', allow);
    res.status(405).json({ statusCode: 405, error: 'Method Not Allowed', message: `${req.method} is not served on ${req.path}; use ${allow}` });
  };
}
