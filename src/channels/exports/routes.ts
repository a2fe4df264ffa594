/** Exports over HTTP: orders, stock and the ledger as a CSV or JSON Lines attachment, streamed. */
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type TObject, Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { sendFailure } from '../../platform/http/errors.js';
import { Code, errors, Instant } from '../../platform/http/schemas.js';
import { exportFormats, LedgerExport, OrderLineExport, StockExport } from './contract.js';
import { type OpenedExport, openExport } from './exports.js';

const Format = Type.Optional(
  Type.Union(
    exportFormats.map((format) => Type.Literal(format)),
    {
      default: 'csv',
      description: '`csv` (a header line, then a row a line) or `jsonl` (JSON Lines: a JSON object a line)',
    },
  ),
);
const From = Type.Optional({ ...Instant, description: 'From this instant, included (UTC, ISO 8601)' });
const To = Type.Optional({ ...Instant, description: 'Until this instant, excluded (UTC, ISO 8601)' });

/** The answer: the file streamed, its rows in either format (each JSON Lines line is one `row`). */
function streamed(row: TObject) {
  return {
    200: {
      description: 'The file, streamed as an attachment',
      content: {
        'text/csv': {
          schema: Type.String({ description: `Columns: ${Object.keys(row.properties).join(', ')}` }),
        },
        'application/x-ndjson': { schema: row },
      },
    },
    ...errors(400, 401, 403, 422),
  };
}

/** A page read ahead at most, while the client takes the one before: memory stays a page or two. */
function send(reply: FastifyReply, exported: OpenedExport) {
  return reply
    .type(exported.contentType)
    .header('content-disposition', `attachment; filename="${exported.filename}"`)
    .send(Readable.from(exported.chunks, { highWaterMark: 1 }));
}

const instant = (text: string | undefined) => (text === undefined ? undefined : Date.parse(text));

export const exportRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/exports/orders',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['channels'],
        operationId: 'exportOrders',
        summary: 'Export orders, one order line a row',
        description:
          'Every order line, orders oldest first, with its order’s number, channel, status, placing time, customer and totals repeated on each row; amounts in minor units. Narrowed by channel and by placing time. Streamed: a file of any size starts at once.',
        querystring: Type.Object(
          { format: Format, channel: Type.Optional(Code), from: From, to: To },
          { additionalProperties: false },
        ),
        response: streamed(OrderLineExport),
      },
    },
    async (request, reply) => {
      const { format, channel, from, to } = request.query;
      const opened = await openExport(ctx, 'orders', format ?? 'csv', {
        channel,
        fromMs: instant(from),
        toMs: instant(to),
      });
      return opened.ok ? send(reply, opened.value) : sendFailure(reply, opened);
    },
  );

  app.get(
    '/exports/stock',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['channels'],
        operationId: 'exportStock',
        summary: 'Export stock, one SKU at one location a row',
        description:
          'Stock on hand, reserved (of which allocated to open orders, the rest held at checkout) and available, per SKU and location, by SKU. Streamed.',
        querystring: Type.Object({ format: Format }, { additionalProperties: false }),
        response: streamed(StockExport),
      },
    },
    async (request, reply) => {
      const opened = await openExport(ctx, 'stock', request.query.format ?? 'csv', {});
      return opened.ok ? send(reply, opened.value) : sendFailure(reply, opened);
    },
  );

  app.get(
    '/exports/ledger',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['channels'],
        operationId: 'exportLedger',
        summary: 'Export the stock ledger, one movement a row',
        description:
          'Every stock movement (receipts, adjustments, shipments) by SKU, then in the order recorded: summed per SKU and location, the ledger gives stock on hand. Narrowed to one SKU and to a period. Streamed.',
        querystring: Type.Object(
          { format: Format, sku: Type.Optional(Code), from: From, to: To },
          { additionalProperties: false },
        ),
        response: streamed(LedgerExport),
      },
    },
    async (request, reply) => {
      const { format, sku, from, to } = request.query;
      const opened = await openExport(ctx, 'ledger', format ?? 'csv', {
        sku,
        fromMs: instant(from),
        toMs: instant(to),
      });
      return opened.ok ? send(reply, opened.value) : sendFailure(reply, opened);
    },
  );
};
