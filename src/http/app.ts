/**
 * Builds the HTTP API (without listening, so tests can `inject()`): schema-first routes under `/v1`,
 * bearer API keys, one error format, and the OpenAPI document at `/docs`.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { Authenticator } from '../app/api-keys.js';
import type { AppContext } from '../app/context.js';
import { BatchWriter, defaultIntakeOptions, type IntakeOptions } from '../intake/batch-writer.js';
import { limits } from '../limits.js';
import { installAuth } from './auth.js';
import { installErrorHandlers } from './errors.js';
import { adminRoutes } from './routes/admin.js';
import { catalogRoutes } from './routes/catalog.js';
import { inventoryRoutes } from './routes/inventory.js';
import { orderRoutes } from './routes/orders.js';

function validator(coerceTypes: boolean): Ajv {
  // Bodies are JSON and must carry the right types ("5" is not 5); query strings and paths are
  // text, so their numbers are coerced. Unknown body fields are refused, never silently dropped.
  const ajv = new Ajv({
    coerceTypes,
    useDefaults: true,
    removeAdditional: false,
    allErrors: false,
    strict: false,
  });
  addFormats.default(ajv);
  return ajv;
}

export interface BuildOptions {
  readonly logger?: FastifyServerOptions['logger'];
  readonly intake?: IntakeOptions;
}

export async function buildApp(ctx: AppContext, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: limits.bodyBytesMax,
    // Behind a load balancer the client address comes from it; rate limits (later) key on it.
    trustProxy: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const bodyValidator = validator(false);
  const textValidator = validator(true);
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? bodyValidator : textValidator).compile(schema),
  );

  // The API speaks JSON only: text bodies are refused (415) rather than half-parsed.
  app.removeContentTypeParser('text/plain');
  installErrorHandlers(app);
  const authenticator = new Authenticator(ctx);
  const intake = new BatchWriter(ctx, options.intake ?? defaultIntakeOptions);
  // Answers every order already queued before the server stops.
  app.addHook('onClose', () => intake.flush());
  installAuth(app, authenticator);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Affluence',
        version: '1',
        description:
          'The order management system for a shop’s peaks. Amounts are integers in minor units of the channel’s ISO 4217 currency; instants are UTC ISO 8601. Errors are `{error: {code, message, details}}`.',
      },
      components: {
        securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An Affluence API key' } },
      },
      security: [{ apiKey: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get(
    '/healthz',
    {
      schema: {
        hide: true,
        response: { 200: Type.Object({ status: Type.Literal('ok'), store: Type.String() }) },
      },
    },
    async () => ({ status: 'ok' as const, store: ctx.store.engine.name }),
  );

  await app.register(
    async (v1) => {
      await v1.register(catalogRoutes, { ctx });
      await v1.register(inventoryRoutes, { ctx });
      await v1.register(orderRoutes, { ctx, intake });
      await v1.register(adminRoutes, { ctx, authenticator });
    },
    { prefix: '/v1' },
  );
  await app.ready();
  return app;
}
