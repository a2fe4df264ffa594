/**
 * `POST /v1/privacy/exports`: everything Affluence holds on a customer (the right of access and to
 * portability), read through each part's entry. Reads only: it runs on the read connections, so the
 * shop's writes never wait for it.
 */
import { customerAdventEvents, customerAdventPlays } from '../campaigns/index.js';
import { shipmentsOfOrders } from '../fulfilment/index.js';
import { contactsOfOrders } from '../ops/index.js';
import { customerOrders } from '../orders/index.js';
import { paymentsOfOrders } from '../payments/index.js';
import { type AppContext, toIso } from '../platform/context.js';
import type { EventRow } from '../platform/outbox/event-repo.js';
import { eventView } from '../platform/outbox/events.js';
import { customerKey } from '../pricing/core/promo-codes.js';
import { customerPromoCodeUses } from '../pricing/index.js';
import { returnsOfOrders } from '../returns/index.js';
import type { CustomerExport, ExportInput } from './contract.js';

export async function exportCustomer(ctx: AppContext, input: ExportInput): Promise<CustomerExport> {
  const read = ctx.store.read;
  const customer = customerKey(input.email);
  const exportedAt = ctx.clock.now();
  const orders = await customerOrders(read, customer);
  const orderIds = orders.map((order) => order.id);
  const [payments, returns, shipments, contacts, adventPlays, promoCodeUses] = await Promise.all([
    paymentsOfOrders(read, orderIds),
    returnsOfOrders(read, orderIds),
    shipmentsOfOrders(read, orderIds),
    contactsOfOrders(read, orderIds),
    customerAdventPlays(read, customer),
    customerPromoCodeUses(read, customer),
  ]);
  const returnIds = returns.map((row) => row.id);
  const contactIds = contacts.map((row) => row.id);
  const events: EventRow[] = [
    ...(await read.events.eventsOfEntities('order', orderIds)),
    ...(await read.events.eventsOfEntities('return', returnIds)),
    ...(await read.events.eventsOfEntities('contact', contactIds)),
    ...(await customerAdventEvents(read, customer)),
  ];
  return {
    email: input.email,
    exported_at: toIso(exportedAt),
    orders,
    payments,
    returns,
    shipments,
    contacts,
    advent_plays: adventPlays,
    promo_code_uses: promoCodeUses,
    events: events.sort((a, b) => a.id - b.id).map(eventView),
  };
}
