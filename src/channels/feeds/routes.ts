/** Channels' availability feeds: each channel's figures pushed to its endpoint as they change. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../platform/context.js';
import { callerOf } from '../../platform/http/auth.js';
import { sendFailure } from '../../platform/http/errors.js';
import { Code, errors } from '../../platform/http/schemas.js';
import { CreatedFeed, Feed, FeedInput, FeedSwitchInput } from './contract.js';
import { deleteFeed, getFeed, listFeeds, putFeed, resyncFeed, switchFeed } from './feeds.js';

export const feedRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const config = { scope: 'admin' as const };
  const tags = ['channels'];
  const params = Type.Object({ code: Code });

  app.put(
    '/channels/:code/feed',
    {
      config,
      schema: {
        tags,
        operationId: 'putChannelFeed',
        summary: 'Push a channel’s availability to its endpoint as it changes',
        description:
          'From now on, every few hundred milliseconds, the availability to promise of each SKU whose figure may have changed is posted to `url` as `{"channel", "full": false, "items": [{"sku", "available"}]}` — buffers and freezes applied, the newest figure winning — signed the Standard Webhooks way. A new feed starts with a full push of every SKU (`"full": true`, in parts), and every feed is pushed in full every 15 minutes. A failed push is tried again with backoff, with whatever changed meanwhile. Created, it answers 201 with its secret, shown this once; replaced, 200.',
        params,
        body: FeedInput,
        response: { 200: Feed, 201: CreatedFeed, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await putFeed(ctx, request.params.code, request.body);
      if (!result.ok) return sendFailure(reply, result);
      return reply.code(result.value.created ? 201 : 200).send(result.value.feed);
    },
  );

  app.get(
    '/feeds',
    {
      config,
      schema: {
        tags,
        operationId: 'listChannelFeeds',
        summary: 'Every channel’s feed, with its backlog, last push and lag',
        description:
          'Each feed with how far behind the outbox it is, whether it is paused, its last push and failures, and its lag over the last 5 minutes: from a change committed to the channel acknowledging the new figure.',
        response: { 200: Type.Object({ data: Type.Array(Feed) }), ...errors(401, 403) },
      },
    },
    async () => listFeeds(ctx),
  );

  app.get(
    '/channels/:code/feed',
    {
      config,
      schema: {
        tags,
        operationId: 'getChannelFeed',
        summary: 'A channel’s feed, with its backlog, last push and lag',
        description: 'The feed as listed, without its secret.',
        params,
        response: { 200: Feed, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await getFeed(ctx, request.params.code);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.delete(
    '/channels/:code/feed',
    {
      config,
      schema: {
        tags,
        operationId: 'deleteChannelFeed',
        summary: 'Stop pushing a channel’s availability',
        description: 'Removes the feed; to stop pushing for a while instead, pause it.',
        params,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await deleteFeed(ctx, request.params.code);
      return result.ok ? reply.code(204).send(null) : sendFailure(reply, result);
    },
  );

  app.post(
    '/channels/:code/feed/resync',
    {
      config,
      schema: {
        tags,
        operationId: 'resyncChannelFeed',
        summary: 'Push every SKU’s figure to the channel again',
        description: 'A full push at the next round: after the channel lost or doubted its figures.',
        params,
        response: { 202: Feed, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await resyncFeed(ctx, request.params.code);
      return result.ok ? reply.code(202).send(result.value) : sendFailure(reply, result);
    },
  );

  for (const [path, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    app.post(
      `/channels/:code/feed/${path}`,
      {
        config: { ...config, ownAuditEntry: true },
        schema: {
          tags,
          operationId: paused ? 'pauseChannelFeed' : 'resumeChannelFeed',
          summary: paused
            ? 'Contingency: stop pushing a channel’s availability'
            : 'Push a paused channel’s availability again, in full first',
          description:
            'A contingency switch, written to the audit log with who and why and told on every open incident’s timeline.',
          params,
          body: FeedSwitchInput,
          response: { 200: Feed, ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const result = await switchFeed(
          ctx,
          request.params.code,
          paused,
          request.body.reason,
          callerOf(request).apiKeyId,
        );
        return result.ok ? result.value : sendFailure(reply, result);
      },
    );
  }
};
