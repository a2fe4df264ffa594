/**
 * A customer's payments, for their data rights (src/privacy). A payment names no person: its amount,
 * provider and provider's reference stay as they are through an erasure, for the books and for
 * refunds the provider must match.
 */
import type { Repos } from '../platform/store/store.js';
import type { Payment } from './contract.js';
import { paymentView } from './payments.js';

/** The payments recorded on these orders, by order then as recorded. */
export async function paymentsOfOrders(tx: Repos, orderIds: readonly string[]): Promise<Payment[]> {
  return (await tx.payments.paymentsOfOrders(orderIds)).map(paymentView);
}
