/**
 * Builds the HTTP API (without listening, so tests can `inject()`): schema-first routes under `/v1`,
 * bearer API keys, one error format, and the OpenAPI document at `/docs`.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import underPressure from '@fastify/under-pressure';
import { Type } from '@sinclair/typebox';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { Authenticator } from '../app/api-keys.js';
import type { AppContext } from '../app/context.js';
import { changeRoom } from '../app/waiting-room.js';
import { statusOf } from '../core/errors.js';
import { BatchWriter, defaultIntakeOptions, type IntakeOptions } from '../intake/batch-writer.js';
import { WaitingRoomGate } from '../intake/waiting-room.js';
import { limits } from '../limits.js';
import { installAuth } from './auth.js';
import { installErrorHandlers } from './errors.js';
import { adminRoutes } from './routes/admin.js';
import { catalogRoutes } from './routes/catalog.js';
import { inventoryRoutes } from './routes/inventory.js';
import { orderRoutes } from './routes/orders.js';
import { waitingRoomRoutes } from './routes/waiting-room.js';
import { installWaitingRoom } from './waiting-room.js';

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

/**
 * When the intake sheds orders and the room is set to open itself, it opens, at most once a second
 * per process; a failure to open is logged, never thrown at a buyer.
 */
function openRoomOnOverload(ctx: AppContext, gate: WaitingRoomGate, log: FastifyBaseLogger): () => void {
  let lastTryMs = 0;
  return () => {
    const now = ctx.clock.now();
    if (now - lastTryMs < limits.roomStateCacheMs) return;
    lastTryMs = now;
    void gate
      .current()
      .then(async (state) => {
        if (!state.autoEnable || state.enabled) return;
        await changeRoom(
          ctx,
          { enabled: true },
          { by: 'intake', reason: 'orders were shed: the intake is full' },
        );
        gate.forget();
        log.warn('the waiting room opened itself: orders were being shed');
      })
      .catch((error: unknown) => log.error({ err: error }, 'could not open the waiting room'));
  };
}

export interface BuildOptions {
  readonly logger?: FastifyServerOptions['logger'];
  readonly intake?: IntakeOptions;
  /**
   * Shed storefront reads (503) while the event loop lags past `eventLoopDelayShedMs`. A serving
   * policy: `affluence serve` turns it on; tests of other behaviour leave it off, as their own
   * process's load would shed their reads.
   */
  readonly shedReadsUnderPressure?: boolean;
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
  // Authentication first: the waiting room gates storefront keys, never admin keys.
  installAuth(app, authenticator);
  if (options.shedReadsUnderPressure === true) {
    await app.register(underPressure, {
      maxEventLoopDelay: limits.eventLoopDelayShedMs,
      sampleInterval: limits.eventLoopSampleMs,
      // Only storefront reads are shed here: orders and holds have the intake's own shedding, and an
      // admin flipping a contingency switch must get through.
      // The plugin sends what the handler returns, and lets the request through when it returns nothing.
      pressureHandler: ((request: FastifyRequest, reply: FastifyReply) => {
        if (request.routeOptions.config.shedFirst !== true) return undefined;
        reply.code(statusOf('overloaded')).header('retry-after', '1');
        return {
          error: {
            code: 'overloaded',
            message: 'Affluence is busy taking orders; retry this read shortly.',
            details: { retry_after_s: 1 },
          },
        };
      }) as unknown as () => void,
    });
  }
  const gate = new WaitingRoomGate(ctx);
  installWaitingRoom(app, gate);
  const intake = new BatchWriter(
    ctx,
    options.intake ?? defaultIntakeOptions,
    openRoomOnOverload(ctx, gate, app.log),
  );
  // Answers every order already queued before the server stops.
  app.addHook('onClose', () => intake.flush());

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
      await v1.register(waitingRoomRoutes, { ctx, gate });
    },
    { prefix: '/v1' },
  );
  await app.ready();
  return app;
}
