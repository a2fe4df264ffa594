/** Returns over HTTP: authorised on an order, their labels, received and inspected, refunded; each channel's terms, and the report. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../platform/context.js';
import { limits } from '../platform/core/limits.js';
import { callerOf } from '../platform/http/auth.js';
import { sendFailure } from '../platform/http/errors.js';
import {
  Code,
  errors,
  Id,
  Limit,
  literals,
  Nullable,
  page,
  Quantity,
  Text,
} from '../platform/http/schemas.js';
import { returnsAnalytics } from './analytics.js';
import { OrderReturns, RefundPreview, Return, ReturnPolicy, ReturnsAnalytics } from './contract.js';
import { returnReasons, returnStatuses } from './core/return-process.js';
import { returnLabel, returnLabelKinds } from './labels.js';
import { getReturnPolicy, putReturnPolicy } from './policies.js';
import { receiveReturn } from './receipts.js';
import { previewRefund, refundReturn } from './refunds.js';
import { authoriseReturn, cancelReturn, getReturn, listReturns, orderReturns } from './returns.js';

const ById = Type.Object({ id: Id });
const ByChannel = Type.Object({ channel: Code });
const noQuery = Type.Object({}, { additionalProperties: false });
const Note = Text(limits.returnNoteLengthMax);
const Units = Type.Integer({ minimum: 0, maximum: limits.lineQuantityMax });
const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A local date, YYYY-MM-DD' });

export const returnRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ['returns'];

  app.post(
    '/orders/:id/returns',
    {
      config: { scope: 'storefront' },
      schema: {
        tags,
        operationId: 'authoriseReturn',
        summary: 'Authorise a return of some units of a delivered order, each line with its reason',
        description: `The order must be \`delivered\` or \`partially_returned\` (else 409 \`order_not_returnable\`) and within its channel's return window: ${limits.returnWindowDaysDefault} days after the day of delivery unless the channel's terms say otherwise, ending at the shop's midnight (else 409 \`return_window_closed\`). Each SKU once, at most the units still returnable: delivered less those the order's other returns hold (else 422 \`return_quantity_exceeded\`, each line with what may be returned). \`reason\` is one of the list; \`other\` needs a \`note\` (400 \`validation_failed\`). \`location\` is where the parcel goes back to, default the channel's return location. The same \`Idempotency-Key\` again for the order answers the return it made (200), or 422 \`idempotency_key_reused\` if the lines differ. A storefront key returns the orders it placed.`,
        params: ById,
        headers: Type.Object({
          'idempotency-key': Type.Optional(
            Type.String({ minLength: 1, maxLength: limits.idempotencyKeyLengthMax }),
          ),
        }),
        body: Type.Object(
          {
            lines: Type.Array(
              Type.Object(
                {
                  sku: Code,
                  quantity: Quantity,
                  reason: literals(returnReasons),
                  note: Type.Optional(Note),
                },
                { additionalProperties: false },
              ),
              { minItems: 1, maxItems: limits.orderLinesMax },
            ),
            location: Type.Optional(Code),
          },
          { additionalProperties: false },
        ),
        response: { 200: Return, 201: Return, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const result = await authoriseReturn(
        ctx,
        request.params.id,
        request.body,
        callerOf(request),
        request.headers['idempotency-key'],
      );
      if (!result.ok) return sendFailure(reply, result);
      return reply.code(result.value.created ? 201 : 200).send(result.value.view);
    },
  );

  app.get(
    '/orders/:id/returns',
    {
      config: { scope: 'storefront' },
      schema: {
        tags,
        operationId: 'listOrderReturns',
        summary: "An order's return window, what may still be returned, and its returns",
        description:
          'Per SKU of the order: units delivered, held by its returns (authorised in open ones, received in refunded ones) and still returnable; when the window closes and whether it is open now; and the returns, oldest first. A storefront key reads the orders it placed.',
        params: ById,
        querystring: noQuery,
        response: { 200: OrderReturns, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await orderReturns(ctx, request.params.id, callerOf(request));
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.get(
    '/returns',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        operationId: 'listReturns',
        summary: 'Returns, newest first: all, or those of one status',
        description:
          '`status=authorised` lists the parcels expected, `received` the returns waiting for their refund. Pass `next_cursor` back as `cursor` for the next page.',
        querystring: Type.Object(
          { status: Type.Optional(literals(returnStatuses)), cursor: Type.Optional(Id), limit: Limit },
          { additionalProperties: false },
        ),
        response: { 200: page(Return), ...errors(400, 401, 403) },
      },
    },
    async (request) => listReturns(ctx, request.query),
  );

  app.get(
    '/returns/analytics',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        operationId: 'getReturnsAnalytics',
        summary: 'Return rates by week, SKU and reason: units returned against units delivered',
        description: `Over whole ISO weeks (Monday to Sunday, in the shop's time zone) from the week of \`from\` to the week of \`to\` (default: the ${limits.returnsReportWeeksDefault} weeks up to this one; at most ${limits.returnsReportWeeksMax}, else 400 \`validation_failed\`), on one \`channel\` or all (422 \`unknown_channel\`). A unit returned counts in the week its return was authorised (cancelled returns left out), a unit delivered in the week its order was delivered; \`received\` says how many of the returned came back so far. Rates are \`returned / delivered\` in basis points, rounded half up, null when nothing was delivered: by week, by SKU (the ${limits.returnsReportSkusMax} most returned, \`skus_more\` counts the others) and by reason (each against all the period's deliveries).`,
        querystring: Type.Object(
          {
            from: Type.Optional(LocalDate),
            to: Type.Optional(LocalDate),
            channel: Type.Optional(Code),
          },
          { additionalProperties: false },
        ),
        response: { 200: ReturnsAnalytics, ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const result = await returnsAnalytics(ctx, request.query);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.get(
    '/returns/:id',
    {
      config: { scope: 'storefront' },
      schema: {
        tags,
        operationId: 'getReturn',
        summary: 'A return: its lines, what came back and how it was found, and its refund',
        description: 'A storefront key reads the returns of the orders it placed; another’s answers 404.',
        params: ById,
        querystring: noQuery,
        response: { 200: Return, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await getReturn(ctx, request.params.id, callerOf(request));
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  for (const kind of returnLabelKinds) {
    app.get(
      `/returns/:id/${kind}`,
      {
        config: { scope: 'storefront' },
        schema: {
          tags,
          operationId: kind === 'label.pdf' ? 'getReturnLabelPdf' : 'getReturnLabelZpl',
          summary:
            kind === 'label.pdf'
              ? "The return's 10×15 cm label, PDF, for the customer to print"
              : "The return's label in ZPL II, for 203 dpi thermal printers",
          description:
            'The shipping label drawn the other way: from the customer (the order’s shipping address) to the return’s location, with its Code 128 carrying the return’s id for the receipt, the items and their weight, and the day the goods should be sent back by. 422 `return_location_unset` when no location is named for the return nor by its channel’s terms, `location_unaddressed` when the location has no address, `sku_unmeasured` when a SKU has no weight. A storefront key prints the labels of the orders it placed.',
          params: ById,
          querystring: noQuery,
          response: {
            200: Type.Unsafe({ type: 'string', format: 'binary' }),
            ...errors(400, 401, 403, 404, 422),
          },
        },
      },
      async (request, reply) => {
        const result = await returnLabel(ctx, request.params.id, kind, callerOf(request));
        if (!result.ok) return sendFailure(reply, result);
        return reply
          .type(result.value.contentType)
          .header('content-disposition', `inline; filename="${result.value.filename}"`)
          .send(result.value.body);
      },
    );
  }

  app.post(
    '/returns/:id/cancel',
    {
      config: { scope: 'storefront' },
      schema: {
        tags,
        operationId: 'cancelReturn',
        summary: 'Cancel a return nothing of which came back',
        description:
          'Its units may be returned again, within the window. Once units were received it answers 409 `invalid_transition`. A storefront key cancels the returns of the orders it placed.',
        params: ById,
        response: { 200: Return, ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const result = await cancelReturn(ctx, request.params.id, callerOf(request));
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.post(
    '/returns/:id/receipts',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        operationId: 'receiveReturn',
        summary: 'Receive a return’s parcel: each unit resellable (back on hand) or damaged (written off)',
        description:
          'Resellable units go back on hand at `location`; the ledger records a `return` movement for every unit received, referencing the return, then a `write_off` movement out for the damaged ones with `damage_reason` (required with damaged units), so on hand grows by the resellable units only. A return may come back in several parcels: each receipt adds its units, within what was authorised (else 422 `return_quantity_exceeded`). The order becomes `partially_returned` with its first units back, `returned` when every delivered unit is. A refunded or cancelled return answers 409 `return_not_receivable`; an unknown location 422 `unknown_location`.',
        params: ById,
        body: Type.Object(
          {
            location: Code,
            lines: Type.Array(
              Type.Object(
                {
                  sku: Code,
                  resellable: Units,
                  damaged: Units,
                  damage_reason: Type.Optional(Note),
                },
                { additionalProperties: false },
              ),
              { minItems: 1, maxItems: limits.orderLinesMax },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Return, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const result = await receiveReturn(ctx, request.params.id, request.body, callerOf(request));
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.get(
    '/returns/:id/refund',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        operationId: 'previewReturnRefund',
        summary: 'What refunding a received return now would give back, recording nothing',
        description:
          'The refund `POST /v1/returns/{id}/refund` would make now, by the same computation: the total, the VAT inside it, the shipping, and per SKU the units received and their share of what the order line was paid. Nothing is recorded; a receipt or another return refunded meanwhile changes it, and the refund itself is what counts. A refunded return answers the refund made (`refunded: true`). Refused: a return nothing of which was received, or cancelled (409 `return_not_refundable`).',
        params: ById,
        querystring: noQuery,
        response: { 200: RefundPreview, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const result = await previewRefund(ctx, request.params.id, callerOf(request));
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.post(
    '/returns/:id/refund',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        operationId: 'refundReturn',
        summary: 'Refund what came back of a received return, recorded as a refund payment of the order',
        description:
          "Each unit received gives back its share of what its order line was paid (the line's total after its promo-code discount, VAT included), exactly in minor units: the shares of a line's units add up to the line, however many returns it comes back in. The shipping is refunded as the channel's terms say; orders carry no shipping charge, so it is 0. The refund is recorded as a `refund` payment of the order with the return's id as its reference, through `psp` (default: the provider of the order's last capture). Asked again, it answers the refund made (200) and records nothing. Refused: a return nothing of which was received, or cancelled (409 `return_not_refundable`), a refund past what is left of the captures (409 `refund_exceeds_captured`).",
        params: ById,
        body: Type.Object({ psp: Type.Optional(Code) }, { additionalProperties: false }),
        response: { 200: Return, 201: Return, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const result = await refundReturn(ctx, request.params.id, request.body, callerOf(request));
      if (!result.ok) return sendFailure(reply, result);
      return reply.code(result.value.created ? 201 : 200).send(result.value.view);
    },
  );

  app.get(
    '/return-policies/:channel',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        operationId: 'getReturnPolicy',
        summary: "A channel's return terms, or the defaults it has",
        description: `Without terms of its own a channel has a ${limits.returnWindowDaysDefault}-day window, the shipping refunded when the whole order comes back or the shop is at fault, and no return location (\`default: true\`). 422 \`unknown_channel\`.`,
        params: ByChannel,
        querystring: noQuery,
        response: { 200: ReturnPolicy, ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const result = await getReturnPolicy(ctx, request.params.channel);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.put(
    '/return-policies/:channel',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        operationId: 'putReturnPolicy',
        summary: "Set a channel's return terms: window, shipping refund, return location",
        description:
          'Replaces the terms; they apply to returns authorised from now on (a return keeps the location it was given). `location` null or absent: each return names its own. 422 `unknown_channel`, `unknown_location`.',
        params: ByChannel,
        body: Type.Object(
          {
            window_days: Type.Integer({ minimum: 0, maximum: limits.returnWindowDaysMax }),
            refund_shipping: Type.Object(
              { whole_order: Type.Boolean(), shop_fault: Type.Boolean() },
              { additionalProperties: false },
            ),
            location: Type.Optional(Nullable(Code)),
          },
          { additionalProperties: false },
        ),
        response: { 200: ReturnPolicy, ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const result = await putReturnPolicy(ctx, request.params.channel, request.body);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );
};
