/** Serves the operations room's web app (built into dist/web) at /ops, every page path falling back to it. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { sendError } from '../platform/http/errors.js';

// Two levels up from both src/http (tests run the sources) and dist/http (the built server): the
// same dist/web either way.
const webRoot = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/** Vite puts every bundle under assets/ with a content hash in its name: they never change. */
const assetPath = /^assets\/[\w-]+\.[\w.]+$/;

/**
 * The page needs no key: it holds no data, and asks for the admin key itself before any API call.
 * Its paths are the app's own routes (/ops/orders/ord_…), so any path that is not a bundle answers
 * index.html and the app routes in the browser.
 */
export const opsPage: FastifyPluginAsync = async (app) => {
  const page = { schema: { hide: true } };
  app.get('/ops', page, (_request, reply) => reply.redirect('/ops/', 301));

  if (!existsSync(`${webRoot}index.html`)) {
    app.get('/ops/*', page, (_request, reply) =>
      sendError(reply, 'not_found', 'The operations page is not built: run `npm run build`.'),
    );
    return;
  }
  await app.register(fastifyStatic, { root: webRoot, serve: false });
  app.get('/ops/*', page, (request, reply) => {
    const path = (request.params as { '*': string })['*'];
    if (assetPath.test(path)) return reply.sendFile(path, { immutable: true, maxAge: '365d' });
    // A new build must reach wall screens at their next load: the page itself is never cached.
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  });
};
