import type { NextFunction, Request, Response } from 'express';

/** Headers every answer carries: the API serves JSON that no browser should frame, sniff or cache. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-site',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-DNS-Prefetch-Control': 'off',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'Cache-Control': 'no-store',
};

/** The OpenAPI page is a small web app: its own scripts, styles (some inline) and images. */
const DOCS_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Sets {@link SECURITY_HEADERS}, with a content policy that lets the docs page run under
 * `docsPath`, and drops the header that advertises the framework.
 */
export function securityHeadersMiddleware(docsPath = '/api/docs'): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (req.path === docsPath || req.path.startsWith(`${docsPath}/`)) {
      res.setHeader('Content-Security-Policy', DOCS_CSP);
      res.removeHeader('Cache-Control');
    }
    res.removeHeader('X-Powered-By');
    next();
  };
}
