/** The contract of incoming stock: purchase orders and their receipts, the terms of selling beyond stock, and the order lines waiting for stock. */
import { type Static, Type } from '@sinclair/typebox';
import { Instant, literals, Nullable } from '../../platform/http/schemas.js';
import { backorderModes } from '../core/backorders.js';

/** A civil date, `YYYY-MM-DD`, in the shop's time zone. */
export const Day = Type.String({
  format: 'date',
  description: 'A date, `YYYY-MM-DD`, in the shop’s time zone',
});

export const purchaseOrderStatuses = ['open', 'received', 'closed'] as const;

export const PurchaseOrderLine = Type.Object({
  sku: Type.String(),
  ordered: Type.Integer(),
  received: Type.Integer({ description: 'May pass `ordered`: a supplier sent more' }),
  remaining: Type.Integer({
    description: 'Still to come while the order is open: ordered less received, never below 0',
  }),
});

export const ReceiptLine = Type.Object({ sku: Type.String(), quantity: Type.Integer() });

/** A waiting order line a receipt served. */
export const ServedLine = Type.Object({
  order_id: Type.String(),
  order_number: Type.String(),
  line_no: Type.Integer(),
  sku: Type.String(),
  location: Type.String(),
  quantity: Type.Integer(),
});

export const Receipt = Type.Object({
  id: Type.String(),
  delivery_note: Nullable(Type.String()),
  lines: Type.Array(ReceiptLine),
  served: Type.Array(ServedLine, {
    description: 'The waiting order lines the receipt reserved units for, first come first served',
  }),
  closes: Type.Boolean({
    description: 'Whether the receipt closed the purchase order: nothing more will come',
  }),
  created_at: Instant,
});
export type Receipt = Static<typeof Receipt>;

export const PurchaseOrder = Type.Object({
  id: Type.String(),
  supplier: Type.String(),
  reference: Nullable(Type.String()),
  location: Type.String({ description: 'Where the goods are delivered' }),
  expected_on: Day,
  status: literals(purchaseOrderStatuses),
  late: Type.Boolean({ description: 'Open with units still to come after its expected date' }),
  lines: Type.Array(PurchaseOrderLine),
  receipts: Type.Array(Receipt),
  created_at: Instant,
  updated_at: Instant,
});
export type PurchaseOrder = Static<typeof PurchaseOrder>;

/** The answer to a receipt: the receipt, and its purchase order after it. */
export const ReceiptAnswer = Type.Object({ receipt: Receipt, purchase_order: PurchaseOrder });
export type ReceiptAnswer = Static<typeof ReceiptAnswer>;

export const BackorderTerms = Type.Object({
  sku: Type.String(),
  channel: Type.String(),
  mode: literals(backorderModes),
  limit: Type.Integer({ description: 'The most units that may wait for stock at once' }),
  waiting: Type.Integer({ description: 'Units sold beyond stock and waiting now' }),
  release_on: Nullable(Day),
  paused: Type.Boolean({ description: 'Sells nothing more beyond stock; the units waiting still wait' }),
  available: Type.Integer({
    description:
      'Units the channel may sell beyond its stock now: for a backorder, never more than the open purchase orders bring after the units already waiting; for a pre-order, none from its release date',
  }),
  updated_at: Instant,
});
export type BackorderTerms = Static<typeof BackorderTerms>;

/** One order line waiting for stock. */
export const WaitingLine = Type.Object({
  id: Type.Integer({ description: 'Its place in the queue: the lower, the sooner it is served' }),
  order_id: Type.String(),
  order_number: Type.String(),
  order_status: Type.String(),
  line_no: Type.Integer(),
  sku: Type.String(),
  channel: Type.String(),
  waiting: Type.Integer(),
  promised_on: Nullable(Day),
  expected_on: Nullable(
    Type.String({
      format: 'date',
      description: 'When it can now be served; null when no open purchase order covers it',
    }),
  ),
  delayed: Type.Boolean({ description: 'Expected later than promised, or not expected at all' }),
  delayed_since: Nullable(Instant),
  created_at: Instant,
});
export type WaitingLine = Static<typeof WaitingLine>;

/** What is on its way of a SKU, as the stock view and availability show it. */
export const Incoming = Type.Object({
  purchase_order_id: Type.String(),
  location: Type.String(),
  expected_on: Day,
  quantity: Type.Integer(),
  late: Type.Boolean(),
});
export type Incoming = Static<typeof Incoming>;
