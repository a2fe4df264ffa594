/** Stock receipts and adjustments, stock per location with its ledger, and availability to promise. */

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../platform/audit/audit.js';
import type { AppContext } from '../platform/context.js';
import { limits } from '../platform/core/limits.js';
import { callerOf } from '../platform/http/auth.js';
import { sendFailure } from '../platform/http/errors.js';
import { Code, errors, Id, Limit, Position, page, Text } from '../platform/http/schemas.js';
import { type AvailabilityFreezes, AvailabilityReader } from './availability.js';
import { listBuffers, putBuffer } from './buffers.js';
import { Availability, ChannelBuffer, Hold, Movement, Reconciliation, SkuBuffer, Stock } from './contract.js';
import { getHold, releaseHold } from './holds.js';
import { adjustStock, getStock, listMovements, receiveStock, reconcileStock } from './stock.js';

export const inventoryRoutes: FastifyPluginAsyncTypebox<{
  ctx: AppContext;
  freezes: AvailabilityFreezes;
}> = async (app, { ctx, freezes }) => {
  const HoldId = Type.Object({ id: Id });
  const availabilityReader = new AvailabilityReader(ctx, freezes);
  app.post(
    '/stock/receipts',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['inventory'],
        operationId: 'receiveStock',
        summary: 'Record stock arriving at a location',
        description:
          'Adds the units to the SKU’s stock on hand at the location and writes a receipt, with its reference if any, to the ledger; answers the SKU’s stock. Use it when goods arrive. During a running soldes sale of the SKU, restocking it is refused (409 `soldes_no_restock`: soldes sell off goods held before them) unless the receipt carries `override` with a reason, written to the audit log.',
        body: Type.Object(
          {
            sku: Code,
            location: Code,
            quantity: Type.Integer({ minimum: 1, maximum: limits.stockQuantityMax }),
            reference: Type.Optional(Text()),
            override: Type.Optional(Type.Object({ reason: Text() }, { additionalProperties: false })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Stock, ...errors(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const result = await receiveStock(ctx, request.body, await actorOf(ctx, callerOf(request).apiKeyId));
      return result.ok ? reply.code(201).send(result.value) : sendFailure(reply, result);
    },
  );

  app.post(
    '/stock/adjustments',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['inventory'],
        operationId: 'adjustStock',
        summary: 'Correct stock on hand (a count, damage, loss), with a reason',
        description:
          'Adds or removes units on hand at a location and writes the adjustment and its reason to the ledger; answers the SKU’s stock. On hand never falls below what is reserved (409 `insufficient_stock`).',
        body: Type.Object(
          {
            sku: Code,
            location: Code,
            delta: Type.Integer({
              minimum: -limits.stockQuantityMax,
              maximum: limits.stockQuantityMax,
              not: { const: 0 },
            }),
            reason: Text(),
          },
          { additionalProperties: false },
        ),
        response: { 201: Stock, ...errors(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const result = await adjustStock(ctx, request.body);
      return result.ok ? reply.code(201).send(result.value) : sendFailure(reply, result);
    },
  );

  app.get(
    '/stock/:sku',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['inventory'],
        operationId: 'getStock',
        summary: 'Stock of a SKU per location: on hand, reserved, available',
        description:
          'On hand, reserved and available for the SKU, in total and per location, for the back office; a storefront reads availability instead.',
        params: Type.Object({ sku: Code }),
        response: { 200: Stock, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await getStock(ctx, request.params.sku);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.get(
    '/stock/:sku/movements',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['inventory'],
        operationId: 'listStockMovements',
        summary: "The SKU's stock movement ledger: it always sums to on hand",
        description:
          'A page of the SKU’s movements, oldest first: receipts, adjustments and shipments, which add up to on hand. Use it to see why stock is what it is.',
        params: Type.Object({ sku: Code }),
        querystring: Type.Object(
          { cursor: Type.Optional(Position), limit: Limit },
          { additionalProperties: false },
        ),
        response: { 200: page(Movement), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await listMovements(ctx, request.params.sku, request.query);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.get(
    '/stock/:sku/reconciliation',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['inventory'],
        operationId: 'reconcileStock',
        summary: 'Audit a SKU: on hand against its ledger, reserved against open orders and active holds',
        description:
          'Per location, on hand against the sum of the ledger and reserved against what open orders and active holds reserve; `balanced` is true when every figure agrees. Every figure comes from one snapshot of the store, so it may run while orders are taken. Use it after an incident, or to audit the books.',
        params: Type.Object({ sku: Code }),
        response: { 200: Reconciliation, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await reconcileStock(ctx, request.params.sku);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.get(
    '/availability/:sku',
    {
      config: { scope: 'storefront', admission: 'reads' },
      schema: {
        tags: ['inventory'],
        operationId: 'getAvailability',
        summary: 'Available to promise of a SKU on a channel, at this moment',
        description:
          'How many units of the SKU the channel may sell now: on hand less reserved over the locations that ship for it, less its buffer, never below 0. For a product page; read many SKUs at once with `POST /v1/availability`.',
        params: Type.Object({ sku: Code }),
        querystring: Type.Object({ channel: Code }, { additionalProperties: false }),
        response: { 200: Availability, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const { sku } = request.params;
      const result = await availabilityReader.read(request.query.channel, [sku]);
      if (!result.ok) {
        // One SKU named in the path that does not exist is a missing resource.
        return result.code === 'unknown_sku'
          ? sendFailure(reply, { ...result, code: 'not_found', message: `No sku ${sku}.` })
          : sendFailure(reply, result);
      }
      return { ...result.value[0]!, channel: request.query.channel };
    },
  );

  app.post(
    '/availability',
    {
      // A read that carries its SKUs in a body: read-only mode lets it through like any read.
      config: { scope: 'storefront', admission: 'reads', readOnlyExempt: true },
      schema: {
        tags: ['inventory'],
        operationId: 'getAvailabilityForSkus',
        summary: `Available to promise of up to ${limits.availabilitySkusMax} SKUs on a channel, at this moment`,
        description:
          'The availability of `GET /v1/availability/{sku}` for many SKUs of one channel in one call, for a cart or a category page. It is a read, so read-only mode lets it through.',
        body: Type.Object(
          {
            channel: Code,
            skus: Type.Array(Code, { minItems: 1, maxItems: limits.availabilitySkusMax, uniqueItems: true }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ channel: Type.String(), data: Type.Array(Availability) }),
          ...errors(400, 401, 403, 422),
        },
      },
    },
    async (request, reply) => {
      const { channel, skus } = request.body;
      const result = await availabilityReader.read(channel, skus);
      if (!result.ok) return sendFailure(reply, result);
      return { channel, data: result.value.map((item) => ({ ...item, channel })) };
    },
  );

  app.get(
    '/holds/:id',
    {
      config: { scope: 'storefront' },
      schema: {
        tags: ['orders'],
        operationId: 'getHold',
        summary: 'Read a hold',
        description:
          'The hold with its status, expiry and lines (the location each is reserved at); a storefront key sees only the holds it took, another’s answers 404.',
        params: HoldId,
        response: { 200: Hold, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await getHold(ctx, request.params.id, callerOf(request));
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.delete(
    '/holds/:id',
    {
      config: { scope: 'storefront' },
      schema: {
        tags: ['orders'],
        operationId: 'releaseHold',
        summary: 'Release a hold now; its stock returns',
        description:
          'Ends an active hold at once and returns its stock to availability, for a buyer who leaves the checkout. A hold no longer active answers 409 `hold_not_active`.',
        params: HoldId,
        response: { 200: Hold, ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const result = await releaseHold(ctx, request.params.id, callerOf(request));
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.get(
    '/channels/:code/buffers',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['inventory'],
        operationId: 'listBuffers',
        summary: 'The safety stock held back from a channel, SKU by SKU',
        description:
          'A page of the channel’s buffers, one per SKU with the units the channel may not sell, to review what it holds back.',
        params: Type.Object({ code: Code }),
        querystring: Type.Object(
          { cursor: Type.Optional(Code), limit: Limit },
          { additionalProperties: false },
        ),
        response: { 200: page(SkuBuffer), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await listBuffers(ctx, request.params.code, request.query);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.put(
    '/channels/:code/buffers/:sku',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['inventory'],
        operationId: 'putBuffer',
        summary: 'Hold back safety stock of a SKU from a channel',
        description:
          'Sets how many units of the SKU the channel never sells (0 holds nothing back); its availability changes at once. Use it for a channel that punishes cancellations, such as a marketplace.',
        params: Type.Object({ code: Code, sku: Code }),
        body: Type.Object(
          { quantity: Type.Integer({ minimum: 0, maximum: limits.stockQuantityMax }) },
          { additionalProperties: false },
        ),
        response: { 200: ChannelBuffer, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await putBuffer(ctx, request.params.code, request.params.sku, request.body.quantity);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );
};
