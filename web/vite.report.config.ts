/**
 * Builds the standalone readiness report into dist/report: one HTML page, one script and one style
 * sheet, which `planHtml` (src/planner/report/html.ts) inlines with a plan into report.html, a file
 * that opens from disk with no server and no network.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('report'),
  // Relative paths: the built page also opens from disk before it is inlined.
  base: './',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: here('../dist/report'),
    emptyOutDir: true,
    target: 'es2022',
    // Everything in one script and one style sheet, and no asset left as a file to fetch.
    cssCodeSplit: false,
    assetsInlineLimit: Number.MAX_SAFE_INTEGER,
    modulePreload: false,
    rolldownOptions: { output: { codeSplitting: false } },
  },
});
