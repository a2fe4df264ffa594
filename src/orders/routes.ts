/** Checkout holds and orders: capture (idempotent, all or nothing), reading, and the order process. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { BatchWriter } from '../intake/batch-writer.js';
import { getHold, releaseHold } from '../inventory/holds.js';
import type { AppContext } from '../platform/context.js';
import { limits } from '../platform/core/limits.js';
import { callerOf } from '../platform/http/auth.js';
import { sendError, sendFailure } from '../platform/http/errors.js';
import {
  Address,
  Code,
  errors,
  Hold,
  Id,
  Instant,
  Limit,
  Lines,
  Name,
  Order,
  page,
  Text,
} from '../platform/http/schemas.js';
import { orderStatuses } from './core/order-process.js';
import { getOrder, listOrders, orderEvents, transitionOrder } from './orders.js';

/** Who hears of each order placed or refused: the Prometheus figures and the minute figures. */
export interface OrderObserver {
  orderPlaced(channel: string, currency: string, totalMinor: number): void;
  orderRefused(reason: string): void;
}

const OrderStatus = Type.Union(orderStatuses.map((status) => Type.Literal(status)));
const OrderId = Type.Object({ id: Id });

export const orderRoutes: FastifyPluginAsyncTypebox<{
  ctx: AppContext;
  intake: BatchWriter;
  observer: OrderObserver;
}> = async (app, { ctx, intake, observer }) => {
  app.post(
    '/holds',
    {
      config: { scope: 'storefront' },
      schema: {
        tags: ['orders'],
        summary: 'Reserve stock for a checkout; it returns by itself when the hold expires',
        body: Type.Object(
          {
            channel: Code,
            lines: Lines,
            ttl_s: Type.Integer({ minimum: limits.holdTtlSecondsMin, maximum: limits.holdTtlSecondsMax }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Hold, ...errors(400, 401, 403, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const result = await intake.submit({ kind: 'hold', input: request.body, caller: callerOf(request) });
      return result.ok ? reply.code(201).send(result.value) : sendFailure(reply, result);
    },
  );

  app.get(
    '/holds/:id',
    {
      config: { scope: 'storefront' },
      schema: {
        tags: ['orders'],
        summary: 'Read a hold',
        params: OrderId,
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
        summary: 'Release a hold now; its stock returns',
        params: OrderId,
        response: { 200: Hold, ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const result = await releaseHold(ctx, request.params.id, callerOf(request));
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.post(
    '/orders',
    {
      config: { scope: 'storefront' },
      schema: {
        tags: ['orders'],
        summary: 'Place an order: every line reserved, or nothing changes',
        description:
          'Requires `Idempotency-Key`. The same key with the same body answers the first answer again and changes nothing; with another body it is refused (422). A refused order (409) records nothing, so its retry is tried afresh.',
        headers: Type.Object({
          'idempotency-key': Type.Optional(
            Type.String({ minLength: 1, maxLength: limits.idempotencyKeyLengthMax }),
          ),
        }),
        body: Type.Object(
          {
            channel: Code,
            external_id: Type.Optional(Text()),
            customer: Type.Object(
              {
                email: Type.String({ format: 'email', maxLength: limits.nameLengthMax }),
                name: Type.Optional(Name),
              },
              { additionalProperties: false },
            ),
            shipping_address: Address,
            lines: Lines,
            hold_id: Type.Optional(Id),
          },
          { additionalProperties: false },
        ),
        response: { 201: Order, ...errors(400, 401, 403, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      if (key === undefined) {
        return sendError(
          reply,
          'idempotency_key_missing',
          'Send an `Idempotency-Key` header, unique per order attempt.',
        );
      }
      const result = await intake.submit({
        kind: 'order',
        input: request.body,
        idempotencyKey: key,
        caller: callerOf(request),
      });
      if (!result.ok) {
        observer.orderRefused(result.code);
        return sendFailure(reply, result);
      }
      if (result.value.replayed) reply.header('idempotent-replayed', 'true');
      else
        observer.orderPlaced(
          result.value.order.channel,
          result.value.order.currency,
          result.value.order.total,
        );
      return reply.code(201).send(result.value.order);
    },
  );

  app.get(
    '/orders/:id',
    {
      config: { scope: 'storefront' },
      schema: {
        tags: ['orders'],
        summary: 'Read an order',
        params: OrderId,
        response: { 200: Order, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await getOrder(ctx, request.params.id, callerOf(request));
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.get(
    '/orders',
    {
      config: { scope: 'storefront' },
      schema: {
        tags: ['orders'],
        summary: 'List orders, oldest first; a storefront key sees its own',
        querystring: Type.Object(
          {
            status: Type.Optional(OrderStatus),
            channel: Type.Optional(Code),
            created_after: Type.Optional(Instant),
            q: Type.Optional({
              ...Text(limits.searchQueryLengthMax),
              description: 'An order number, or a customer’s email (any case)',
            }),
            order: Type.Optional(
              Type.Union([Type.Literal('oldest'), Type.Literal('newest')], {
                default: 'oldest',
                description: 'Oldest first (to follow new orders page by page) or newest first',
              }),
            ),
            cursor: Type.Optional(Id),
            limit: Limit,
          },
          { additionalProperties: false },
        ),
        response: { 200: page(Order), ...errors(400, 401, 403) },
      },
    },
    async (request) => listOrders(ctx, request.query, callerOf(request)),
  );

  app.post(
    '/orders/:id/cancel',
    {
      config: { scope: 'storefront' },
      schema: {
        tags: ['orders'],
        summary: 'Cancel an order (from placed or paid); its stock returns',
        params: OrderId,
        response: { 200: Order, ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const result = await transitionOrder(ctx, request.params.id, 'cancelled', callerOf(request));
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.post(
    '/orders/:id/transitions',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['orders'],
        summary: 'Move an order along placed → paid → fulfilling → shipped → delivered',
        params: OrderId,
        body: Type.Object({ to: OrderStatus }, { additionalProperties: false }),
        response: { 200: Order, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const result = await transitionOrder(ctx, request.params.id, request.body.to, callerOf(request));
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.get(
    '/orders/:id/events',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['orders'],
        summary: "The order's events, oldest first",
        params: OrderId,
        response: {
          200: Type.Object({
            data: Type.Array(
              Type.Object({
                id: Type.Integer(),
                type: Type.String(),
                payload: Type.Unknown(),
                created_at: Instant,
              }),
            ),
          }),
          ...errors(401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const result = await orderEvents(ctx, request.params.id, callerOf(request));
      return result.ok ? { data: result.value } : sendFailure(reply, result);
    },
  );
};
