/**
 * The label and the packing slip, checked as a person at the packing bench would: the PDFs are read
 * back with MuPDF (page size, text, metadata), their pages rendered to PNG and the barcodes on them
 * decoded with ZXing, so a barcode that is clipped, too small or missing its quiet zone fails here.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as mupdf from 'mupdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareZXingModule, type ReadResult, readBarcodes } from 'zxing-wasm/reader';
import { isValidGtin13 } from '../catalog/core/gtin.js';
import {
  labelBarcodeText,
  labelCodeText,
  labelPdf,
  labelZpl,
  type ShipmentDocument,
  type ShipmentDocumentItem,
} from './labels.js';
import { packingSlipPdf } from './packing-slip.js';

const millimetresPerPoint = 25.4 / 72;

const shipment: ShipmentDocument = {
  shipmentId: 'shp_01JDZK3X8M2Q4R5T6V7W8X9Y0Z',
  orderNumber: 'AF0001234',
  trackingNumber: '6A12345678901',
  carrierName: 'Colissimo',
  serviceName: 'Domicile sans signature',
  packageCode: 'BOX-M',
  weightGrams: 1250,
  sender: {
    shopName: 'Maison Œillet',
    address: { line1: '12 rue de la Forge', postalCode: '42000', city: 'Saint-Étienne', countryCode: 'FR' },
  },
  recipient: {
    name: 'Zoé Lefèvre-Győri',
    line1: 'Hôtel-Dieu, 1 place du Parvis Notre-Dame',
    line2: 'Bâtiment B, 2ᵉ étage',
    postalCode: '75004',
    city: 'Paris',
    countryCode: 'FR',
  },
  items: [
    { sku: 'MUG-BLEU-350', name: 'Mug en grès bleu 35 cl', quantity: 2, gtin13: '4006381333931' },
    { sku: 'CARTE-CADEAU', name: 'Carte cadeau 50 €', quantity: 1, gtin13: null },
    { sku: 'THE-NOIR-100', name: 'Thé noir « Fleur de Œillet »', quantity: 3, gtin13: '5901234123457' },
  ],
  promisedDeliveryDate: '2026-12-04',
  createdAtMs: Date.UTC(2026, 11, 1, 14, 3, 27),
};

const beforeCarrier: ShipmentDocument = { ...shipment, trackingNumber: null };

/** 60 lines, every other with a GTIN: more than a page. */
function manyItems(count: number): ShipmentDocumentItem[] {
  return Array.from({ length: count }, (_, index) => ({
    sku: `SKU-${String(index + 1).padStart(3, '0')}`,
    name: `Article n° ${index + 1}`,
    quantity: (index % 4) + 1,
    gtin13: index % 2 === 0 ? withCheckDigit(`400638133${String(index).padStart(3, '0')}`) : null,
  }));
}

function withCheckDigit(twelveDigits: string): string {
  const sum = [...twelveDigits].reduce(
    (total, digit, index) => total + Number(digit) * (index % 2 === 0 ? 1 : 3),
    0,
  );
  return `${twelveDigits}${(10 - (sum % 10)) % 10}`;
}

beforeAll(async () => {
  // The reader's WebAssembly comes from the package itself: by default it would be fetched from a CDN.
  const wasmPath = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
  const wasm = readFileSync(wasmPath);
  const wasmBinary = wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength);
  await prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
});

function open(pdf: Buffer): mupdf.Document {
  return mupdf.Document.openDocument(pdf, 'application/pdf');
}

function pageSizeMm(document: mupdf.Document, index = 0): [number, number] {
  const [x0, y0, x1, y1] = document.loadPage(index).getBounds();
  return [(x1 - x0) * millimetresPerPoint, (y1 - y0) * millimetresPerPoint];
}

function pageText(document: mupdf.Document, index = 0): string {
  return document.loadPage(index).toStructuredText('preserve-whitespace').asText();
}

/** The page as a PNG of `pixelsPerMm`, as a scanner or a camera would see the printed sheet. */
function pagePng(document: mupdf.Document, index: number, pixelsPerMm: number): Uint8Array {
  const zoom = pixelsPerMm * (25.4 / 72);
  const pixmap = document
    .loadPage(index)
    .toPixmap(mupdf.Matrix.scale(zoom, zoom), mupdf.ColorSpace.DeviceRGB, false);
  return pixmap.asPNG();
}

