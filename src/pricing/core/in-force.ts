/**
 * The price an order line pays: the base price in force at the instant the order is accepted, or
 * the price of the sale running then, with the VAT rate of the SKU's class in the channel's country.
 */
import { applySale, type SaleRule } from './timeline.js';
import { type TaxClass, type TaxCountry, taxRateBp } from './vat.js';

/** What the store says of a SKU's price on a channel at one instant. */
export interface PriceInForce {
  readonly baseMinor: number;
  readonly sale: { readonly saleId: string; readonly rule: SaleRule } | null;
}

export interface LinePrice {
  readonly unitPriceMinor: number;
  readonly taxRateBp: number;
  /** The sale the price comes from; null at the base price. */
  readonly saleId: string | null;
}

export function linePrice(price: PriceInForce, taxClass: TaxClass, country: TaxCountry): LinePrice {
  return {
    unitPriceMinor: price.sale === null ? price.baseMinor : applySale(price.baseMinor, price.sale.rule),
    taxRateBp: taxRateBp(country, taxClass),
    saleId: price.sale?.saleId ?? null,
  };
}
