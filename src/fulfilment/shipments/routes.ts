/** Shipments over HTTP: created from a paid order, read, and moved along their process. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../platform/context.js';
import { callerOf } from '../../platform/http/auth.js';
import { sendFailure } from '../../platform/http/errors.js';
import { errors, Id, literals, Text } from '../../platform/http/schemas.js';
import { shipmentStatuses } from '../core/shipment-process.js';
import { OrderShipments, Shipment } from './contract.js';
import { documentKinds } from './documents.js';
import { createShipments, getShipment, moveShipment, orderShipments, shipmentDocument } from './shipments.js';

const ById = Type.Object({ id: Id });

export const shipmentRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/orders/:id/shipments',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['fulfilment'],
        operationId: 'createShipments',
        summary: 'Source a paid order and create its shipments',
        description:
          "Chooses where the order ships from (one location that has it all, the nearest by its zones, else a split when the order's total reaches the channel's `split_order_total_min`), the smallest packaging each parcel fits in (turned as needed), and the cheapest service that keeps the channel's delivery promise (`delivery_days`), and says why (`why`). The order's reservations move to the chosen locations and the order becomes `fulfilling`. Answers 201 with the shipments; asked again, 200 with the same ones. Refused: an order not `paid` (409 `invalid_transition`), not enough stock anywhere (409 `order_not_sourceable`), a split below the minimum (409 `split_below_minimum`), a SKU without size or weight (422 `sku_unmeasured`), no packaging it fits in (422 `no_box_fits`), no service able to carry it (422 `no_service_fits`) or to keep the promise (422 `no_service_keeps_promise`); nothing changes.",
        params: ById,
        response: {
          200: Type.Array(Shipment),
          201: Type.Array(Shipment),
          ...errors(401, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const result = await createShipments(ctx, request.params.id);
      if (!result.ok) return sendFailure(reply, result);
      return reply.code(result.value.created ? 201 : 200).send(result.value.shipments);
    },
  );

  app.get(
    '/orders/:id/shipments',
    {
      config: { scope: 'storefront' },
      schema: {
        tags: ['fulfilment'],
        operationId: 'listOrderShipments',
        summary: "An order's shipments",
        description: "The order's parcels with where each is; a storefront key sees the orders it placed.",
        params: ById,
        response: { 200: OrderShipments, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await orderShipments(ctx, request.params.id, callerOf(request));
      return result.ok ? { data: result.value } : sendFailure(reply, result);
    },
  );

  app.get(
    '/shipments/:id',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['fulfilment'],
        operationId: 'getShipment',
        summary: 'Read a shipment',
        description:
          'The shipment: its location, items, packaging, service and price, promised date, why, and where it is.',
        params: ById,
        response: { 200: Shipment, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await getShipment(ctx, request.params.id);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  for (const kind of documentKinds) {
    const [name, format] = kind.split('.') as [string, string];
    app.get(
      `/shipments/:id/${kind}`,
      {
        config: { scope: 'admin' },
        schema: {
          tags: ['fulfilment'],
          operationId: `getShipment${name === 'label' ? 'Label' : 'PackingSlip'}${format === 'pdf' ? 'Pdf' : 'Zpl'}`,
          summary:
            kind === 'label.pdf'
              ? "The shipment's 10×15 cm label, PDF"
              : kind === 'label.zpl'
                ? "The shipment's label in ZPL II, for 203 dpi thermal printers"
                : "The shipment's packing slip, A4 PDF",
          description:
            'The label carries the recipient, the sender (its location’s address), the service, the weight, a Code 128 of the tracking number (the shipment id until there is one) and a Data Matrix `AFF1|shipment|order|tracking|postal code|country`; the packing slip carries the order’s Code 128 and each item’s EAN-13, for scanning at the packing station. A location without an address answers 422 `location_unaddressed`.',
          params: ById,
          response: { 200: Type.Unsafe({ type: 'string', format: 'binary' }), ...errors(401, 403, 404, 422) },
        },
      },
      async (request, reply) => {
        const result = await shipmentDocument(ctx, request.params.id, kind);
        if (!result.ok) return sendFailure(reply, result);
        return reply
          .type(result.value.contentType)
          .header('content-disposition', `inline; filename="${result.value.filename}"`)
          .send(result.value.body);
      },
    );
  }

  app.post(
    '/shipments/:id/transitions',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['fulfilment'],
        operationId: 'transitionShipment',
        summary:
          'Move a shipment along label_created → packed → handed_over → in_transit → delivered, or to exception',
        description:
          "At hand-over its units leave on hand and the ledger records the shipment (once, whatever follows); the order becomes `shipped` once all its parcels have left, `delivered` once all arrived. `tracking_number` records the carrier's number. A move the process does not allow answers 409 `invalid_transition` with the moves allowed.",
        params: ById,
        body: Type.Object(
          {
            to: literals(shipmentStatuses),
            tracking_number: Type.Optional({ ...Text(64), pattern: '^[A-Za-z0-9-]+$' }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Shipment, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const result = await moveShipment(
        ctx,
        request.params.id,
        request.body.to,
        request.body.tracking_number,
      );
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );
};
