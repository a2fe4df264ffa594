/**
 * Scan-to-verify packing, pure: the packer scanned the order's barcode to open the parcel; then
 * each item (its GTIN, or its SKU code keyed in), then the parcel's label. A wrong item, one item
 * too many, or a label that is not this parcel's is refused at once and changes nothing; the label
 * is taken only once every item is in. Parcels with the wrong contents or another customer's label
 * are what this step is there to stop.
 */

import { fail, ok, type Result } from '../../platform/core/errors.js';

export interface ExpectedItem {
  readonly sku: string;
  readonly name: string;
  /** What a scanner reads off it; null when it has none (the SKU code is keyed in instead). */
  readonly gtin: string | null;
  readonly quantity: number;
}

export interface ParcelToPack {
  readonly shipmentId: string;
  /** The codes this parcel's label may carry: its tracking number, and its shipment id. */
  readonly labelCodes: readonly string[];
  readonly items: readonly ExpectedItem[];
}

/** Units scanned so far, by SKU. */
export type Scanned = Readonly<Record<string, number>>;

export type PackingStep = 'scanning_items' | 'scanning_label' | 'done';

export type ScanOutcome =
  | { readonly kind: 'item'; readonly sku: string; readonly name: string; readonly left: number }
  | { readonly kind: 'label' };

/** Scanners send what they read with spaces or a stray newline around it; codes never hold any. */
function clean(code: string): string {
  return code.trim();
}

export function unitsLeft(parcel: ParcelToPack, scanned: Scanned): number {
  return parcel.items.reduce((sum, item) => sum + item.quantity - (scanned[item.sku] ?? 0), 0);
}

export function stepOf(parcel: ParcelToPack, scanned: Scanned, labelScanned: boolean): PackingStep {
  if (labelScanned) return 'done';
  return unitsLeft(parcel, scanned) === 0 ? 'scanning_label' : 'scanning_items';
}

function missing(parcel: ParcelToPack, scanned: Scanned): string {
  return parcel.items
    .filter((item) => (scanned[item.sku] ?? 0) < item.quantity)
    .map((item) => `${item.sku} ×${item.quantity - (scanned[item.sku] ?? 0)}`)
    .join(', ');
}

/**
 * One scan: the units scanned after it and what it was, or why it is refused (`scan_refused`, with
 * `reason`: `wrong_item`, `item_complete`, `items_missing`, `wrong_label`, `parcel_done`).
 */
export function scanCode(
  parcel: ParcelToPack,
  scanned: Scanned,
  labelScanned: boolean,
  rawCode: string,
): Result<{ scanned: Scanned; outcome: ScanOutcome }> {
  const code = clean(rawCode);
  if (labelScanned) {
    return fail('scan_refused', 'This parcel is packed already: open the next order.', {
      reason: 'parcel_done',
      code,
    });
  }
  const item = parcel.items.find((candidate) => candidate.gtin === code || candidate.sku === code);
  if (item !== undefined) {
    const already = scanned[item.sku] ?? 0;
    if (already >= item.quantity) {
      return fail(
        'scan_refused',
        `One ${item.name} too many: this parcel takes ${item.quantity}. Put it back.`,
        {
          reason: 'item_complete',
          code,
          sku: item.sku,
          quantity: item.quantity,
        },
      );
    }
    const next = { ...scanned, [item.sku]: already + 1 };
    return ok({
      scanned: next,
      outcome: { kind: 'item', sku: item.sku, name: item.name, left: item.quantity - already - 1 },
    });
  }
  if (parcel.labelCodes.includes(code)) {
    const left = unitsLeft(parcel, scanned);
    if (left > 0) {
      return fail(
        'scan_refused',
        `Not yet: ${left} item${left === 1 ? '' : 's'} still to scan (${missing(parcel, scanned)}).`,
        {
          reason: 'items_missing',
          code,
          left,
        },
      );
    }
    return ok({ scanned, outcome: { kind: 'label' } });
  }
  // Neither one of its items nor its label: the label of another parcel, or an item not ordered.
  const left = unitsLeft(parcel, scanned);
  return left > 0
    ? fail(
        'scan_refused',
        `${code} is not in this order. Put it aside; still to scan: ${missing(parcel, scanned)}.`,
        {
          reason: 'wrong_item',
          code,
        },
      )
    : fail('scan_refused', `${code} is not this parcel's label. Do not stick it: print this parcel's own.`, {
        reason: 'wrong_label',
        code,
      });
}
