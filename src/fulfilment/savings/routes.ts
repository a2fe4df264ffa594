/** The shipping-savings report over HTTP. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../platform/context.js';
import { limits } from '../../platform/core/limits.js';
import { sendFailure } from '../../platform/http/errors.js';
import { Code, errors } from '../../platform/http/schemas.js';
import { shopTimeZone } from '../carriers/carriers.js';
import { ShippingSavings } from './contract.js';
import { defaultPeriodDays, shippingSavings } from './savings.js';

const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A local date, YYYY-MM-DD' });

export const savingsRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/fulfilment/savings',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['fulfilment'],
        operationId: 'getShippingSavings',
        summary: 'What choosing each parcel’s box and service saved against always the same box and service',
        description: `Over the orders created from \`since\` to \`until\` (local dates in ${shopTimeZone}, both included; default: the ${defaultPeriodDays} days up to today), cancelled ones left out, on one \`channel\` or all, each order taken as one parcel: the smart choice (the smallest packaging its items fit in, then the cheapest service to its destination's zone, with the cards in force on the day it was placed, no delivery promise) against the baseline, always \`baseline_box\` (a packaging code; default: the largest) with \`baseline_service\` (\`Carrier/code\`; default: the service that could carry the most of these orders in the baseline box). Costs are the box's cost plus the service's price, in minor units. The totals and breakdowns (by chosen service, by chosen box) are over the orders shipped both ways; the others are counted apart, never guessed: a SKU without a size or weight, no box or no service for the parcel, or a parcel the baseline cannot take. \`notice\` says when the prices are sample data. An unknown baseline answers 422 \`unknown_packaging\` or \`unknown_service\`, an unknown channel 422 \`unknown_channel\`, a period of more than ${limits.savingsOrdersMax} orders 409 \`limit_reached\`; with no packaging or no service set up, 422 \`no_box_fits\` or \`no_service_fits\`.`,
        querystring: Type.Object(
          {
            since: Type.Optional({
              ...LocalDate,
              description: 'The first day; default: 89 days before `until`',
            }),
            until: Type.Optional({ ...LocalDate, description: 'The last day, included; default: today' }),
            channel: Type.Optional(Code),
            baseline_box: Type.Optional({ ...Code, description: 'A packaging code; default: the largest' }),
            baseline_service: Type.Optional(
              Type.String({
                pattern: '^[^/]+/[^/]+$',
                maxLength: 2 * limits.codeLengthMax + 1,
                description:
                  'Carrier and service code, e.g. `Colissimo/domicile_sans_signature`; default: the one that could carry the most orders',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: ShippingSavings, ...errors(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const { since, until, channel, baseline_box, baseline_service } = request.query;
      const result = await shippingSavings(ctx, {
        since,
        until,
        channel,
        baselineBox: baseline_box,
        baselineService: baseline_service,
      });
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );
};
