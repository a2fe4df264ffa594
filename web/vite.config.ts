/** Builds the operations room's web app into dist/web, which the server serves at /ops. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/ops/',
  // Vite's own JSX transform (Oxc), pointed at Preact: no plugin needed.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
  },
  // `npm run dev:web` serves the page with hot reload against an Affluence running on :3000.
  server: {
    proxy: { '/v1': 'http://127.0.0.1:3000' },
  },
});
