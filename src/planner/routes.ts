/** Peak plans over HTTP: made on the store's history and kept, the latest, one, and the list. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../platform/context.js';
import { sendFailure } from '../platform/http/errors.js';
import { errors, Id } from '../platform/http/schemas.js';
import { PlanRequest, PlanSummary, StoredPlan } from './contract.js';
import { getPlan, latestPlan, listPlans, planOnStore } from './plans.js';

const noQuery = Type.Object({}, { additionalProperties: false });
/** Plans listed at once: a season's plans, remade weekly from September, fit many times over. */
const plansListedMax = 100;

export const planRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ['planner'];

  app.post(
    '/plans',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        operationId: 'makePlan',
        summary: 'Plan a peak window from the store’s history: forecast, stock to order, staff, headroom',
        description:
          'Reads every order but the cancelled ones, the top sellers’ stock and purchase orders, fits the models and keeps the plan (a few seconds on a year of history). 422 `history_too_short` under nine weeks of trading; 400 `validation_failed` for a window that does not start after the history it learns from (`train_until` holds later history out and scores the forecast against it). Events without `uplift` take the one measured on their days in history.',
        body: PlanRequest,
        response: { 201: StoredPlan, ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const result = await planOnStore(ctx, request.body);
      return result.ok ? reply.code(201).send(result.value) : sendFailure(reply, result);
    },
  );

  app.get(
    '/plans',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        operationId: 'listPlans',
        summary: `The plans kept, newest first (at most ${plansListedMax})`,
        description: 'Each plan’s id, when it was made and its window, without its body.',
        querystring: noQuery,
        response: { 200: Type.Object({ data: Type.Array(PlanSummary) }), ...errors(400, 401, 403) },
      },
    },
    async () => ({ data: await listPlans(ctx, plansListedMax) }),
  );

  app.get(
    '/plans/latest',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        operationId: 'getLatestPlan',
        summary: 'The plan made last',
        description:
          'The newest plan whole, as `POST /v1/plans` answered it: what the back office’s Peak plan page shows. 404 `not_found` before the first.',
        querystring: noQuery,
        response: { 200: StoredPlan, ...errors(400, 401, 403, 404) },
      },
    },
    async (_request, reply) => {
      const result = await latestPlan(ctx);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.get(
    '/plans/:id',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        operationId: 'getPlan',
        summary: 'One plan, whole',
        description: 'A plan kept, as `POST /v1/plans` answered it; 404 `not_found` for an id never made.',
        params: Type.Object({ id: Id }),
        querystring: noQuery,
        response: { 200: StoredPlan, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await getPlan(ctx, request.params.id);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );
};
