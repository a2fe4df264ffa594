/** The packing station over HTTP: open a parcel by its order's barcode, scan into it, and pick lists. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../platform/context.js';
import { limits } from '../../platform/core/limits.js';
import { sendFailure } from '../../platform/http/errors.js';
import { Code, errors, Id, Text } from '../../platform/http/schemas.js';
import { PackingSession, PickList, ScanResult } from './contract.js';
import { getPackingSession, pickList, scanIntoParcel, startPacking } from './packing.js';

/** What a scanner types: a barcode's text, never a document. */
const Scan = Text(limits.scanLengthMax);

export const packingRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/packing/sessions',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['fulfilment'],
        operationId: 'startPacking',
        summary: "Open a parcel at the packing station by scanning its order's barcode",
        description:
          "`order_code` is what the packing slip's barcode reads: the order number. Opens the order's parcel to pack at `location` (201), or resumes the one already open (200). An order with no parcel to pack there answers 409 `scan_refused` saying why; an unknown order 404.",
        body: Type.Object({ location: Code, order_code: Scan }, { additionalProperties: false }),
        response: { 200: PackingSession, 201: PackingSession, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const result = await startPacking(ctx, request.body.location, request.body.order_code);
      if (!result.ok) return sendFailure(reply, result);
      return reply.code(result.value.opened ? 201 : 200).send(result.value.session);
    },
  );

  app.get(
    '/packing/sessions/:id',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['fulfilment'],
        operationId: 'getPackingSession',
        summary: 'A parcel being packed: its items, what was scanned, and the next step',
        description: 'The step is `scanning_items`, then `scanning_label`, then `done`.',
        params: Type.Object({ id: Id }),
        response: { 200: PackingSession, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await getPackingSession(ctx, request.params.id);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.post(
    '/packing/sessions/:id/scans',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['fulfilment'],
        operationId: 'scanIntoParcel',
        summary: 'Scan an item (its GTIN, or its SKU keyed in), then the parcel’s label',
        description:
          'Each item scanned counts one unit; once all are in, the parcel’s label (its tracking number or shipment id) makes the shipment `packed`. Refused at once with 409 `scan_refused`, changing nothing, and a message for the packer: an item not in the order (`wrong_item`), one too many (`item_complete`), the label before every item (`items_missing`), another parcel’s label (`wrong_label`, naming its order), a parcel already packed (`parcel_done`).',
        params: Type.Object({ id: Id }),
        body: Type.Object({ code: Scan }, { additionalProperties: false }),
        response: { 200: ScanResult, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const result = await scanIntoParcel(ctx, request.params.id, request.body.code);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.get(
    '/pick-lists',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['fulfilment'],
        operationId: 'getPickList',
        summary: 'What to pick for the next parcels to pack at a location',
        description:
          'The next `limit` parcels waiting to be packed at `location`, oldest first, and the units to fetch for them, SKU by SKU, with the parcels each goes to.',
        querystring: Type.Object(
          {
            location: Code,
            limit: Type.Integer({ minimum: 1, maximum: limits.pickListShipmentsMax, default: 20 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: PickList, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await pickList(ctx, request.query.location, request.query.limit);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );
};
