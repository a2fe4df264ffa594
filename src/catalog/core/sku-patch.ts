/** What a bulk change says of a SKU, pure: the shape a catalogue file's row and an order history's SKU take. */
import type { TaxClass } from '../../pricing/core/vat.js';

/** A SKU as an import gives it: a field left undefined stays as stored (or takes its default, for a new SKU). */
export interface SkuPatch {
  readonly sku: string;
  readonly name: string;
  readonly weight_g?: number | null;
  readonly length_mm?: number | null;
  readonly width_mm?: number | null;
  readonly height_mm?: number | null;
  readonly gtin?: string | null;
  readonly tax_class?: TaxClass;
  readonly perishable?: boolean;
  /** Channel → unit price in minor units; null stops selling there; a channel not named keeps its price. */
  readonly prices?: Readonly<Record<string, number | null>>;
}
