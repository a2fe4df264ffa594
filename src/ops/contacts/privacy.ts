/**
 * A customer's contacts, for their data rights (src/privacy). A contact is the customer's when it
 * names one of their orders: one that names none cannot be told apart from anyone's. Its topic is
 * free text the help desk sends, which may quote the customer; its channel and instant stay through
 * an erasure, so the contacts per minute and per order count as before.
 */
import { rewriteEventPayloads } from '../../platform/outbox/events.js';
import type { Repos } from '../../platform/store/store.js';
import { contactView } from './contacts.js';
import type { Contact } from './contract.js';

/** The contacts about these orders, as `GET /v1/contacts` lists them, oldest first. */
export async function contactsOfOrders(tx: Repos, orderIds: readonly string[]): Promise<Contact[]> {
  return (await tx.contacts.ofOrders(orderIds)).map(contactView);
}

/**
 * Replaces the topics of the contacts about these orders, and in their `contact.recorded` events, in
 * the caller's transaction. Returns how many contacts there were, and the events rewritten.
 */
export async function eraseContactTopics(
  tx: Repos,
  orderIds: readonly string[],
  topic: string,
): Promise<{ contacts: number; eventIds: number[] }> {
  const ids = (await tx.contacts.ofOrders(orderIds)).map((row) => row.id);
  await tx.contacts.replaceTopics(ids, topic);
  const events = await tx.events.eventsOfEntities('contact', ids);
  const eventIds = await rewriteEventPayloads(tx, events, (payload) =>
    typeof payload === 'object' && payload !== null && typeof (payload as Contact).topic === 'string'
      ? { ...payload, topic }
      : payload,
  );
  return { contacts: ids.length, eventIds };
}
