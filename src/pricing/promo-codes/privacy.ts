/**
 * A customer's promo code uses, for their data rights (src/privacy). A use knows its customer by
 * their key (lower case, `+tag` dropped); an erasure moves every use to the customer's pseudonym, the
 * same for each, so a code's per-customer limit still counts them as one customer's uses.
 */
import { toIso } from '../../platform/context.js';
import type { Repos } from '../../platform/store/store.js';
import type { PromoCodeUse } from './contract.js';

/** The customer's uses of every code, oldest first. */
export async function customerPromoCodeUses(tx: Repos, customer: string): Promise<PromoCodeUse[]> {
  return (await tx.promoCodes.usesOfCustomer(customer)).map((row) => ({
    code: row.code,
    order_id: row.order_id,
    customer: row.customer_key,
    discount: row.discount_minor,
    created_at: toIso(row.created_at),
    released_at: row.released_at === null ? null : toIso(row.released_at),
  }));
}

/** Moves the customer's uses to `pseudonym`, in the caller's transaction; returns how many moved. */
export function rekeyPromoCodeUses(tx: Repos, customer: string, pseudonym: string): Promise<number> {
  return tx.promoCodes.rekeyUses(customer, pseudonym);
}
