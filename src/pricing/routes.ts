/** Prices and their history, sales, storefront prices with their reference price, the soldes periods. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../platform/audit/audit.js';
import type { AppContext } from '../platform/context.js';
import { limits } from '../platform/core/limits.js';
import { callerOf } from '../platform/http/auth.js';
import { sendFailure } from '../platform/http/errors.js';
import {
  AmountMinor,
  Code,
  errors,
  Id,
  Instant,
  Limit,
  literals,
  page,
  Text,
} from '../platform/http/schemas.js';
import {
  Compliance,
  ImportResult,
  PriceHistory,
  Sale,
  SaleSummary,
  SoldesPeriod,
  StorefrontPrice,
} from './contract.js';
import { basisPointsWhole, roundingRules } from './core/discount.js';
import { soldesSeasons } from './core/soldes.js';
import { saleKinds } from './core/timeline.js';
import { importPriceHistory, priceHistory, storefrontPrices } from './prices.js';
import { promoCodeRoutes } from './promo-codes/routes.js';
import { createSale, endSale, getSale, listSales, saleCompliance } from './sales.js';
import { listSoldesPeriods, putSoldesPeriod } from './soldes-periods.js';

const DiscountBp = Type.Integer({
  minimum: 1,
  maximum: basisPointsWhole,
  description: 'A reduction in basis points: 2500 is 25 %',
});
/** A date-time as people schedule it: local to `time_zone` (`2026-11-27T00:00`), or with an offset. */
const LocalDateTime = Type.String({
  minLength: 16,
  maxLength: 35,
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}',
  description: 'ISO 8601: on the wall clock of `time_zone` without an offset, or an instant with one',
});
const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const Reason = Text();

