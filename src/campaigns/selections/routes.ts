/** Customer segments and product selections over HTTP: written by the back office, a selection read by storefronts. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AvailabilityFreezes } from '../../inventory/index.js';
import type { AppContext } from '../../platform/context.js';
import { limits } from '../../platform/core/limits.js';
import { sendFailure } from '../../platform/http/errors.js';
import { Code, errors, Text } from '../../platform/http/schemas.js';
import {
  CustomerSegments,
  Segment,
  SegmentInput,
  SegmentWithCount,
  Selection,
  SelectionAnswer,
  SelectionInput,
} from './contract.js';
import { customerSegments, getSegment, listSegments, putSegment } from './segments.js';
import { SelectionReader } from './selection-reader.js';
import { listSelections, putSelection } from './selections.js';

export const selectionRoutes: FastifyPluginAsyncTypebox<{
  ctx: AppContext;
  freezes: AvailabilityFreezes;
}> = async (app, { ctx, freezes }) => {
  const tags = ['campaigns'];
  const admin = { scope: 'admin' as const };
  const params = Type.Object({ code: Code });
  const reader = new SelectionReader(ctx, freezes);

  app.put(
    '/segments/:code',
    {
      config: admin,
      schema: {
        tags,
        operationId: 'putSegment',
        summary: 'Create or replace a customer segment',
        description:
          'A segment is a set of conditions on a customer’s order history, all of which must hold: `new` (no order yet), `returning` (at least one), `orders` (how many, `min`/`max`), `spend` (the totals in one currency, `min_minor`/`max_minor`), `channels` (has ordered on one of them), `ordered_within_days`. Cancelled orders count for nothing; customers are known by their email, trimmed and lower-cased. A channel that does not exist answers 422 `unknown_channel`.',
        params,
        body: SegmentInput,
        response: { 200: Segment, ...errors(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const result = await putSegment(ctx, request.params.code, request.body);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.get(
    '/segments',
    {
      config: admin,
      schema: {
        tags,
        operationId: 'listSegments',
        summary: 'List customer segments',
        description: 'Every segment with its conditions, in code order.',
        response: { 200: Type.Object({ data: Type.Array(Segment) }), ...errors(401, 403) },
      },
    },
    async () => ({ data: await listSegments(ctx) }),
  );

  app.get(
    '/segments/:code',
    {
      config: admin,
      schema: {
        tags,
        operationId: 'getSegment',
        summary: 'Read a customer segment and how many customers it holds now',
        description:
          'The segment with the number of customers (every email that ever ordered) whose history matches it at this moment, counted over every customer: a back-office read, not a storefront one.',
        params,
        response: { 200: SegmentWithCount, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await getSegment(ctx, request.params.code);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.get(
    '/customers/:email/segments',
    {
      config: admin,
      schema: {
        tags,
        operationId: 'getCustomerSegments',
        summary: 'Which segments a customer is in, and the history that says so',
        description:
          'The customer’s orders (not cancelled), spend per currency, channels and last order, and every segment they match now. An email with no order is a new customer, not an error.',
        params: Type.Object({ email: Text(limits.nameLengthMax) }),
        response: { 200: CustomerSegments, ...errors(400, 401, 403) },
      },
    },
    async (request) => customerSegments(ctx, request.params.email),
  );

  app.put(
    '/selections/:code',
    {
      config: admin,
      schema: {
        tags,
        operationId: 'putSelection',
        summary: 'Create or replace a product selection on a channel',
        description:
          'A selection answers, per segment (and a default entry, without `segment`, for everyone else), either a rule — `best_sellers` of the last `days` days on the channel, a `category`, more than `in_stock_above` units available, combined as given — or a hand-picked list of `skus`, up to `limit` SKUs. Unknown channel: 422 `unknown_channel`; unknown segment: 422 `unknown_segment`; unknown hand-picked SKU: 422 `unknown_sku`.',
        params,
        body: SelectionInput,
        response: { 200: Selection, ...errors(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const result = await putSelection(ctx, request.params.code, request.body);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.get(
    '/selections',
    {
      config: admin,
      schema: {
        tags,
        operationId: 'listSelections',
        summary: 'List product selections',
        description: 'Every selection with its channel and entries, in code order.',
        response: { 200: Type.Object({ data: Type.Array(Selection) }), ...errors(401, 403) },
      },
    },
    async () => ({ data: await listSelections(ctx) }),
  );

  app.get(
    '/selections/:code',
    {
      config: { scope: 'storefront', admission: 'reads' },
      schema: {
        tags,
        operationId: 'readSelection',
        summary: 'The SKUs of a selection a customer can buy now, for a banner or a tab',
        description:
          'Computed live: the entry of `segment`, or of the first segment `customer` (an email) is in, or else the default entry; then only SKUs with a price in force on the selection’s channel and at least one unit available there (buffers and freezes applied), in the entry’s order, up to its limit and `limit`. No entry applies: an empty list.',
        params,
        querystring: Type.Object(
          {
            segment: Type.Optional(Code),
            customer: Type.Optional(Text(limits.nameLengthMax)),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: limits.selectionSkusMax })),
          },
          { additionalProperties: false },
        ),
        response: { 200: SelectionAnswer, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await reader.read(request.params.code, request.query);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );
};
