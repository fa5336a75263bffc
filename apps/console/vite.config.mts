// The console's build: React through Vite, into dist/console beside the compiled API, which
// serves it at `/` (apps/api/src/console/serve-console.ts). `npm run build` at the root runs it.
import path from 'node:path';
import { defineConfig } from 'vite';

const root = path.dirname(new URL(import.meta.url).pathname);

export default defineConfig({
  root,
  // JSX by Vite's own transformer (the React plugin adds only fast refresh, not needed to build).
  oxc: { jsx: { runtime: 'automatic' } },
  resolve: {
    // The domain's pure rules (task states, the working-day calendar), one vocabulary with the API.
    alias: { '@domain': path.resolve(root, '../../libs/domain/src') },
  },
  build: {
    outDir: path.resolve(root, '../../dist/console'),
    emptyOutDir: true,
    // The budget is measured in gzip by bench/console; this only keeps Vite from nagging.
    chunkSizeWarningLimit: 1_000,
    rolldownOptions: {
      // Mantine marks its modules "use client" for React Server Components; a browser bundle has none.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    // `npm run console:dev`: the API of `npm start` behind Vite's dev server.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