async function decode(
  png: Uint8Array,
  formats: ('Code128' | 'DataMatrix' | 'EAN13')[],
): Promise<ReadResult[]> {
  const results = await readBarcodes(png, { formats, tryHarder: true, maxNumberOfSymbols: 255 });
  return results.filter((result) => result.isValid);
}

function texts(results: ReadResult[], format: string): string[] {
  return results.filter((result) => result.format === format).map((result) => result.text);
}

describe('labelPdf', () => {
  it('is one page of 100 × 150 mm, titled and dated from the shipment', async () => {
    const document = open(await labelPdf(shipment));
    expect(document.countPages()).toBe(1);
    const [width, height] = pageSizeMm(document);
    expect(width).toBeCloseTo(100, 1);
    expect(height).toBeCloseTo(150, 1);
    expect(document.getMetaData('info:Title')).toBe(`Shipping label ${shipment.shipmentId}, order AF0001234`);
    expect(document.getMetaData('info:CreationDate')).toMatch(/^D:20261201140327Z/);
  });

  it('prints the recipient, the sender, the carrier and the order as text, accents intact', async () => {
    const text = pageText(open(await labelPdf(shipment)));
    for (const expected of [
      'Zoé Lefèvre-Győri',
      'Hôtel-Dieu, 1 place du Parvis Notre-Dame',
      'Bâtiment B, 2ᵉ étage',
      '75004 Paris',
      'FRANCE',
      'From: Maison Œillet',
      '42000 Saint-Étienne',
      'Colissimo',
      'Domicile sans signature',
      '1.25 kg',
      'BOX-M',
      'Order AF0001234',
      'Deliver by 2026-12-04',
      '6A12345678901',
      shipment.shipmentId,
      'Created 2026-12-01 14:03 UTC',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('carries a Code 128 of the tracking number and a Data Matrix of the documented text', async () => {
    const results = await decode(pagePng(open(await labelPdf(shipment)), 0, 16), ['Code128', 'DataMatrix']);
    expect(texts(results, 'Code128')).toEqual(['6A12345678901']);
    const codeText = `AFF1|${shipment.shipmentId}|AF0001234|6A12345678901|75004|FR`;
    expect(labelCodeText(shipment)).toBe(codeText);
    expect(texts(results, 'DataMatrix')).toEqual([codeText]);
  });

  it('encodes the shipment id while the carrier has given no tracking number, still scannable', async () => {
    const document = open(await labelPdf(beforeCarrier));
    expect(labelBarcodeText(beforeCarrier)).toBe(shipment.shipmentId);
    // Read at the printer's own resolution: the 30 characters take the narrowest (2-dot) bars.
    const results = await decode(pagePng(document, 0, 8), ['Code128', 'DataMatrix']);
    expect(texts(results, 'Code128')).toEqual([shipment.shipmentId]);
    expect(texts(results, 'DataMatrix')).toEqual([`AFF1|${shipment.shipmentId}|AF0001234||75004|FR`]);
    expect(pageText(document)).toContain('Tracking not yet assigned');
  });

  it('gives the same bytes for the same shipment', async () => {
    const [first, second] = await Promise.all([labelPdf(shipment), labelPdf(shipment)]);
    expect(first.equals(second)).toBe(true);
  });

  it('shortens a name too long for the label instead of running off its edge', async () => {
    const longName = `${'Marie-Bénédicte '.repeat(8)}de La Tour d’Auvergne`;
    const document = open(
      await labelPdf({ ...shipment, recipient: { ...shipment.recipient, name: longName } }),
    );
    const nameLine = pageText(document)
      .split('\n')
      .find((line) => line.startsWith('Marie-Bénédicte'));
    expect(nameLine).toMatch(/…$/);
    expect(nameLine!.length).toBeLessThan(longName.length);
  });

  it('refuses a document that breaks its contract, naming the field', async () => {
    const cases: [Partial<ShipmentDocument>, RegExp][] = [
      [{ trackingNumber: '6A12^XZ' }, /trackingNumber/],
      [{ orderNumber: 'AF|0001' }, /orderNumber/],
      [{ weightGrams: 0 }, /weightGrams/],
      [{ items: [] }, /0 items/],
      [{ items: [{ sku: 'MUG', name: 'Mug', quantity: 1, gtin13: '4006381333932' }] }, /gtin13/],
      [{ promisedDeliveryDate: '04/12/2026' }, /promisedDeliveryDate/],
      [{ trackingNumber: 'X'.repeat(40) }, /too wide/],
    ];
    for (const [change, reason] of cases) {
      await expect(labelPdf({ ...shipment, ...change })).rejects.toThrow(reason);
      expect(() => labelZpl({ ...shipment, ...change })).toThrow(reason);
    }
  });
});

/** The fields of a ZPL format: their commands, and their data with `^FH` hex escapes decoded. */
function zplFields(zpl: string): { commands: string[]; data: string }[] {
  return zpl
    .split('^FS')
    .slice(0, -1)
    .map((field) => {
      const [head = '', data = ''] = field.split('^FD');
      const commands = [...head.matchAll(/\^([A-Z0-9@]{2})/g)].map((match) => match[1]!);
      return { commands, data: commands.includes('FH') ? unescapeHex(data) : data };
    });
}

/** What a printer makes of `_XX` escapes: bytes, the rest UTF-8 (`^CI28`). */
function unescapeHex(data: string): string {
  const bytes: number[] = [];
  for (let index = 0; index < data.length; ) {
    const hex = /^_([0-9A-Fa-f]{2})/.exec(data.slice(index));
    if (hex !== null) {
      bytes.push(Number.parseInt(hex[1]!, 16));
      index += 3;
    } else {
      const character = String.fromCodePoint(data.codePointAt(index)!);
      bytes.push(...Buffer.from(character, 'utf8'));
      index += character.length;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * The format as a 203 dpi printer prints it on a 4 × 6 in label (Zebrash, compiled to WebAssembly).
 * Its CommonJS build is required as is: Vite would transform the 8 MB ES build on every run.
 */
async function printedZpl(zpl: string): Promise<Uint8Array> {
  const renderer: typeof import('zpl-renderer-js') = createRequire(import.meta.url)('zpl-renderer-js');
  return Buffer.from(await renderer.zplToBase64Async(zpl, 101.6, 152.4, 8), 'base64');
}

describe('labelZpl', () => {
  it('is one ^XA … ^XZ format in UTF-8 for a 4 × 6 in label at 203 dpi', () => {
    const zpl = labelZpl(shipment);
    expect(zpl.startsWith('^XA')).toBe(true);
    expect(zpl.endsWith('^XZ')).toBe(true);
    expect(zpl.match(/\^XA/g)).toHaveLength(1);
    expect(zpl.match(/\^XZ/g)).toHaveLength(1);
    expect(zpl).toContain('^CI28');
    expect(zpl).toContain('^PW812');
    expect(zpl).toContain('^LL1218');
  });

  it('holds the tracking number in a Code 128 and the documented text in a Data Matrix', () => {
    const fields = zplFields(labelZpl(shipment));
    const code128 = fields.filter((field) => field.commands.includes('BC'));
    expect(code128.map((field) => field.data)).toEqual(['6A12345678901']);
    const dataMatrix = fields.filter((field) => field.commands.includes('BX'));
    expect(dataMatrix.map((field) => field.data)).toEqual([labelCodeText(shipment)]);
    const withoutTracking = zplFields(labelZpl(beforeCarrier)).filter((field) =>
      field.commands.includes('BC'),
    );
    expect(withoutTracking.map((field) => field.data)).toEqual([shipment.shipmentId]);
  });

  it("prints barcodes that scan like the PDF's, at 3-dot and at 2-dot modules", async () => {
    const printed = await decode(await printedZpl(labelZpl(shipment)), ['Code128', 'DataMatrix']);
    expect(texts(printed, 'Code128')).toEqual(['6A12345678901']);
    expect(texts(printed, 'DataMatrix')).toEqual([labelCodeText(shipment)]);
    const beforeTracking = await decode(await printedZpl(labelZpl(beforeCarrier)), ['Code128', 'DataMatrix']);
    expect(texts(beforeTracking, 'Code128')).toEqual([shipment.shipmentId]);
    expect(texts(beforeTracking, 'DataMatrix')).toEqual([labelCodeText(beforeCarrier)]);
  });

  it('prints the same text as the PDF, accents intact', () => {
    const data = zplFields(labelZpl(shipment)).map((field) => field.data);
    for (const expected of [
      'Zoé Lefèvre-Győri',
      '42000 Saint-Étienne',
      '75004 Paris',
      'Order AF0001234',
      'Colissimo',
    ]) {
      expect(data).toContain(expected);
    }
    expect(data.some((line) => line.startsWith('Hôtel-Dieu'))).toBe(true);
  });

  it('writes ^, ~, _ and \\ in field data as hex escapes, so the format stays whole', () => {
    const name = 'Zoé ^XZ~JA_x\\y';
    const zpl = labelZpl({ ...shipment, recipient: { ...shipment.recipient, name } });
    expect(zpl).not.toContain('~');
    expect(zpl.match(/\^XZ/g)).toHaveLength(1);
    expect(zpl).toContain('^FDZoé _5EXZ_7EJA_5Fx_5Cy^FS');
    const plainFields = zplFields(labelZpl(shipment));
    const trickyFields = zplFields(zpl);
    expect(trickyFields.map((field) => field.commands)).toEqual(plainFields.map((field) => field.commands));
    expect(trickyFields.map((field) => field.data)).toContain(name);
  });
});

describe('packingSlipPdf', () => {
  it('is an A4 page with the shop, the order, the recipient, the items and a line to initial', async () => {
    const document = open(await packingSlipPdf(shipment));
    expect(document.countPages()).toBe(1);
    const [width, height] = pageSizeMm(document);
    expect(width).toBeCloseTo(210, 1);
    expect(height).toBeCloseTo(297, 1);
    expect(document.getMetaData('info:Title')).toBe('Packing slip, order AF0001234');
    const text = pageText(document);
    for (const expected of [
      'Maison Œillet',
      'Order AF0001234',
      'Zoé Lefèvre-Győri',
      '75004 Paris',
      'MUG-BLEU-350',
      'Mug en grès bleu 35 cl',
      'Carte cadeau 50 €',
      'Thé noir « Fleur de Œillet »',
      '4006381333931',
      '3 lines, 6 units',
      "Packer's initials",
      'page 1 of 1',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("carries the order's Code 128 and each item's EAN-13, all decodable", async () => {
    const png = pagePng(open(await packingSlipPdf(shipment)), 0, 8);
    const results = await decode(png, ['Code128', 'EAN13']);
    expect(texts(results, 'Code128')).toEqual(['AF0001234']);
    expect(texts(results, 'EAN13').sort()).toEqual(['4006381333931', '5901234123457']);
  });

  it('flows 60 items onto further pages, each item once, every page numbered', async () => {
    const items = manyItems(60);
    expect(items.every((item) => item.gtin13 === null || isValidGtin13(item.gtin13))).toBe(true);
    const document = open(await packingSlipPdf({ ...shipment, items }));
    const pages = document.countPages();
    expect(pages).toBeGreaterThan(1);
    const pageTexts = Array.from({ length: pages }, (_, index) => pageText(document, index));
    const all = pageTexts.join('\n');
    for (const item of items) {
      expect(all.split(item.sku)).toHaveLength(2);
    }
    pageTexts.forEach((text, index) => {
      expect(text).toContain(`page ${index + 1} of ${pages}`);
      if (index > 0) expect(text).toContain('Order AF0001234 (continued)');
    });
    expect(pageTexts.at(-1)).toContain('60 lines, 150 units');
    // A later page's barcodes scan too.
    const lastResults = await decode(pagePng(document, pages - 1, 8), ['EAN13']);
    const lastPageGtins = items.filter(
      (item) => item.gtin13 !== null && pageTexts.at(-1)!.includes(item.sku),
    );
    expect(texts(lastResults, 'EAN13').sort()).toEqual(lastPageGtins.map((item) => item.gtin13).sort());
  });
});
