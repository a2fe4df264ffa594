/** The warehouse's set-up over HTTP: packaging, and each location's zones. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../platform/context.js';
import { limits } from '../../platform/core/limits.js';
import { sendFailure } from '../../platform/http/errors.js';
import { AmountMinor, Code, Currency, errors, Name } from '../../platform/http/schemas.js';
import { LocationZones, Packaging } from './contract.js';
import { deletePackaging, getZones, listPackagings, putPackaging, putZones } from './warehouse.js';

/** An inner side in mm: 1 mm to 3 m, past which no parcel carrier takes it. */
const SideMm = Type.Integer({ minimum: 1, maximum: 3_000 });
/** Up to 70 kg: past any parcel carrier's limit. */
const WeightG = Type.Integer({ minimum: 0, maximum: 70_000 });

export const warehouseRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.put(
    '/packagings/:code',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['fulfilment'],
        operationId: 'putPackaging',
        summary: 'Create or replace a box or envelope shipments are packed in',
        description:
          'Its inner size, the most it may weigh full (itself included), its own weight and what one costs. A shipment is boxed in the smallest packaging its items fit in, turned as needed. A packaging must hold more than its own weight (400); a shop keeps at most 200 (409 `limit_reached`).',
        params: Type.Object({ code: Code }),
        body: Type.Object(
          {
            name: Name,
            inner_length_mm: SideMm,
            inner_width_mm: SideMm,
            inner_height_mm: SideMm,
            max_weight_g: { ...WeightG, minimum: 1 },
            own_weight_g: WeightG,
            cost: AmountMinor,
            currency: Currency,
          },
          { additionalProperties: false },
        ),
        response: { 200: Packaging, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const result = await putPackaging(ctx, request.params.code, request.body);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.get(
    '/packagings',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['fulfilment'],
        operationId: 'listPackagings',
        summary: 'The packaging shipments are packed in',
        description: 'Every box and envelope, by code.',
        response: { 200: Type.Object({ data: Type.Array(Packaging) }), ...errors(401, 403) },
      },
    },
    async () => ({ data: await listPackagings(ctx) }),
  );

  app.delete(
    '/packagings/:code',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['fulfilment'],
        operationId: 'deletePackaging',
        summary: 'Stop packing in a packaging',
        description: 'No new shipment is boxed in it; shipments already packed in it keep its code.',
        params: Type.Object({ code: Code }),
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await deletePackaging(ctx, request.params.code);
      return result.ok ? reply.code(204).send(null) : sendFailure(reply, result);
    },
  );

  app.put(
    '/locations/:code/zones',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['fulfilment'],
        operationId: 'putLocationZones',
        summary: "Replace a location's zones: how near it is to each destination",
        description:
          "Each rule gives a rank (lower is nearer) to destinations of a country whose postal code starts with `postal_prefix` ('' for the whole country); the longest matching prefix wins, and a destination no rule covers is farthest. A paid order ships from the nearest location that has it all. An unknown location answers 422 `unknown_location`.",
        params: Type.Object({ code: Code }),
        body: Type.Object(
          {
            zones: Type.Array(
              Type.Object(
                {
                  country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
                  postal_prefix: Type.String({ pattern: '^[A-Z0-9]{0,10}$' }),
                  rank: Type.Integer({ minimum: 0, maximum: 1_000 }),
                },
                { additionalProperties: false },
              ),
              { maxItems: limits.zonesPerLocationMax },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: LocationZones, ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const result = await putZones(ctx, request.params.code, request.body.zones);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.get(
    '/locations/:code/zones',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['fulfilment'],
        operationId: 'getLocationZones',
        summary: "A location's zones",
        description: "The location's zone rules, by country and prefix.",
        params: Type.Object({ code: Code }),
        response: { 200: LocationZones, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await getZones(ctx, request.params.code);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );
};
