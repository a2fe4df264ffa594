/** Orders once taken: reading, searching, cancelling, and moving them along the order process. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../platform/context.js';
import { limits } from '../platform/core/limits.js';
import { callerOf } from '../platform/http/auth.js';
import { sendFailure } from '../platform/http/errors.js';
import { Code, errors, Id, Instant, Limit, page, Text } from '../platform/http/schemas.js';
import { Order } from './contract.js';
import { orderStatuses } from './core/order-process.js';
import { getOrder, listOrders, orderEvents, transitionOrder } from './orders.js';

const OrderStatus = Type.Union(orderStatuses.map((status) => Type.Literal(status)));
const OrderId = Type.Object({ id: Id });

export const orderRoutes: FastifyPluginAsyncTypebox<{
  ctx: AppContext;
}> = async (app, { ctx }) => {
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
