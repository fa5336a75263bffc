import { existsSync } from 'node:fs';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/**
 * Where `npm run build` puts the console (vite's outDir, apps/console/vite.config.mts): beside
 * the compiled API, so the built tree is all a deployment needs.
 */
export const CONSOLE_DIRECTORY = path.resolve(__dirname, '../../../../console');

/**
 * Serves the built console at `/`: its files as they are, and its index page for any other GET
 * a browser makes outside `/api` (a client route such as `/tasks/<id>` opened directly). The
 * API's own paths are never answered here. Without a built console nothing is served.
 */
export function serveConsole(app: NestExpressApplication, directory = CONSOLE_DIRECTORY): boolean {
  const indexPage = path.join(directory, 'index.html');
  if (!existsSync(indexPage)) return false;
  app.useStaticAssets(directory, { index: false, fallthrough: true });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const forApi = req.path === '/api' || req.path.startsWith('/api/');
    if (forApi || (req.method !== 'GET' && req.method !== 'HEAD') || !req.accepts('html')) return next();
    res.sendFile(indexPage);
  });
  return true;
}
