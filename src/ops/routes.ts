/** The operations room's figures: series per minute, the overview, its live stream, and outbox consumers' cursors. */

import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { type AppContext, toIso } from '../platform/context.js';
import { fail } from '../platform/core/errors.js';
import { limits } from '../platform/core/limits.js';
import { sendFailure } from '../platform/http/errors.js';
import { Code, errors, Instant, Position } from '../platform/http/schemas.js';
import { Cursor, Overview, SeriesPoint } from './contract.js';
import { minuteMs, minuteStart } from './core/figures.js';
import { listEventCursors, putEventCursor } from './figures/cursors.js';
import { pointView, readSeries } from './figures/figures.js';
import type { OpsRoom } from './room.js';

export const opsRoutes: FastifyPluginAsyncTypebox<{
  ctx: AppContext;
  room: OpsRoom;
}> = async (app, { ctx, room }) => {
  const admin = { scope: 'admin' as const, readOnlyExempt: true };

  app.get(
    '/ops/series',
    {
      config: admin,
      schema: {
        tags: ['operations'],
        operationId: 'listMinuteFigures',
        summary: 'The shop’s figures, one point per minute, every process added up',
        description: `One point per minute from \`from\` to \`to\` (by default the last 60 minutes), quiet minutes included: requests, errors, refusals, orders, revenue, latency, queues. A span of more than ${limits.seriesMinutesMax} minutes answers 400.`,
        querystring: Type.Object(
          {
            from: Type.Optional(Instant),
            to: Type.Optional(Instant),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: Type.Array(SeriesPoint) }), ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const toMs = request.query.to === undefined ? ctx.clock.now() : Date.parse(request.query.to);
      const fromMs =
        request.query.from === undefined ? minuteStart(toMs) - 59 * minuteMs : Date.parse(request.query.from);
      const minutes = (minuteStart(toMs) - minuteStart(fromMs)) / minuteMs + 1;
      if (fromMs > toMs || minutes > limits.seriesMinutesMax) {
        return sendFailure(
          reply,
          fail(
            'validation_failed',
            `A series runs forward and spans at most ${limits.seriesMinutesMax} minutes.`,
            { from: toIso(fromMs), to: toIso(toMs), minutes_max: limits.seriesMinutesMax },
          ),
        );
      }
      return { data: (await readSeries(ctx, fromMs, toMs)).map(pointView) };
    },
  );

  app.get(
    '/ops/overview',
    {
      config: admin,
      schema: {
        tags: ['operations'],
        operationId: 'getOverview',
        summary:
          'What the live page shows: figures now, best sellers, stock-outs, alerts, incidents, switches',
        description:
          'The operations room in one answer: figures now and over the last hour, best sellers, SKUs about to sell out, customer contacts per minute, firing alerts, open incidents and the switches. Poll it, or stream it with `GET /v1/ops/live`.',
        response: { 200: Overview, ...errors(401, 403) },
      },
    },
    async () => room.overview(),
  );

  const streams = new Set<ServerResponse>();
  // Open streams would keep the server from closing: they end before it does.
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
  });
  app.get(
    '/ops/live',
    {
      config: admin,
      schema: {
        tags: ['operations'],
        operationId: 'streamOverview',
        summary: 'The overview as Server-Sent Events (`event: overview`), one a second',
        description:
          'Read it with `fetch` (which sends the `Authorization` header), not `EventSource` (which cannot).',
        response: {
          200: Type.String({ description: 'text/event-stream' }),
          ...errors(401, 403, 503),
        },
      },
    },
    async (request, reply) => {
      if (streams.size >= limits.liveStreamsMax) {
        return sendFailure(
          reply,
          fail('overloaded', `This process already serves ${limits.liveStreamsMax} live pages.`, {
            retry_after_s: 10,
          }),
        );
      }
      reply.hijack();
      const raw = reply.raw;
      streams.add(raw);
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      let sending = false;
      const send = async () => {
        // A slow reader skips a second rather than piling overviews up in its socket.
        if (sending || raw.writableLength > 0) return;
        sending = true;
        try {
          raw.write(`event: overview\ndata: ${JSON.stringify(await room.overview())}\n\n`);
        } catch (error) {
          request.log.error({ err: error }, 'could not read the overview');
          raw.write(`event: failure\ndata: ${JSON.stringify({ message: 'could not read the figures' })}\n\n`);
        } finally {
          sending = false;
        }
      };
      const timer = setInterval(send, limits.liveIntervalMs);
      raw.once('close', () => {
        clearInterval(timer);
        streams.delete(raw);
      });
      await send();
    },
  );

  app.get(
    '/events/cursors',
    {
      config: admin,
      schema: {
        tags: ['events'],
        operationId: 'listEventCursors',
        summary: 'Where each consumer of the outbox has got to',
        description:
          'Each consumer of the event feed with the last event id it has said it processed, and when; the outbox backlog is counted from the slowest.',
        response: { 200: Type.Object({ data: Type.Array(Cursor) }), ...errors(401, 403) },
      },
    },
    async () => ({ data: await listEventCursors(ctx) }),
  );

  app.put(
    '/events/cursors/:name',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['events'],
        operationId: 'putEventCursor',
        summary:
          'Say where a consumer of the outbox has got to: the outbox backlog is counted from the slowest',
        description:
          'Records the last event id the consumer `name` has processed, creating the consumer on its first call; a position past the last event answers 400. Call it as the consumer moves along `GET /v1/events`.',
        params: Type.Object({ name: Code }),
        body: Type.Object({ position: Position }, { additionalProperties: false }),
        response: { 200: Cursor, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const result = await putEventCursor(ctx, request.params.name, request.body.position);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );
};
