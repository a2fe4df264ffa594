import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ParcelToPack, type Scanned, scanCode, stepOf } from './packing-scan.js';

const parcel: ParcelToPack = {
  shipmentId: 'shp_1',
  labelCodes: ['6A12345678901', 'shp_1'],
  items: [
    { sku: 'BOOK', name: 'Paperback', gtin: '9782070368228', quantity: 2 },
    { sku: 'PEN', name: 'Pen', gtin: null, quantity: 1 },
  ],
};

function scanAll(codes: readonly string[]): { scanned: Scanned; labelScanned: boolean; refused: string[] } {
  let scanned: Scanned = {};
  let labelScanned = false;
  const refused: string[] = [];
  for (const code of codes) {
    const result = scanCode(parcel, scanned, labelScanned, code);
    if (!result.ok) {
      refused.push(String(result.details?.reason));
      continue;
    }
    scanned = result.value.scanned;
    if (result.value.outcome.kind === 'label') labelScanned = true;
  }
  return { scanned, labelScanned, refused };
}

describe('scan-to-verify packing', () => {
  it('takes each item by its barcode or its SKU code, then the label, and the parcel is packed', () => {
    const packed = scanAll(['9782070368228', ' 9782070368228\n', 'PEN', '6A12345678901']);
    expect(packed).toEqual({ scanned: { BOOK: 2, PEN: 1 }, labelScanned: true, refused: [] });
    expect(stepOf(parcel, packed.scanned, packed.labelScanned)).toBe('done');
  });

  it('refuses an item not ordered, one too many, the label too early and another parcel’s label, loud and clear', () => {
    const wrong = scanCode(parcel, {}, false, '4006381333931');
    expect(wrong).toMatchObject({ ok: false, code: 'scan_refused', details: { reason: 'wrong_item' } });
    expect(!wrong.ok && wrong.message).toBe(
      '4006381333931 is not in this order. Put it aside; still to scan: BOOK ×2, PEN ×1.',
    );
    expect(scanCode(parcel, { BOOK: 2 }, false, '9782070368228')).toMatchObject({
      ok: false,
      message: 'One Paperback too many: this parcel takes 2. Put it back.',
    });
    expect(scanCode(parcel, { BOOK: 1 }, false, 'shp_1')).toMatchObject({
      ok: false,
      message: 'Not yet: 2 items still to scan (BOOK ×1, PEN ×1).',
    });
    expect(scanCode(parcel, { BOOK: 2, PEN: 1 }, false, '6A00000000000')).toMatchObject({
      ok: false,
      details: { reason: 'wrong_label' },
    });
    expect(scanCode(parcel, { BOOK: 2, PEN: 1 }, true, 'PEN')).toMatchObject({
      ok: false,
      details: { reason: 'parcel_done' },
    });
  });

  it('never packs a parcel whose items are not exactly those ordered, whatever is scanned', () => {
    const codes = fc.constantFrom(
      '9782070368228',
      'BOOK',
      'PEN',
      '4006381333931',
      'shp_1',
      'shp_2',
      '6A12345678901',
    );
    fc.assert(
      fc.property(fc.array(codes, { maxLength: 12 }), (sequence) => {
        const { scanned, labelScanned } = scanAll(sequence);
        expect(scanned.BOOK ?? 0).toBeLessThanOrEqual(2);
        expect(scanned.PEN ?? 0).toBeLessThanOrEqual(1);
        if (labelScanned) expect(scanned).toEqual({ BOOK: 2, PEN: 1 });
      }),
    );
  });
});
