/** The contract of customer data rights: the TypeBox schemas of their requests and answers, the one definition of their shape (routes validate and document with them; use cases, tests and the page use their Static types). */
import { type Static, Type } from '@sinclair/typebox';
import { Play } from '../campaigns/advent/contract.js';
import { Shipment } from '../fulfilment/shipments/contract.js';
import { Contact } from '../ops/contacts/contract.js';
import { Order } from '../orders/contract.js';
import { Payment } from '../payments/contract.js';
import { limits } from '../platform/core/limits.js';
import { Instant, Text } from '../platform/http/schemas.js';
import { Event } from '../platform/outbox/contract.js';
import { PromoCodeUse } from '../pricing/promo-codes/contract.js';
import { Return } from '../returns/contract.js';

const CustomerEmail = Type.String({
  format: 'email',
  maxLength: limits.nameLengthMax,
  description:
    'The customer’s email: any case, and any `+tag` (the customer as promo codes and the advent calendar know them)',
});

export const ExportInput = Type.Object({ email: CustomerEmail }, { additionalProperties: false });
export type ExportInput = Static<typeof ExportInput>;

export const ErasureInput = Type.Object(
  {
    email: CustomerEmail,
    reason: { ...Text(), description: 'Why: the customer’s request and its reference, for the audit log' },
  },
  { additionalProperties: false },
);
export type ErasureInput = Static<typeof ErasureInput>;

export const CustomerExport = Type.Object({
  email: Type.String({ description: 'The email asked for' }),
  exported_at: Instant,
  orders: Type.Array(Order, { description: 'As `GET /v1/orders/{id}` gives them, oldest first' }),
  payments: Type.Array(Payment, { description: 'Recorded on those orders' }),
  returns: Type.Array(Return, { description: 'Of those orders, with the customer’s words on their lines' }),
  shipments: Type.Array(Shipment, {
    description: 'Of those orders; their reasons name the destination’s postal code',
  }),
  contacts: Type.Array(Contact, { description: 'The help desk’s contacts naming one of those orders' }),
  advent_plays: Type.Array(Play, { description: 'The advent calendar’s doors they opened' }),
  promo_code_uses: Type.Array(PromoCodeUse),
  events: Type.Array(Event, {
    description:
      'The outbox events about them: of their orders, returns and contacts, and the advent draws they won',
  }),
});
export type CustomerExport = Static<typeof CustomerExport>;

const Count = (description: string) => Type.Integer({ minimum: 0, description });

export const Erasure = Type.Object({
  customer: Type.String({
    description:
      'The pseudonym that now stands for the customer everywhere (`erased-…@erased.invalid`): random, the same in each of their rows',
  }),
  erased: Type.Object(
    {
      orders: Count('Orders whose customer, name and address were replaced'),
      payments: Count('Payments of those orders, kept as they were: they name no person'),
      returns: Count('Returns of those orders, the customer’s words erased'),
      shipments: Count('Shipments of those orders, the postal code erased from their reasons'),
      contacts: Count('Contacts naming those orders, their topics erased'),
      advent_plays: Count('Advent plays moved to the pseudonym'),
      promo_code_uses: Count('Promo code uses moved to the pseudonym'),
      events: Count('Outbox events whose payloads named them, rewritten'),
    },
    { description: 'What the erasure went through: all 0 when nothing is held on that email' },
  ),
});
export type Erasure = Static<typeof Erasure>;
