/**
 * Registers the HTTP API over the live pieces the composition root built (`compose.ts`), without
 * listening: schema-first routes under `/v1`, bearer API keys, one error format, the request hooks in
 * one declared order, and the OpenAPI document at `/docs`.
 */

import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { adventRoutes, campaignRoutes, selectionRoutes } from '../campaigns/index.js';
import { catalogRoutes } from '../catalog/index.js';
import {
  exportRoutes,
  feedRoutes,
  importRoutes,
  orderSourceRoutes,
  webhookRoutes,
} from '../channels/index.js';
import {
  carrierRoutes,
  packingRoutes,
  savingsRoutes,
  shipmentRoutes,
  shortfallRoutes,
  warehouseRoutes,
} from '../fulfilment/index.js';
import { installAdmission, installWaitingRoom, intakeRoutes, waitingRoomRoutes } from '../intake/index.js';
import { incomingRoutes, inventoryRoutes } from '../inventory/index.js';
import {
  alertRoutes,
  contactRoutes,
  incidentRoutes,
  installSwitchGuards,
  opsPage,
  opsRoutes,
  switchRoutes,
} from '../ops/index.js';
import { orderRoutes } from '../orders/index.js';
import { paymentRoutes } from '../payments/index.js';
import { planRoutes } from '../planner/index.js';
import { hashKey } from '../platform/api-keys/api-keys.js';
import { auditAdminActions } from '../platform/audit/admin-actions.js';
import { fail } from '../platform/core/errors.js';
import { limits } from '../platform/core/limits.js';
import { installAuth } from '../platform/http/auth.js';
import { clientErrorHandler, connectionLimits } from '../platform/http/client-errors.js';
import {
  FailureError,
  frameworkErrorHandler,
  installErrorHandlers,
  pathParameterLengthMax,
} from '../platform/http/errors.js';
import { errors } from '../platform/http/schemas.js';
import { requestValidator } from '../platform/http/validation.js';
import { adminRoutes } from '../platform/routes.js';
import { pricingRoutes } from '../pricing/index.js';
import { privacyRoutes } from '../privacy/index.js';
import { returnRoutes } from '../returns/index.js';
import type { Runtime } from './compose.js';

export interface AppOptions {
  readonly logger?: FastifyServerOptions['logger'];
  /**
   * Requests per `rateLimitWindowMs`: `perKey` for each API key (0, the default, sets no budget: a
   * storefront often sends all its shoppers' traffic with one key), `perClient` for each address
   * sending requests without a key.
   */
  readonly rateLimits?: { readonly perKey?: number; readonly perClient?: number };
}