export const pricingRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  await app.register(promoCodeRoutes, { ctx });
  app.get(
    '/skus/:sku/price-history',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['pricing'],
        operationId: 'getPriceHistory',
        summary: 'Every price a SKU was sold at on a channel, with when and why',
        description:
          'The prices applied, oldest first: the base price and the sales over it, each from the instant it took effect; the one in force now has `to` null. Computed from the recorded history, the truth the current price is derived from.',
        params: Type.Object({ sku: Code }),
        querystring: Type.Object({ channel: Code }, { additionalProperties: false }),
        response: { 200: PriceHistory, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const result = await priceHistory(ctx, request.params.sku, request.query.channel);
      return result.ok ? { data: result.value } : sendFailure(reply, result);
    },
  );

  app.post(
    '/price-history/import',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['pricing'],
        operationId: 'importPriceHistory',
        summary: 'Import past prices, all or nothing',
        description: `Records prices that applied before the shop came to Affluence, so that reference prices rest on them. Instants in the past only; up to ${limits.priceImportRowsMax} rows per call. Every row is checked and every error named (row, field, message); nothing is written unless all are good (422 \`validation_failed\` with the same \`errors\`). With \`dry_run\`, nothing is written and \`imported\` says how many rows would be.`,
        body: Type.Object(
          {
            rows: Type.Array(
              Type.Object(
                { sku: Code, channel: Code, price: AmountMinor, effective_at: Instant },
                { additionalProperties: false },
              ),
              { minItems: 1, maxItems: limits.priceImportRowsMax },
            ),
            dry_run: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: {
          200: ImportResult,
          422: Type.Composite([
            ImportResult,
            Type.Object({
              error: Type.Object({
                code: Type.String(),
                message: Type.String(),
                details: Type.Optional(Type.Unknown()),
              }),
            }),
          ]),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const dryRun = request.body.dry_run === true;
      const result = await importPriceHistory(ctx, request.body.rows, { dryRun });
      if (result.errors.length === 0 || dryRun) return result;
      return reply.code(422).send({
        ...result,
        error: {
          code: 'validation_failed',
          message: `${result.errors.length} row error(s): nothing was imported.`,
          details: { errors: result.errors },
        },
      });
    },
  );

  app.get(
    '/prices/:sku',
    {
      config: { scope: 'storefront', admission: 'reads' },
      schema: {
        tags: ['pricing'],
        operationId: 'getPrice',
        summary: 'The price of a SKU on a channel now, ready to display',
        description:
          'The price in force now with its VAT and, during a sale, the reference price to strike through (the lowest of the 30 days before the reduction began) and the reduction from it. Read many SKUs at once with `POST /v1/prices`.',
        params: Type.Object({ sku: Code }),
        querystring: Type.Object({ channel: Code }, { additionalProperties: false }),
        response: { 200: StorefrontPrice, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const { sku } = request.params;
      const result = await storefrontPrices(ctx, request.query.channel, [sku]);
      if (!result.ok)
        return result.code === 'unknown_sku'
          ? sendFailure(reply, { ...result, code: 'not_found', message: `No sku ${sku}.` })
          : sendFailure(reply, result);
      return result.value[0]!;
    },
  );

  app.post(
    '/prices',
    {
      config: { scope: 'storefront', admission: 'reads', readOnlyExempt: true },
      schema: {
        tags: ['pricing'],
        operationId: 'getPrices',
        summary: `The prices of up to ${limits.storefrontPricesSkusMax} SKUs on a channel now, ready to display`,
        description:
          'The answer of `GET /v1/prices/{sku}` for many SKUs of one channel, for a category page or a cart.',
        body: Type.Object(
          {
            channel: Code,
            skus: Type.Array(Code, {
              minItems: 1,
              maxItems: limits.storefrontPricesSkusMax,
              uniqueItems: true,
            }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: Type.Array(StorefrontPrice) }), ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const result = await storefrontPrices(ctx, request.body.channel, request.body.skus);
      return result.ok ? { data: result.value } : sendFailure(reply, result);
    },
  );

  app.post(
    '/sales',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['pricing'],
        operationId: 'createSale',
        summary: 'Schedule a sale: it starts and ends on its second, by itself',
        description:
          'A sale gives its items a price of their own, or a percentage off (`discount_bp`, rounded down by `rounding`: `cent`, `x0` to .x0, `x9` to .x9) on its channels from `starts_at` to `ends_at`. Times without an offset are on the wall clock of `time_zone` (default Europe/Paris; a time the clocks skip is refused). An order pays the price in force at the instant it is accepted. Refused: a SKU already in another sale on a channel at an overlapping time (409 `sale_overlap`, naming it), a soldes sale outside a national period (422 `soldes_outside_period`), the word “soldes” in another kind of sale (422 `soldes_word_reserved`). The answer carries the check: reference prices, prices raised in the 30 days before, and for soldes the one-month rule.',
        body: Type.Object(
          {
            name: Text(),
            kind: literals(saleKinds),
            channels: Type.Array(Code, { minItems: 1, maxItems: limits.saleChannelsMax, uniqueItems: true }),
            starts_at: LocalDateTime,
            ends_at: LocalDateTime,
            time_zone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            discount_bp: Type.Optional(DiscountBp),
            rounding: Type.Optional(literals(roundingRules)),
            items: Type.Array(
              Type.Object(
                { sku: Code, price: Type.Optional(AmountMinor), discount_bp: Type.Optional(DiscountBp) },
                { additionalProperties: false },
              ),
              { minItems: 1, maxItems: limits.saleItemsMax },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: Sale, ...errors(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const result = await createSale(ctx, request.body);
      return result.ok ? reply.code(201).send(result.value) : sendFailure(reply, result);
    },
  );

  app.get(
    '/sales',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['pricing'],
        operationId: 'listSales',
        summary: 'Sales, the latest start first: scheduled, running and ended',
        description: 'Every sale with its status now, channels, item count and check.',
        querystring: Type.Object(
          { limit: Limit, cursor: Type.Optional(Type.String({ maxLength: 100 })) },
          { additionalProperties: false },
        ),
        response: { 200: page(SaleSummary), ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const result = await listSales(ctx, request.query);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.get(
    '/sales/:id',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['pricing'],
        operationId: 'getSale',
        summary: 'A sale with its items',
        description: 'The sale, its status now, its items and the check made when it was scheduled.',
        params: Type.Object({ id: Id }),
        response: { 200: Sale, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await getSale(ctx, request.params.id);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.post(
    '/sales/:id/end',
    {
      // A contingency switch: it must work in read-only mode.
      config: { scope: 'admin', readOnlyExempt: true, ownAuditEntry: true },
      schema: {
        tags: ['pricing'],
        operationId: 'endSale',
        summary: 'End a sale now (a contingency switch)',
        description:
          'Ends the sale at once, running or scheduled: from this instant its items are at their base price again. Written to the audit log with its reason; 409 `invalid_transition` if it has already ended.',
        params: Type.Object({ id: Id }),
        body: Type.Object({ reason: Reason }, { additionalProperties: false }),
        response: { 200: Sale, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(ctx, callerOf(request).apiKeyId);
      const result = await endSale(ctx, request.params.id, request.body.reason, actor);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.get(
    '/sales/:id/compliance',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['pricing'],
        operationId: 'getSaleCompliance',
        summary: 'The reference price of each item, what it rests on, and what a naive one would show',
        description:
          'For each item on each channel: the reference price (the lowest price applied in the 30 days before the reduction began, or for perishable goods the price before it), the prices and dates it rests on, the reduction from it, and the reduction a naive “price just before the sale” would have announced.',
        params: Type.Object({ id: Id }),
        response: { 200: Compliance, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await saleCompliance(ctx, request.params.id);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.get(
    '/soldes/periods',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['pricing'],
        operationId: 'listSoldesPeriods',
        summary: 'The national soldes periods of a year',
        description:
          'Winter and summer, computed from their rule (08:00 on the second Wednesday of January, or the first if the second falls after the 12th; 08:00 on the last Wednesday of June, or the one before if it falls after the 28th; four weeks each) unless a ministerial order set other dates (`source: override`).',
        querystring: Type.Object({ year: Year }, { additionalProperties: false }),
        response: { 200: Type.Object({ data: Type.Array(SoldesPeriod) }), ...errors(400, 401, 403) },
      },
    },
    async (request) => ({ data: await listSoldesPeriods(ctx, request.query.year) }),
  );

  app.put(
    '/soldes/periods/:year/:season',
    {
      config: { scope: 'admin', ownAuditEntry: true },
      schema: {
        tags: ['pricing'],
        operationId: 'putSoldesPeriod',
        summary: 'Set the dates a ministerial order gave a soldes period',
        description:
          'Replaces the rule’s dates for that year and season; times without an offset are on France’s wall clock. Written to the audit log with its reason.',
        params: Type.Object({ year: Year, season: literals(soldesSeasons) }),
        body: Type.Object(
          { starts_at: LocalDateTime, ends_at: LocalDateTime, reason: Reason },
          { additionalProperties: false },
        ),
        response: { 200: SoldesPeriod, ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const { year, season } = request.params;
      const actor = await actorOf(ctx, callerOf(request).apiKeyId);
      const result = await putSoldesPeriod(ctx, year, season, request.body, actor);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );
};
