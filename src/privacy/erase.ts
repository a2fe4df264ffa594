/**
 * `POST /v1/privacy/erasures`: a customer's right to erasure. Their personal data is replaced, in one
 * transaction, by one random pseudonym and by `erased`, through each part's entry: the customer,
 * names and addresses of their orders (the country kept), the first answers kept for retries, the
 * postal code their shipments' reasons name, their words on returns, their contacts' topics, their
 * advent plays and promo code uses, and every outbox event that copied any of it. Amounts,
 * quantities, SKUs, statuses, dates and the stock ledger stay as they were: the books, the stock and
 * every figure add up as before, and count the customer as one customer still. The erasure is
 * written to the audit log under the pseudonym (never the email), and told to the outbox's
 * consumers (`customer.erased`) so that the shop's own tools can erase their copies.
 */
import { rekeyAdventPlays } from '../campaigns/index.js';
import { eraseShipmentDestinations } from '../fulfilment/index.js';
import { eraseContactTopics } from '../ops/index.js';
import { customerOrders, type OrderPseudonym, pseudonymiseOrders } from '../orders/index.js';
import { paymentsOfOrders } from '../payments/index.js';
import type { Actor } from '../platform/audit/audit.js';
import { type AppContext, inTransaction } from '../platform/context.js';
import { ok, type Result } from '../platform/core/errors.js';
import { customerKey } from '../pricing/core/promo-codes.js';
import { rekeyPromoCodeUses } from '../pricing/index.js';
import { eraseReturnNotes } from '../returns/index.js';
import type { Erasure, ErasureInput } from './contract.js';
import { erasedAddress, erasedText, pseudonymEmails, pseudonymOf } from './core/pseudonyms.js';

export async function eraseCustomer(
  ctx: AppContext,
  input: ErasureInput,
  actor: Actor,
): Promise<Result<Erasure>> {
  const customer = customerKey(input.email);
  // A new ULID, random past its instant: nothing of the customer goes into their pseudonym.
  const pseudonym = pseudonymOf(ctx.newId('erased').slice('erased_'.length));
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    // Locked first, before anything else is changed: a second erasure of the same customer waits.
    const orders = await customerOrders(tx, customer, true);
    const orderIds = orders.map((order) => order.id);
    const emails = pseudonymEmails(
      pseudonym,
      customer,
      orders.map((order) => order.customer.email),
    );
    const pseudonyms: OrderPseudonym[] = orders.map((order) => ({
      orderId: order.id,
      email: emails.get(order.customer.email.toLowerCase())!,
      name: null,
      shippingAddress: erasedAddress(order.shipping_address),
    }));

    const shipments = await eraseShipmentDestinations(
      tx,
      orders.map((order, index) => ({
        orderId: order.id,
        country: order.shipping_address.country,
        postalCode: order.shipping_address.postal_code,
        erasedPostalCode: pseudonyms[index]!.shippingAddress.postal_code,
      })),
    );
    const orderEventIds = await pseudonymiseOrders(tx, pseudonyms);
    const returns = await eraseReturnNotes(tx, orderIds, erasedText);
    const contacts = await eraseContactTopics(tx, orderIds, erasedText);
    const plays = await rekeyAdventPlays(tx, customer, pseudonym);
    const promoCodeUses = await rekeyPromoCodeUses(tx, customer, pseudonym);
    const events = new Set([
      ...shipments.eventIds,
      ...orderEventIds,
      ...returns.eventIds,
      ...contacts.eventIds,
      ...plays.eventIds,
    ]);
    const erased: Erasure['erased'] = {
      orders: orders.length,
      payments: (await paymentsOfOrders(tx, orderIds)).length,
      returns: returns.returns,
      shipments: shipments.shipments,
      contacts: contacts.contacts,
      advent_plays: plays.plays,
      promo_code_uses: promoCodeUses,
      events: events.size,
    };

    // Written even when nothing was held: the shop can show that the request was handled.
    await tx.audit.append({
      at: now,
      actor_key_id: actor.keyId,
      actor_name: actor.name,
      action: 'privacy.erasure',
      target: pseudonym,
      reason: input.reason,
      details: JSON.stringify({ erased }),
    });
    if (Object.values(erased).some((count) => count > 0)) {
      // The shop's tools got the customer's data through webhooks and the relay: this tells them
      // which orders to erase in their own copies, naming only the pseudonym and the orders' ids.
      await tx.events.append(
        [
          {
            type: 'customer.erased',
            entityType: 'customer',
            entityId: pseudonym,
            payload: { customer: pseudonym, order_ids: orderIds, erased },
          },
        ],
        now,
      );
    }
    return ok({ customer: pseudonym, erased });
  });
}