export async function buildApp(runtime: Runtime, options: AppOptions = {}): Promise<FastifyInstance> {
  const { ctx, switches, gate, metrics, writer, figures, room } = runtime;
  const faultInjection = runtime.options.faultInjection ?? false;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: limits.bodyBytesMax,
    // Time and size limits of each connection, and their refusals in the one error format.
    ...connectionLimits,
    clientErrorHandler,
    // Behind a load balancer the client address comes from it; the keyless rate limit counts by it.
    trustProxy: true,
    routerOptions: { maxParamLength: pathParameterLengthMax },
    frameworkErrors: frameworkErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const bodyValidator = requestValidator(false);
  const textValidator = requestValidator(true);
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? bodyValidator : textValidator).compile(schema),
  );

  // The API speaks JSON only: text bodies are refused (415) rather than half-parsed.
  app.removeContentTypeParser('text/plain');
  installErrorHandlers(app);
  app.addHook('onReady', async () => runtime.start(app.log));
  app.addHook('onClose', () => runtime.stop());

  // Every request meets its hooks in this order (Fastify runs the hooks of one kind in the order
  // they are added), and a route says by its config which apply to it:
  //   onRequest   1. the door of the peak path (`config.admission`): a request its path has no
  //                  room for is shed before anything else is spent on it
  //               2. rate limits, before anything is read, so that keyless floods count too
  //               3. authentication (`config.scope`)
  //               4. the switches: read-only mode (`config.readOnlyExempt`, `config.answersReplays`)
  //                  and drills' injected faults
  //               5. the waiting room (storefront routes)
  //   preHandler  6. a channel whose orders are stopped (`config.stopsWithChannel`), once the body
  //                  is validated and names its channel
  //   onResponse     the figures and the metrics
  if (runtime.admission !== undefined) installAdmission(app, runtime.admission);
  // Rate limits, before authentication so that keyless floods are counted too: a request with a
  // key counts against that key (by its hash: no lookup needed), one without against its address.
  const perKey = options.rateLimits?.perKey ?? 0;
  const perClient = options.rateLimits?.perClient ?? limits.rateLimitPerClientDefault;
  const bearer = (request: FastifyRequest) => request.headers.authorization;
  if (perKey > 0 || perClient > 0) {
    await app.register(rateLimit, { global: false, cache: limits.rateLimitEntriesMax });
    const limiter = app.rateLimit({
      timeWindow: limits.rateLimitWindowMs,
      // The plugin makes the key before it reads the allow list: without a per-key budget a keyed
      // request is let through on a constant key, and pays no hash.
      keyGenerator: (request) => {
        const header = bearer(request);
        if (header === undefined) return `client:${request.ip}`;
        return perKey === 0 ? 'key' : `key:${hashKey(header)}`;
      },
      max: (request) => (bearer(request) === undefined ? perClient : perKey),
      allowList: (request) => (bearer(request) === undefined ? perClient === 0 : perKey === 0),
      errorResponseBuilder: (_request, context) =>
        new FailureError(
          fail('rate_limited', `More than ${context.max} requests in ${context.after}; slow down.`, {
            limit: context.max,
            retry_after_s: Math.max(1, Math.ceil(context.ttl / 1000)),
          }),
        ),
    });
    app.addHook('onRequest', limiter);
  }
  installAuth(app, runtime.authenticator);
  installSwitchGuards(app, ctx, switches, { faultInjection });
  installWaitingRoom(app, gate);
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    figures.request(route, reply.statusCode, reply.elapsedTime);
  });

  // Each operation names, in the OpenAPI document, the scope its key needs (`x-scope`), from the
  // same route config the auth hook reads; a route without one needs no key (`security: []`).
  app.addHook('onRoute', (route) => {
    if (route.schema === undefined) return;
    const scope = route.config?.scope;
    // Not a literal: Fastify's schema type knows no OpenAPI extension; swagger copies any `x-` key.
    const documented =
      scope === undefined ? { ...route.schema, security: [] } : { ...route.schema, 'x-scope': scope };
    route.schema = documented;
  });
  auditAdminActions(app, ctx);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Affluence',
        version: '1',
        description:
          'The order management system for a shop’s peaks. Amounts are integers in minor units of the channel’s ISO 4217 currency; instants are UTC ISO 8601. Errors are `{error: {code, message, details}}`.',
      },
      // Each shop runs its own Affluence, so no host is named: the API is served where this
      // document is (what OpenAPI assumes without `servers`, said out loud for client generators).
      servers: [{ url: '/', description: 'The Affluence serving this document' }],
      // Every tag an operation uses, in the order the reference shows them.
      tags: [
        {
          name: 'catalog',
          description: 'Sales channels, stock locations, and SKUs with their price on each channel.',
        },
        {
          name: 'pricing',
          description:
            'Prices over time: the history, scheduled sales, VAT, the reference price a reduction must show (EU Directive 2019/2161) and the French soldes.',
        },
        {
          name: 'inventory',
          description:
            'Stock per location and its ledger of movements, the safety stock held back from each channel, availability to promise, purchase orders bringing stock in, and selling beyond stock (backorders and pre-orders) with the order lines waiting for it.',
        },
        {
          name: 'orders',
          description:
            'Checkout holds and orders: stock reserved all or nothing, and orders moved along placed → paid → fulfilling → shipped → delivered (then partially_returned and returned, as their returns come back).',
        },
        {
          name: 'payments',
          description:
            "Payments recorded per order (authorisations, captures, failures, refunds), the providers' signed webhooks, applied once each, and the payment timeout that returns unpaid orders' stock.",
        },
        {
          name: 'returns',
          description:
            'Returns of delivered orders: authorised within the channel’s window with a reason per line, their labels, received and inspected (resellable back on hand, damaged written off), refunded exactly against the order’s payments; each channel’s terms, and return rates by week, SKU and reason.',
        },
        {
          name: 'planner',
          description:
            'Peak plans made on the store’s history and kept: the demand forecast of a window with its intervals and back-test, stock to order per top seller, pickers, packers and agents, and the headroom against the capacity measured.',
        },
        {
          name: 'fulfilment',
          description:
            'From paid to the door: shipments (sourced, boxed, sent with the cheapest service that keeps the promise, and followed to delivery), the packaging they are boxed in, how near each location is to a destination, and the carriers’ services and rate cards.',
        },
        {
          name: 'channels',
          description:
            'Keeping the sales channels and the shop’s tools in step: webhooks fed from the outbox (signed, durable, in order per entity), bulk imports and exports.',
        },
        {
          name: 'events',
          description: 'The outbox: every state change in commit order, and how far each consumer has read.',
        },
        {
          name: 'api keys',
          description: 'The keys clients call with: `admin` may do everything, `storefront` sells.',
        },
        {
          name: 'peak',
          description: 'The waiting room that queues storefront visitors when the shop is at capacity.',
        },
        {
          name: 'operations',
          description:
            'The operations room: figures, the live overview, alert rules and alerts, incidents, the contingency switches and their audit log, and fault injection for drills.',
        },
        {
          name: 'campaigns',
          description:
            'Marketing: the campaign calendar and its scheduled publication, customer segments over their order history, product selections per segment, read live with stock and prices for banners and tabs, and the advent calendar whose doors customers open once a day.',
        },
        {
          name: 'privacy',
          description:
            'Customers’ data rights (GDPR): everything held on a customer exported, and their personal data erased behind a pseudonym while the orders, the ledger and the figures stay whole.',
        },
      ],
      components: {
        securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An Affluence API key' } },
      },
      security: [{ apiKey: [] }],
    },
  });
  // The pages people open in a browser, the operations room and the API docs, in a context of their
  // own with the browser's security headers: the API's JSON answers need none, and the peak path
  // pays nothing for them.
  await app.register(async (pages) => {
    await pages.register(helmet, {
      // Written out whole rather than helmet's defaults: its `upgrade-insecure-requests` would send a
      // page served over plain HTTP on this machine to HTTPS for its own scripts.
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Preact and uPlot set element styles from script; the bundles' sheets are the page's own.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      // Strict transport security is the TLS proxy's to send: this server speaks plain HTTP.
      strictTransportSecurity: false,
    });
    // The API docs' page sends its own policy: Swagger UI's, less its `upgrade-insecure-requests`
    // (see above) and letting no other site frame it.
    await pages.register(swaggerUi, {
      routePrefix: '/docs',
      staticCSP:
        "default-src 'self'; base-uri 'self'; font-src 'self' data:; frame-ancestors 'none'; img-src 'self' data:; object-src 'none'; script-src 'self'; script-src-attr 'none'; style-src 'self' 'unsafe-inline'",
    });
    await pages.register(opsPage);
  });

  app.get(
    '/metrics',
    {
      config: { scope: 'admin' },
      schema: {
        hide: true,
        summary: 'Figures in the Prometheus text format (scrape with an admin key as bearer token)',
        response: { 200: Type.String(), ...errors(401, 403) },
      },
    },
    async (_request, reply) =>
      reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );

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
      await v1.register(pricingRoutes, { ctx });
      await v1.register(inventoryRoutes, { ctx, freezes: runtime.freezes });
      await v1.register(incomingRoutes, { ctx });
      await v1.register(intakeRoutes, { intake: writer, observer: runtime.orderObserver });
      await v1.register(orderRoutes, { ctx });
      await v1.register(paymentRoutes, { ctx });
      await v1.register(returnRoutes, { ctx });
      await v1.register(warehouseRoutes, { ctx });
      await v1.register(carrierRoutes, { ctx });
      await v1.register(shipmentRoutes, { ctx });
      await v1.register(packingRoutes, { ctx });
      await v1.register(shortfallRoutes, { ctx });
      await v1.register(savingsRoutes, { ctx });
      await v1.register(webhookRoutes, { ctx });
      await v1.register(feedRoutes, { ctx });
      await v1.register(orderSourceRoutes, { ctx, processId: runtime.puller.processId });
      await v1.register(importRoutes, { ctx });
      await v1.register(exportRoutes, { ctx });
      await v1.register(adminRoutes, { ctx, authenticator: runtime.authenticator });
      await v1.register(waitingRoomRoutes, { ctx, gate });
      await v1.register(alertRoutes, { ctx });
      await v1.register(incidentRoutes, { ctx });
      await v1.register(contactRoutes, { ctx });
      await v1.register(planRoutes, { ctx });
      await v1.register(switchRoutes, { ctx, switches, faultInjection });
      await v1.register(opsRoutes, { ctx, room });
      await v1.register(selectionRoutes, { ctx, freezes: runtime.freezes });
      await v1.register(campaignRoutes, { ctx });
      await v1.register(adventRoutes, { ctx });
      await v1.register(privacyRoutes, { ctx });
    },
    { prefix: '/v1' },
  );
  await app.ready();
  return app;
}
