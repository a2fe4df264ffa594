/** Order sources: channels whose orders are pulled, a folder of files or a JSON endpoint. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../platform/context.js';
import { sendFailure } from '../../platform/http/errors.js';
import { Code, errors } from '../../platform/http/schemas.js';
import { OrderSource, OrderSourceInput, PullRun } from './contract.js';
import { pullLeaseMs } from './puller.js';
import { deleteSource, getSource, listSources, putSource, runSource } from './sources.js';

export const orderSourceRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext; processId: string }> = async (
  app,
  { ctx, processId },
) => {
  const config = { scope: 'admin' as const };
  const tags = ['channels'];
  const params = Type.Object({ name: Code });

  app.put(
    '/order-sources/:name',
    {
      config,
      schema: {
        tags,
        operationId: 'putOrderSource',
        summary: 'Pull a channel’s orders from a folder of files or a JSON endpoint',
        description:
          '`folder`: order files (CSV, one row per order line: `external_id,email,name,address_line1,address_line2?,city,postal_code,country,sku,quantity`; or JSON Lines, one order a line as `POST /v1/orders` takes it) are taken as they appear in `dir` on the server, each by one process, and moved to `done/` or `failed/` with a report beside it. `http`: `url` is read page by page, the cursor sent as `cursor_param`, the items at `items_path` mapped to orders by `mapping`, the next cursor at `next_cursor_path`. Every `interval_s` (default 60). Each order goes through the intake as the API’s, once per channel and `external_id`: a file or a page read again places nothing twice.',
        params,
        body: OrderSourceInput,
        response: { 200: OrderSource, 201: OrderSource, ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const result = await putSource(ctx, request.params.name, request.body);
      if (!result.ok) return sendFailure(reply, result);
      return reply.code(result.value.created ? 201 : 200).send(result.value.source);
    },
  );

  app.get(
    '/order-sources',
    {
      config,
      schema: {
        tags,
        operationId: 'listOrderSources',
        summary: 'The order sources, each with its last run',
        description:
          'Every source with its settings (header values hidden), its cursor and what its last run did.',
        response: { 200: Type.Object({ data: Type.Array(OrderSource) }), ...errors(401, 403) },
      },
    },
    async () => listSources(ctx),
  );

  app.get(
    '/order-sources/:name',
    {
      config,
      schema: {
        tags,
        operationId: 'getOrderSource',
        summary: 'An order source, with its last run',
        description: 'The source as listed: its settings, cursor and last run’s report.',
        params,
        response: { 200: OrderSource, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await getSource(ctx, request.params.name);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.delete(
    '/order-sources/:name',
    {
      config,
      schema: {
        tags,
        operationId: 'deleteOrderSource',
        summary: 'Stop pulling a channel’s orders',
        description: 'The orders it placed stay; files already moved stay where they are.',
        params,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await deleteSource(ctx, request.params.name);
      return result.ok ? reply.code(204).send(null) : sendFailure(reply, result);
    },
  );

  app.post(
    '/order-sources/:name/run',
    {
      config,
      schema: {
        tags,
        operationId: 'runOrderSource',
        summary: 'Pull a source’s orders now, and say what was done',
        description:
          'Runs the source at once in this process and answers its report: orders placed, already placed, refused (with where and why). `409 source_busy` while another process runs it.',
        params,
        response: { 200: PullRun, ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const result = await runSource(ctx, request.params.name, processId, pullLeaseMs);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );
};
