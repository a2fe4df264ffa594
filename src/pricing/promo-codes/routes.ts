/** Promo codes over HTTP: their terms, batches of single-use codes, and the kill switch. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { callerOf } from '../../platform/http/auth.js';
import { sendFailure } from '../../platform/http/errors.js';
import { errors, Limit, page } from '../../platform/http/schemas.js';
import { BatchInput, KillSwitchInput, PromoCode, PromoCodeInput, PromoCodeView } from './contract.js';
import {
  batchCodes,
  createPromoCode,
  getPromoCode,
  listPromoCodes,
  makeBatch,
  switchPromoCode,
} from './promo-codes.js';

const tags = ['pricing'];
const config = { scope: 'admin' as const };
const params = Type.Object({ code: PromoCode });

/** A batch's codes, as the CSV file a mailing tool takes in. */
const batchFile = {
  description: 'A CSV file: a header line, then one code a line with whether an order used it',
  content: { 'text/csv': { schema: Type.String({ description: 'Columns: code, used' }) } },
};

function sendFile(reply: FastifyReply, code: string, file: string) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${code.toLowerCase()}-codes.csv"`)
    .send(file);
}

export const promoCodeRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/promo-codes',
    {
      config,
      schema: {
        tags,
        operationId: 'createPromoCode',
        summary: 'Create a promo code',
        description:
          'Orders name it in `promo_codes`; it is applied when the order is captured, in the intake’s batch, so its usage limit and per-customer limit hold exactly under any load and any number of processes: past them an order is refused `409 promo_code_exhausted`, never placed at full price. Codes are stored upper-case; case and surrounding spaces do not matter. A cancelled order gives its use back.',
        body: PromoCodeInput,
        response: { 201: PromoCodeView, ...errors(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const result = await createPromoCode(ctx, request.body, callerOf(request).apiKeyId);
      return result.ok ? reply.code(201).send(result.value) : sendFailure(reply, result);
    },
  );

  app.get(
    '/promo-codes',
    {
      config,
      schema: {
        tags,
        operationId: 'listPromoCodes',
        summary: 'Promo codes, by code, with their uses',
        description:
          'Codes created by hand and batch templates, each with its uses and what is left; a template shows how many single-use codes it made and how many are used.',
        querystring: Type.Object(
          { limit: Limit, cursor: Type.Optional(PromoCode) },
          { additionalProperties: false },
        ),
        response: { 200: page(PromoCodeView), ...errors(400, 401, 403) },
      },
    },
    async (request) => listPromoCodes(ctx, request.query),
  );

  app.get(
    '/promo-codes/:code',
    {
      config,
      schema: {
        tags,
        operationId: 'getPromoCode',
        summary: 'A promo code, with its uses and whether it is disabled',
        description:
          'Its terms, its uses by orders not cancelled and what is left of its usage limit, the kill switch’s state, and for a template how many of its single-use codes were made and used.',
        params,
        response: { 200: PromoCodeView, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await getPromoCode(ctx, request.params.code);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.post(
    '/promo-codes/:code/batch',
    {
      config,
      schema: {
        tags,
        operationId: 'makePromoCodeBatch',
        summary: 'Make single-use codes from a code, answered as a CSV file',
        description:
          'Makes `count` codes `CODE-XXXXXXXXXX` (10 random characters of Crockford’s base 32) with the code’s terms, each usable by one order. The code becomes their template: no order may use it itself, and its kill switch stops them all. Call again for more; `GET` gives every code of the batch again.',
        params,
        body: BatchInput,
        response: { 201: batchFile, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      const result = await makeBatch(ctx, code, request.body.count, callerOf(request).apiKeyId);
      return result.ok ? sendFile(reply.code(201), code, result.value) : sendFailure(reply, result);
    },
  );

  app.get(
    '/promo-codes/:code/batch',
    {
      config,
      schema: {
        tags,
        operationId: 'getPromoCodeBatch',
        summary: 'The single-use codes made from a code, as a CSV file',
        description:
          'Every code of the batch, by code, with whether an order used it: the file to send again.',
        params,
        response: { 200: batchFile, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await batchCodes(ctx, request.params.code);
      return result.ok ? sendFile(reply, request.params.code, result.value) : sendFailure(reply, result);
    },
  );

  for (const disabled of [true, false]) {
    app.post(
      `/promo-codes/:code/${disabled ? 'disable' : 'enable'}`,
      {
        // A contingency switch: it must work in read-only mode too.
        config: { ...config, readOnlyExempt: true, ownAuditEntry: true },
        schema: {
          tags,
          operationId: disabled ? 'disablePromoCode' : 'enablePromoCode',
          summary: disabled
            ? 'Kill switch: stop a broken or leaked promo code at once'
            : 'Let orders use a disabled promo code again',
          description: disabled
            ? 'From the next capture batch on, in every process, orders naming the code (or, for a template, any of its single-use codes) are refused `422 promo_code_inactive`; orders already accepted keep their discount. Written to the audit log and told on every open incident.'
            : 'Orders may use the code (and its batch’s codes) again. Written to the audit log and told on every open incident.',
          params,
          body: KillSwitchInput,
          response: { 200: PromoCodeView, ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const result = await switchPromoCode(
          ctx,
          request.params.code,
          disabled,
          request.body.reason,
          callerOf(request).apiKeyId,
        );
        return result.ok ? result.value : sendFailure(reply, result);
      },
    );
  }
};
