/** Orders once taken: reading, searching, cancelling, and moving them along the order process. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../platform/context.js';
import { limits } from '../platform/core/limits.js';
import { callerOf } from '../platform/http/auth.js';
import { sendFailure } from '../platform/http/errors.js';
import { Code, errors, Id, Instant, Limit, page, Text } from '../platform/http/schemas.js';
import { Order, OrderEvent } from './contract.js';
import { orderStatuses, returnedOrderStatuses } from './core/order-process.js';
import { getOrder, listOrders, orderEvents, transitionOrder } from './orders.js';

const OrderStatus = Type.Union(orderStatuses.map((status) => Type.Literal(status)));
/** What a client may move an order to: the returned statuses follow the units a return's receipt counts back. */
const MovableStatus = Type.Union(
  orderStatuses
    .filter((status) => !(returnedOrderStatuses as readonly string[]).includes(status))
    .map((status) => Type.Literal(status)),
);
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
        operationId: 'getOrder',
        summary: 'Read an order',
        description:
          'The order with its status, customer, shipping address, lines and totals; a storefront key sees only the orders it placed, another’s answers 404.',
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
        operationId: 'listOrders',
        summary: 'List orders, oldest first; a storefront key sees its own',
        description:
          'A page of orders, filtered by status, channel, creation time, or `q` (an order number or a customer’s email). Pass `next_cursor` back as `cursor` for the next page.',
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
        operationId: 'cancelOrder',
        summary: 'Cancel an order (from placed or paid); its stock returns',
        description:
          'Cancels a placed or paid order and returns its reserved stock, exactly once; from any other status it answers 409 `invalid_transition`. A storefront key may cancel the orders it placed.',
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
        operationId: 'transitionOrder',
        summary: 'Move an order along placed → paid → fulfilling → shipped → delivered',
        description:
          'Moves the order to the status `to`; shipping takes its units out of on hand and writes them to the ledger. A move the order process does not allow answers 409 `invalid_transition` with the moves allowed. `partially_returned` and `returned` are not moves a client makes: a return’s receipt moves the order there when its first units, then all of them, are back (400 `validation_failed`).',
        params: OrderId,
        body: Type.Object({ to: MovableStatus }, { additionalProperties: false }),
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
        operationId: 'listOrderEvents',
        summary: "The order's events, oldest first",
        description:
          'Every event recorded for the order (placed, paid, cancelled…), oldest first: its history, for support and audits.',
        params: OrderId,
        response: { 200: Type.Object({ data: Type.Array(OrderEvent) }), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await orderEvents(ctx, request.params.id, callerOf(request));
      return result.ok ? { data: result.value } : sendFailure(reply, result);
    },
  );
};
