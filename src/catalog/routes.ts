/** Channels, locations, SKUs and their prices. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../platform/context.js';
import { limits } from '../platform/core/limits.js';
import { sendFailure } from '../platform/http/errors.js';
import {
  AmountMinor,
  Code,
  Currency,
  errors,
  Limit,
  literals,
  Name,
  page,
  Text,
} from '../platform/http/schemas.js';
import { taxClasses, taxCountries } from '../pricing/core/vat.js';
import { getSku, listChannels, listLocations, listSkus, putChannel, putLocation, putSku } from './catalog.js';
import { Channel, Location, Sku } from './contract.js';

/** A side of an item in mm: 1 mm to 3 m, past any parcel carrier's limit. */
const SideMm = Type.Integer({ minimum: 1, maximum: 3_000 });

export const catalogRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.put(
    '/channels/:code',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['catalog'],
        operationId: 'putChannel',
        summary: 'Create or update a sales channel',
        description:
          'Creates the channel or replaces its name and currency, and answers the channel as stored. A channel keeps its currency once a SKU has a price on it (409 `channel_currency_locked`): create another channel instead.',
        params: Type.Object({ code: Code }),
        body: Type.Object(
          {
            name: Name,
            currency: Currency,
            country: Type.Optional(literals(taxCountries)),
            prices_include_tax: Type.Optional(
              Type.Boolean({
                description: 'Whether its prices include VAT: yes for consumers (the default), no for B2B',
              }),
            ),
            payment_timeout_minutes: Type.Optional(
              Type.Union(
                [Type.Integer({ minimum: 1, maximum: limits.paymentTimeoutMinutesMax }), Type.Null()],
                {
                  description:
                    'Minutes an order may stay `placed`, with no authorisation or capture, before it is cancelled and its stock returns (checked every 10 s); absent or null: no timeout',
                },
              ),
            ),
            delivery_days: Type.Optional(
              Type.Union([Type.Integer({ minimum: 1, maximum: limits.deliveryDaysMax }), Type.Null()], {
                description:
                  'The promise checkout shows: delivered within this many working days of the order. Shipments take the cheapest service that keeps it; absent or null: no promise, the cheapest service',
              }),
            ),
            auto_ship: Type.Optional(
              Type.Boolean({
                description: 'Source a paid order and create its shipments by itself (default: no)',
              }),
            ),
            split_order_total_min: Type.Optional({
              ...AmountMinor,
              description:
                'An order no single location can ship whole leaves in several parcels only from this total on; below, it waits (default 0)',
            }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Channel, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const result = await putChannel(ctx, request.params.code, request.body);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.get(
    '/channels',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['catalog'],
        operationId: 'listChannels',
        summary: 'List sales channels',
        description:
          'Every sales channel with its currency, for a back office setting up prices, locations and buffers.',
        response: { 200: Type.Object({ data: Type.Array(Channel) }), ...errors(401, 403) },
      },
    },
    async () => ({ data: await listChannels(ctx) }),
  );

  app.put(
    '/locations/:code',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['catalog'],
        operationId: 'putLocation',
        summary: 'Create or update a stock location and the channels it ships for',
        description:
          'Creates the location or replaces its name, its address (the sender on its parcels’ labels) and the channels it ships for; from then on its stock counts in those channels’ availability. A channel that does not exist answers 422.',
        params: Type.Object({ code: Code }),
        body: Type.Object(
          {
            name: Name,
            channels: Type.Array(Code, { maxItems: limits.channelsMax }),
            address: Type.Optional(
              Type.Object(
                {
                  line1: Text(),
                  line2: Type.Optional(Text(limits.nameLengthMax, 0)),
                  city: Text(),
                  postal_code: Text(20),
                  country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
                },
                {
                  additionalProperties: false,
                  description: 'Where its parcels leave from: the sender on their labels',
                },
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Location, ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const result = await putLocation(ctx, request.params.code, request.body);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.get(
    '/locations',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['catalog'],
        operationId: 'listLocations',
        summary: 'List stock locations',
        description: 'Every stock location with the channels it ships for.',
        response: { 200: Type.Object({ data: Type.Array(Location) }), ...errors(401, 403) },
      },
    },
    async () => ({ data: await listLocations(ctx) }),
  );

  app.put(
    '/skus/:sku',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['catalog'],
        operationId: 'putSku',
        summary: 'Create or replace a SKU with its price on each channel',
        description:
          'Creates the SKU or replaces it whole: its name, weight, size (`length_mm`, `width_mm`, `height_mm`, all three or none) and GTIN-13 (checked by its check digit), category, VAT class, whether it is perishable, and a price in minor units for every channel that sells it (a channel left out no longer sells it, from now: the price history records it). A price on a channel that does not exist answers 422.',
        params: Type.Object({ sku: Code }),
        body: Type.Object(
          {
            name: Name,
            weight_g: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
            length_mm: Type.Optional(SideMm),
            width_mm: Type.Optional(SideMm),
            height_mm: Type.Optional(SideMm),
            gtin: Type.Optional(
              Type.String({ pattern: '^[0-9]{13}$', description: 'GTIN-13 (EAN-13), with its check digit' }),
            ),
            prices: Type.Record(Code, AmountMinor, {
              maxProperties: limits.channelsMax,
              description: 'Channel code → unit price in minor units',
            }),
            category: Type.Optional({
              ...Name,
              description: 'What product selections pick by (`mugs`), matched exactly; absent: none',
            }),
            tax_class: Type.Optional(literals(taxClasses)),
            perishable: Type.Optional(
              Type.Boolean({
                description: 'Perishable goods are exempt from the 30-day reference price rule',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Sku, ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const result = await putSku(ctx, request.params.sku, request.body);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.get(
    '/skus/:sku',
    {
      config: { scope: 'storefront', admission: 'reads' },
      schema: {
        tags: ['catalog'],
        operationId: 'getSku',
        summary: 'Read a SKU',
        description:
          'The SKU with its name, weight and price on each channel, or 404 if there is no such SKU.',
        params: Type.Object({ sku: Code }),
        response: { 200: Sku, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await getSku(ctx, request.params.sku);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.get(
    '/skus',
    {
      config: { scope: 'storefront', admission: 'reads' },
      schema: {
        tags: ['catalog'],
        operationId: 'listSkus',
        summary: 'List SKUs by code, searching words of the code or name by prefix',
        description:
          'A page of SKUs in code order; with `q`, only those where each word of `q` begins a word of the SKU’s code or name, for a search box. Pass `next_cursor` back as `cursor` for the next page.',
        querystring: Type.Object(
          {
            cursor: Type.Optional(Code),
            limit: Limit,
            q: Type.Optional(Text(limits.searchQueryLengthMax)),
          },
          { additionalProperties: false },
        ),
        response: { 200: page(Sku), ...errors(400, 401, 403) },
      },
    },
    async (request) => listSkus(ctx, request.query),
  );
};
