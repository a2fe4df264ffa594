/** Purchase orders and their receipts, the terms of selling beyond stock, and the order lines waiting for stock. */

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../../platform/audit/audit.js';
import type { AppContext } from '../../platform/context.js';
import { limits } from '../../platform/core/limits.js';
import { callerOf } from '../../platform/http/auth.js';
import { sendFailure } from '../../platform/http/errors.js';
import { Code, errors, Id, Limit, literals, Position, page, Text } from '../../platform/http/schemas.js';
import { backorderModes } from '../core/backorders.js';
import {
  deleteBackorderTerms,
  getBackorderTerms,
  listBackorderTerms,
  listWaitingLines,
  putBackorderTerms,
} from './backorders.js';
import {
  BackorderTerms,
  Day,
  PurchaseOrder,
  purchaseOrderStatuses,
  ReceiptAnswer,
  WaitingLine,
} from './contract.js';
import {
  closePurchaseOrder,
  createPurchaseOrder,
  getPurchaseOrder,
  listPurchaseOrders,
  receivePurchaseOrder,
  reschedulePurchaseOrder,
} from './purchase-orders.js';

const Lines = Type.Array(
  Type.Object(
    { sku: Code, quantity: Type.Integer({ minimum: 1, maximum: limits.stockQuantityMax }) },
    { additionalProperties: false },
  ),
  { minItems: 1, maxItems: limits.purchaseOrderLinesMax },
);

