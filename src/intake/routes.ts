/** Taking holds and orders: the peak path's two routes, both through the intake's micro-batches. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Hold, Lines } from '../inventory/contract.js';
import { Order } from '../orders/contract.js';
import { limits } from '../platform/core/limits.js';
import { callerOf } from '../platform/http/auth.js';
import { sendError, sendFailure } from '../platform/http/errors.js';
import { Code, errors } from '../platform/http/schemas.js';
import type { BatchWriter } from './batch-writer.js';
import { PlaceOrderBody } from './contract.js';

/** Who hears of each order placed or refused: the Prometheus figures and the minute figures. */
export interface OrderObserver {
  orderPlaced(channel: string, currency: string, totalMinor: number): void;
  orderRefused(reason: string): void;
}

export const intakeRoutes: FastifyPluginAsyncTypebox<{
  intake: BatchWriter;
  observer: OrderObserver;
}> = async (app, { intake, observer }) => {
  app.post(
    '/holds',
    {
      config: { scope: 'storefront', admission: 'orders', stopsWithChannel: true },
      schema: {
        tags: ['orders'],
        operationId: 'placeHold',
        summary: 'Reserve stock for a checkout; it returns by itself when the hold expires',
        description:
          'Reserves every line on the channel while the buyer pays, or nothing (409 `out_of_stock` names the short lines); the stock returns by itself after `ttl_s`. Pass the hold’s id as `hold_id` when placing the order.',
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

  app.post(
    '/orders',
    {
      config: { scope: 'storefront', admission: 'orders', stopsWithChannel: true, answersReplays: true },
      schema: {
        tags: ['orders'],
        operationId: 'placeOrder',
        summary: 'Place an order: every line reserved, or nothing changes',
        description:
          'Requires `Idempotency-Key`. The same key with the same body answers the first answer again and changes nothing; with another body it is refused (422). A refused order (409) records nothing, so its retry is tried afresh. One order per channel and `external_id`: a marketplace sending its order again, under any key and with any body, gets the first order’s answer.',
        headers: Type.Object({
          'idempotency-key': Type.Optional(
            Type.String({ minLength: 1, maxLength: limits.idempotencyKeyLengthMax }),
          ),
        }),
        body: PlaceOrderBody,
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
};
