import type { NextFunction, Request, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

type Middleware = (req: Request, res: Response, next: NextFunction) => void;

/** The API serves JSON that no browser should run, frame or send anywhere. */
const API_CONTENT_POLICY = {
  defaultSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
};

/** The OpenAPI page is a small web app: its own scripts, styles (some inline) and images. */
const DOCS_CONTENT_POLICY = {
  ...API_CONTENT_POLICY,
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
};

/**
 * The console (everything outside /api): its own scripts and styles (the component library sets
 * style attributes), calls to this API, and — in oidc mode — to the identity provider, also in
 * the hidden frame its silent renewal uses.
 */
function consoleContentPolicy(providerOrigins: string[]): Record<string, string[]> {
  return {
    ...DOCS_CONTENT_POLICY,
    connectSrc: ["'self'", ...providerOrigins],
    // The renewal frame opens at the provider and is sent back to the console's own page.
    frameSrc: providerOrigins.length > 0 ? ["'self'", ...providerOrigins] : ["'none'"],
    formAction: ["'self'", ...providerOrigins],
    fontSrc: ["'self'", 'data:'],
  };
}

/**
 * The console's silent-renewal page (oidc-client-ts's `silent_redirect_uri`): the provider sends
 * its answer there inside a hidden frame of the console, so the console's own origin may frame
 * it; every other page stays unframeable.
 */
export const SILENT_RENEW_PATH = '/sign-in/silent';

/** helmet's headers, each set as this API needs it (helmet's defaults allow framing from the same origin, for one). */
function helmetOptions(directives: Record<string, string[]>, framing: 'deny' | 'sameorigin' = 'deny'): HelmetOptions {
  return {
    contentSecurityPolicy: { useDefaults: false, directives },
    frameguard: { action: framing },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-site' },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    xDnsPrefetchControl: { allow: false },
  };
}

/**
 * Security headers on every answer, errors included, by helmet, with a content policy that lets
 * the docs page run under `docsPath` and the console outside `/api`. helmet has no Permissions-Policy and no caching headers, so
 * those two are set here: answers are personal data that no cache should keep (the docs page
 * may be cached).
 */
export function securityHeadersMiddleware(docsPath = '/api/docs', providerOrigins: string[] = []): Middleware {
  const api = helmet(helmetOptions(API_CONTENT_POLICY));
  const docs = helmet(helmetOptions(DOCS_CONTENT_POLICY));
  const consolePages = helmet(helmetOptions(consoleContentPolicy(providerOrigins)));
  const silentRenewPage = helmet(
    helmetOptions({ ...consoleContentPolicy(providerOrigins), frameAncestors: ["'self'"] }, 'sameorigin'),
  );
  return (req, res, next) => {
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (req.path === SILENT_RENEW_PATH) return silentRenewPage(req, res, next);
    if (req.path === docsPath || req.path.startsWith(`${docsPath}/`)) return docs(req, res, next);
    if (req.path !== '/api' && !req.path.startsWith('/api/')) return consolePages(req, res, next);
    res.setHeader('Cache-Control', 'no-store');
    api(req, res, next);
  };
}
