/** A location found short, over HTTP. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../platform/context.js';
import { limits } from '../../platform/core/limits.js';
import { sendFailure } from '../../platform/http/errors.js';
import { Code, errors, Text } from '../../platform/http/schemas.js';
import { Shortfall } from './contract.js';
import { recordShortfall } from './shortfalls.js';

export const shortfallRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/stock/shortfalls',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['fulfilment'],
        operationId: 'recordShortfall',
        summary: 'Units found broken or missing at a location, reserved ones included',
        description:
          'Unlike an adjustment, which never takes reserved units (409 `insufficient_stock`), a shortfall may: the reservations it takes are released (checkout holds first, then the newest orders not yet shipped, then parcels made at the location), each order is re-sourced at another location of its channel that has the units free, and what cannot be is flagged (the order’s `short_units`, `order.stock_short`, and the operations room). More than is on hand is refused (409 `insufficient_stock`).',
        body: Type.Object(
          {
            sku: Code,
            location: Code,
            quantity: Type.Integer({ minimum: 1, maximum: limits.stockQuantityMax }),
            reason: Text(),
          },
          { additionalProperties: false },
        ),
        response: { 201: Shortfall, ...errors(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const result = await recordShortfall(ctx, request.body);
      return result.ok ? reply.code(201).send(result.value) : sendFailure(reply, result);
    },
  );
};