export const incomingRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const PurchaseOrderId = Type.Object({ id: Id });

  app.post(
    '/purchase-orders',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['inventory'],
        operationId: 'createPurchaseOrder',
        summary: 'Record stock ordered from a supplier, on its way to a location',
        description:
          'A purchase order: its supplier, its lines (each SKU once), the location it is delivered to and the date it is expected. Its units count as incoming from now on: the stock view and availability show them, and SKUs with backorder terms may be sold against them.',
        body: Type.Object(
          {
            supplier: Text(),
            reference: Type.Optional(Text()),
            location: Code,
            expected_on: Day,
            lines: Lines,
          },
          { additionalProperties: false },
        ),
        response: { 201: PurchaseOrder, ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const result = await createPurchaseOrder(ctx, request.body);
      return result.ok ? reply.code(201).send(result.value) : sendFailure(reply, result);
    },
  );

  app.get(
    '/purchase-orders',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['inventory'],
        operationId: 'listPurchaseOrders',
        summary: 'Purchase orders, by status or SKU',
        description: 'A page of purchase orders, oldest first, with their lines and receipts.',
        querystring: Type.Object(
          {
            status: Type.Optional(literals(purchaseOrderStatuses)),
            sku: Type.Optional(Code),
            cursor: Type.Optional(Id),
            limit: Limit,
          },
          { additionalProperties: false },
        ),
        response: { 200: page(PurchaseOrder), ...errors(400, 401, 403) },
      },
    },
    async (request) => listPurchaseOrders(ctx, request.query),
  );

  app.get(
    '/purchase-orders/:id',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['inventory'],
        operationId: 'getPurchaseOrder',
        summary: 'A purchase order with what has come and what is still to come',
        description:
          'Its lines with ordered, received and remaining units, its receipts with the waiting order lines each served, and whether it is late.',
        params: PurchaseOrderId,
        response: { 200: PurchaseOrder, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await getPurchaseOrder(ctx, request.params.id);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.post(
    '/purchase-orders/:id/receipts',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['inventory'],
        operationId: 'receivePurchaseOrder',
        summary: 'Record goods arriving on a purchase order; waiting orders are served first',
        description:
          'Puts the units on hand at the purchase order’s location, each line a `receipt` movement in the ledger referencing the purchase order; more than ordered is accepted (the supplier sent it). In the same transaction the order lines waiting for these SKUs, on channels that ship from that location, get their units reserved, first come first served. `close: true` says nothing more will come: the order closes short, and the lines that counted on the rest are dated again and flagged. A `delivery_note` already recorded on this purchase order answers its first receipt again (200), changing nothing. During a running soldes sale of a SKU the receipt needs `override` with a reason, as any restock does (409 `soldes_no_restock`).',
        params: PurchaseOrderId,
        body: Type.Object(
          {
            delivery_note: Type.Optional(Text()),
            lines: Lines,
            close: Type.Optional(Type.Boolean()),
            override: Type.Optional(Type.Object({ reason: Text() }, { additionalProperties: false })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ReceiptAnswer, 201: ReceiptAnswer, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(ctx, callerOf(request).apiKeyId);
      const result = await receivePurchaseOrder(ctx, request.params.id, request.body, actor);
      if (!result.ok) return sendFailure(reply, result);
      const { replayed, ...answer } = result.value;
      return reply.code(replayed ? 200 : 201).send(answer);
    },
  );

  app.post(
    '/purchase-orders/:id/close',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['inventory'],
        operationId: 'closePurchaseOrder',
        summary: 'Close a purchase order short: what has not come will not come',
        description:
          'Its remaining units stop counting as incoming; the order lines waiting on them are dated again against what else is incoming, and flagged (`GET /v1/backorders?delayed=true`) when that breaks their promise.',
        params: PurchaseOrderId,
        response: { 200: PurchaseOrder, ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const result = await closePurchaseOrder(ctx, request.params.id);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.patch(
    '/purchase-orders/:id',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['inventory'],
        operationId: 'reschedulePurchaseOrder',
        summary: 'Give an open purchase order a new expected date',
        description:
          'For a supplier announcing a delay (or an early delivery): the order lines waiting on it are dated again, and flagged when they are now expected after their promise.',
        params: PurchaseOrderId,
        body: Type.Object({ expected_on: Day }, { additionalProperties: false }),
        response: { 200: PurchaseOrder, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const result = await reschedulePurchaseOrder(ctx, request.params.id, request.body.expected_on);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  const TermsKey = Type.Object({ sku: Code, channel: Code });

  app.put(
    '/backorder-terms/:sku/:channel',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['inventory'],
        operationId: 'putBackorderTerms',
        summary: 'Let a channel sell a SKU beyond its stock: a backorder or a pre-order, up to a limit',
        description:
          '`backorder` sells against open purchase orders to the locations that ship for the channel, never more than they bring after the units already waiting; `preorder` sells until the day before `release_on`. Either way no more than `limit` units wait at once, which the database checks too. An order line sold beyond stock shows `backordered` units and the date promised for them; it waits in `GET /v1/backorders` and is served first come first served when stock arrives. A limit below the units already waiting is refused (409 `backorder_limit_below_waiting`): `paused: true` stops selling beyond stock at once, the units waiting still waiting and served.',
        params: TermsKey,
        body: Type.Object(
          {
            mode: literals(backorderModes),
            limit: Type.Integer({ minimum: 0, maximum: limits.stockQuantityMax }),
            release_on: Type.Optional(Day),
            paused: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: BackorderTerms, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const result = await putBackorderTerms(ctx, request.params.sku, request.params.channel, request.body);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.get(
    '/backorder-terms/:sku/:channel',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['inventory'],
        operationId: 'getBackorderTerms',
        summary: 'The terms of selling a SKU beyond stock on a channel, and what they allow now',
        description:
          'The mode, limit and release date, the units waiting under them, and `available`: how many more the channel may sell beyond its stock at this moment.',
        params: TermsKey,
        response: { 200: BackorderTerms, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await getBackorderTerms(ctx, request.params.sku, request.params.channel);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.delete(
    '/backorder-terms/:sku/:channel',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['inventory'],
        operationId: 'deleteBackorderTerms',
        summary: 'Stop selling a SKU beyond stock on a channel',
        description:
          'Refused while units wait under the terms (409 `backorders_waiting`): pause them, and remove them once those units are served.',
        params: TermsKey,
        response: { 204: Type.Null(), ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const result = await deleteBackorderTerms(ctx, request.params.sku, request.params.channel);
      return result.ok ? reply.code(204).send(null) : sendFailure(reply, result);
    },
  );

  app.get(
    '/backorder-terms',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['inventory'],
        operationId: 'listBackorderTerms',
        summary: 'Every SKU a channel may sell beyond its stock',
        description:
          'A page of backorder and pre-order terms in SKU then channel order, each with the units waiting and what it allows now; `cursor` is the previous page’s `next_cursor` (`sku/channel`).',
        querystring: Type.Object(
          {
            cursor: Type.Optional(
              Type.String({
                pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$',
                maxLength: 200,
              }),
            ),
            limit: Limit,
          },
          { additionalProperties: false },
        ),
        response: { 200: page(BackorderTerms), ...errors(400, 401, 403) },
      },
    },
    async (request) => listBackorderTerms(ctx, request.query),
  );

  app.get(
    '/backorders',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['inventory'],
        operationId: 'listBackorders',
        summary: 'Order lines waiting for stock, first come first served',
        description:
          'Each line with its units still waiting, the date promised and the date it is now expected by. `delayed=true` lists those a late or short purchase order left behind their promise (their new date, or none when nothing incoming covers them): the customers to tell.',
        querystring: Type.Object(
          {
            sku: Type.Optional(Code),
            order_id: Type.Optional(Id),
            delayed: Type.Optional(Type.Boolean()),
            cursor: Type.Optional(Position),
            limit: Limit,
          },
          { additionalProperties: false },
        ),
        response: { 200: page(WaitingLine), ...errors(400, 401, 403) },
      },
    },
    async (request) => listWaitingLines(ctx, request.query),
  );
};
