/**
 * A shipment's shipping label, as a 10×15 cm PDF and as ZPL II for 203 dpi thermal printers, both drawn
 * from one layout so that the two are the same label; and the pieces the packing slip shares with it
 * (the document, its check, the font, barcodes at the printer's resolution, PDF plumbing).
 *
 * Fonts: DejaVu Sans from the npm package `dejavu-fonts-ttf` is embedded (subset) in every PDF, so any
 * Latin, Greek or Cyrillic text prints as given ("Hôtel-Dieu", "Győr", "Œ", "€") on a machine with no
 * system font; scripts DejaVu Sans lacks (Chinese, Japanese) would print as empty boxes. Text is
 * NFC-normalised and control characters become spaces before it is drawn.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import bwipjs from 'bwip-js';
import PDFDocument from 'pdfkit';
import { isValidGtin13 } from '../catalog/core/gtin.js';
import { limits } from '../platform/core/limits.js';

/** A postal address as a carrier prints it. */
export interface ShipmentAddress {
  readonly line1: string;
  readonly line2?: string | null;
  readonly postalCode: string;
  readonly city: string;
  /** ISO 3166-1 alpha-2, upper case (`FR`): carriers route on it, and it is printed as the country's name. */
  readonly countryCode: string;
}

export interface ShipmentDocumentItem {
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
  /** The item's GTIN-13 (EAN-13), 13 digits with a valid check digit, or null when it has none. */
  readonly gtin13: string | null;
}

/** What the label and the packing slip print about one shipment, as the fulfilment part hands it over. */
export interface ShipmentDocument {
  readonly shipmentId: string;
  readonly orderNumber: string;
  /** Null until the carrier gives one: the label's Code 128 then carries the shipment id. */
  readonly trackingNumber: string | null;
  readonly carrierName: string;
  readonly serviceName: string;
  /** The box or envelope the packer uses (`BOX-M`). */
  readonly packageCode: string;
  readonly weightGrams: number;
  readonly sender: { readonly shopName: string; readonly address: ShipmentAddress };
  readonly recipient: { readonly name: string } & ShipmentAddress;
  readonly items: readonly ShipmentDocumentItem[];
  /** The local civil date promised to the customer, `YYYY-MM-DD`. */
  readonly promisedDeliveryDate: string;
  /** When the shipment was created (UTC epoch ms): printed, and the PDFs' creation date. */
  readonly createdAtMs: number;
}

/** 100 × 150 mm is the label stock every parcel carrier's thermal printers take (the "4×6" label). */
export const labelWidthMm = 100;
export const labelHeightMm = 150;
/** 203 dpi thermal printers print 8 dots per mm: barcodes are drawn on that grid so bars never blur. */
export const printerDotsPerMm = 8;
/** The ZPL label is the printer's 4 × 6 in at 203 dpi; the layout uses its first 800 × 1200 dots. */
export const zplLabelWidthDots = 812;
export const zplLabelHeightDots = 1218;
/** 3 dots (0.375 mm) per Code 128 module reads at arm's length with any handheld scanner. */
export const code128ModuleDotsPreferred = 3;
/** 2 dots (0.25 mm) is the narrowest bar a 203 dpi head prints evenly; one-dot bars smear. */
export const code128ModuleDotsMin = 2;
/** The Code 128 specification asks for 10 modules of white on each side of the bars. */
export const code128QuietZoneModules = 10;
/** 22 mm tall bars let a scanner read the code at an angle; carriers' own labels use 20–25 mm. */
export const labelCode128HeightMm = 22;
/** 6 dots (0.75 mm) per Data Matrix module: the usual 32 × 32 symbol is 24 mm, read by any phone camera. */
export const dataMatrixModuleDotsPreferred = 6;
/** 4 dots (0.5 mm) still read well with a scanner, for a text long enough to need a larger symbol. */
export const dataMatrixModuleDotsMin = 4;
/** The 2-D code's square, quiet zone included, fits the 34 mm under the label's last rule. */
export const dataMatrixSizeMmMax = 34;
/** Data Matrix needs one module of white around it; two forgive a smudge at the edge. */
export const dataMatrixQuietZoneModules = 2;
/**
 * A line too long for its width shrinks to 75 % of its size, still legible at arm's length, before it
 * loses characters: an address keeps its end ("Notre-Dame") whenever it can.
 */
export const textShrinkMin = 0.75;
/** The longest postal codes are 10 characters (`12345-6789`, a US ZIP+4); 12 leaves room for a space or two. */
export const postalCodeLengthMax = 12;
/** A parcel above 70 kg is freight, carried on a pallet without a parcel label. */
export const weightGramsMax = 70_000;
/** The 2-D code's format and version: a reader refuses a text with another first field. */
export const labelCodeVersion = 'AFF1';

/** Ids and codes that go into barcodes and ZPL: no `^`, `~`, `>` (ZPL) nor `|` (the 2-D text), no space. */
const barcodeSafe = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const postalCodeSafe = /^[A-Za-z0-9][A-Za-z0-9 -]*$/;
const countryCodePattern = /^[A-Z]{2}$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const pointsPerMm = 72 / 25.4;

/** A document that breaks its contract is a bug upstream: this throws, naming the field. */
export function assertShipmentDocument(doc: ShipmentDocument): void {
  const fail = (reason: string): never => {
    throw new Error(`shipment document ${JSON.stringify(doc.shipmentId)} is invalid: ${reason}`);
  };
  const checkCode = (field: string, value: string) => {
    if (!barcodeSafe.test(value) || value.length > limits.codeLengthMax) {
      fail(`${field} ${JSON.stringify(value)}`);
    }
  };
  const checkName = (field: string, value: string) => {
    if (value.trim() === '' || value.length > limits.nameLengthMax) fail(`${field} is empty or too long`);
  };
  const checkAddress = (field: string, address: ShipmentAddress) => {
    checkName(`${field}.line1`, address.line1);
    if (address.line2 != null && address.line2.length > limits.nameLengthMax) {
      fail(`${field}.line2 is too long`);
    }
    checkName(`${field}.city`, address.city);
    if (!postalCodeSafe.test(address.postalCode) || address.postalCode.length > postalCodeLengthMax) {
      fail(`${field}.postalCode`);
    }
    if (!countryCodePattern.test(address.countryCode)) fail(`${field}.countryCode`);
  };
  checkCode('shipmentId', doc.shipmentId);
  checkCode('orderNumber', doc.orderNumber);
  if (doc.trackingNumber !== null) checkCode('trackingNumber', doc.trackingNumber);
  checkCode('packageCode', doc.packageCode);
  checkName('carrierName', doc.carrierName);
  checkName('serviceName', doc.serviceName);
  checkName('sender.shopName', doc.sender.shopName);
  checkAddress('sender.address', doc.sender.address);
  checkName('recipient.name', doc.recipient.name);
  checkAddress('recipient', doc.recipient);
  if (!Number.isSafeInteger(doc.weightGrams) || doc.weightGrams <= 0 || doc.weightGrams > weightGramsMax) {
    fail(`weightGrams ${doc.weightGrams}`);
  }
  if (!datePattern.test(doc.promisedDeliveryDate)) fail('promisedDeliveryDate is not YYYY-MM-DD');
  if (!Number.isSafeInteger(doc.createdAtMs) || doc.createdAtMs < 0) fail('createdAtMs');
  if (doc.items.length === 0 || doc.items.length > limits.orderLinesMax) fail(`${doc.items.length} items`);
  for (const [index, item] of doc.items.entries()) {
    checkCode(`items[${index}].sku`, item.sku);
    checkName(`items[${index}].name`, item.name);
    const quantityOk = Number.isSafeInteger(item.quantity) && item.quantity > 0;
    if (!quantityOk || item.quantity > limits.lineQuantityMax) fail(`items[${index}].quantity`);
    if (item.gtin13 !== null && !isValidGtin13(item.gtin13)) fail(`items[${index}].gtin13 ${item.gtin13}`);
  }
}

/** What the label's Code 128 carries: the carrier's tracking number, or the shipment id before there is one. */
export function labelBarcodeText(doc: ShipmentDocument): string {
  return doc.trackingNumber ?? doc.shipmentId;
}

/**
 * The 2-D code's text, one line of `|`-separated fields that never contain `|`:
 * `AFF1|<shipment id>|<order number>|<tracking number, empty before the carrier's>|<postal code>|<country>`,
 * e.g. `AFF1|shp_01JD…|AF0001234|6A12345678901|75004|FR`. A sorting station reads where the parcel goes
 * and which shipment it is without a database.
 */
export function labelCodeText(doc: ShipmentDocument): string {
  const { recipient } = doc;
  const fields = [
    doc.shipmentId,
    doc.orderNumber,
    doc.trackingNumber ?? '',
    recipient.postalCode,
    recipient.countryCode,
  ];
  return [labelCodeVersion, ...fields].join('|');
}

/** Text as drawn: NFC (one code point for "é"), control characters and line breaks as single spaces. */
export function printableText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\p{Cc}\s]+/gu, ' ')
    .trim();
}

/** `text`, or its longest start ending in `ellipsis` that `fits`. */
function fitText(text: string, fits: (candidate: string) => boolean, ellipsis: string): string {
  if (fits(text)) return text;
  const codePoints = [...text];
  for (let length = codePoints.length - 1; length > 0; length--) {
    const candidate = `${codePoints.slice(0, length).join('').trimEnd()}${ellipsis}`;
    if (fits(candidate)) return candidate;
  }
  return ellipsis;
}

export function formatWeight(grams: number): string {
  return grams < 1000 ? `${grams} g` : `${String(grams / 1000)} kg`;
}

const countryNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });

/** The country line of an address, in capitals as the UPU asks: `FRANCE`. */
function countryLine(countryCode: string): string {
  return (countryNames.of(countryCode) ?? countryCode).toUpperCase();
}

export function addressLines(address: ShipmentAddress): string[] {
  const lines = [address.line1, address.line2 ?? '', `${address.postalCode} ${address.city}`];
  return [...lines, countryLine(address.countryCode)].map(printableText).filter((line) => line !== '');
}

export function formatInstant(atMs: number): string {
  return `${new Date(atMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

// ---------------------------------------------------------------------------------------------------
// Barcodes, drawn by bwip-js at the printer's resolution: one PNG pixel is one 203 dpi dot.

export type BarcodeSymbol = 'code128' | 'datamatrix' | 'ean13';

export interface BarcodeImage {
  readonly png: Buffer;
  /** The image's size in printer dots, quiet zones included. */
  readonly widthDots: number;
  readonly heightDots: number;
}

/** Quiet zones in modules, left and right: EAN-13's are asymmetric (11 and 7) by its specification. */
const quietZones: Record<BarcodeSymbol, { left: number; right: number; vertical: number }> = {
  code128: { left: code128QuietZoneModules, right: code128QuietZoneModules, vertical: 0 },
  ean13: { left: 11, right: 7, vertical: 0 },
  datamatrix: {
    left: dataMatrixQuietZoneModules,
    right: dataMatrixQuietZoneModules,
    vertical: dataMatrixQuietZoneModules,
  },
};

/** Modules of a linear symbol's bars and spaces, quiet zones excluded. */
function linearModules(symbol: 'code128' | 'ean13', text: string): number {
  const [drawing] = bwipjs.raw(symbol, text, {});
  if (drawing === undefined || !('sbs' in drawing)) throw new Error(`bwip-js drew no ${symbol} for ${text}`);
  return drawing.sbs.reduce((total, width) => total + width, 0);
}

/** Modules on a side of the Data Matrix symbol that carries `text`, quiet zone excluded. */
function dataMatrixModules(text: string): number {
  const [drawing] = bwipjs.raw('datamatrix', text, {});
  if (drawing === undefined || !('pixx' in drawing)) {
    throw new Error(`bwip-js drew no Data Matrix for ${text}`);
  }
  return Math.max(drawing.pixx, drawing.pixy);
}

/** The Data Matrix module in dots: the preferred one when the symbol fits `sizeMmMax`, else the minimum. */
function dataMatrixModuleDots(text: string, sizeMmMax: number): number {
  const modules = dataMatrixModules(text) + 2 * dataMatrixQuietZoneModules;
  for (const dots of [dataMatrixModuleDotsPreferred, dataMatrixModuleDotsMin]) {
    if (modules * dots <= sizeMmMax * printerDotsPerMm) return dots;
  }
  throw new Error(`${JSON.stringify(text)} needs a ${modules}-module Data Matrix: too large for the label`);
}

/** The Code 128 module in dots: the preferred one when the code fits `widthDots`, else the minimum. */
export function code128ModuleDots(text: string, widthDots: number): number {
  const modules = linearModules('code128', text) + 2 * code128QuietZoneModules;
  for (const dots of [code128ModuleDotsPreferred, code128ModuleDotsMin]) {
    if (modules * dots <= widthDots) return dots;
  }
  throw new Error(
    `${JSON.stringify(text)} needs ${modules} Code 128 modules: too wide for ${widthDots} dots`,
  );
}

/**
 * A PNG of `text`, white behind (no transparency), quiet zones included. bwip-js draws a linear module
 * `scale` pixels wide and a 2-D module `2 × scale`, so the scale is chosen for one pixel per dot.
 */
export async function barcodeImage(
  symbol: BarcodeSymbol,
  text: string,
  moduleDots: number,
): Promise<BarcodeImage> {
  const pixelsPerModuleAtScale1 = symbol === 'datamatrix' ? 2 : 1;
  const scale = moduleDots / pixelsPerModuleAtScale1;
  if (!Number.isInteger(scale) || scale < 1) {
    throw new Error(`${symbol} cannot draw ${moduleDots}-dot modules`);
  }
  const zone = quietZones[symbol];
  const png = await bwipjs.toBuffer({
    bcid: symbol,
    text,
    scale,
    // A linear code's bars are stretched to their height where placed; a 2-D code keeps its square modules.
    ...(symbol === 'datamatrix' ? {} : { height: 10 }),
    paddingleft: zone.left * pixelsPerModuleAtScale1,
    paddingright: zone.right * pixelsPerModuleAtScale1,
    paddingtop: zone.vertical * pixelsPerModuleAtScale1,
    paddingbottom: zone.vertical * pixelsPerModuleAtScale1,
    backgroundcolor: 'FFFFFF',
  });
  return { png, ...pngSize(png) };
}

function pngSize(png: Buffer): { widthDots: number; heightDots: number } {
  // A PNG opens with its 8-byte signature and the IHDR chunk: width and height at bytes 16 and 20.
  if (png.readUInt32BE(12) !== 0x49484452) throw new Error('bwip-js returned no PNG');
  return { widthDots: png.readUInt32BE(16), heightDots: png.readUInt32BE(20) };
}

// ---------------------------------------------------------------------------------------------------
// PDF plumbing shared with the packing slip.

export function mmToPt(mm: number): number {
  return mm * pointsPerMm;
}

export function dotsToPt(dots: number): number {
  return mmToPt(dots / printerDotsPerMm);
}

const require = createRequire(import.meta.url);
let fontFiles: { regular: Buffer; bold: Buffer } | undefined;

/** DejaVu Sans from its npm package, read once per process. */
function dejaVuSans(): { regular: Buffer; bold: Buffer } {
  fontFiles ??= {
    regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  };
  return fontFiles;
}

export const regularFont = 'Sans';
export const boldFont = 'Sans-Bold';

/** A PDF whose bytes depend on its input only: its creation date is the shipment's, not the clock's. */
export function newPdf(
  sizePt: [number, number],
  title: string,
  createdAtMs: number,
  options: { bufferPages?: boolean } = {},
): PDFKit.PDFDocument {
  const pdf = new PDFDocument({
    size: sizePt,
    margin: 0,
    bufferPages: options.bufferPages ?? false,
    info: { Title: title, Creator: 'Affluence', Producer: 'Affluence', CreationDate: new Date(createdAtMs) },
  });
  const fonts = dejaVuSans();
  pdf.registerFont(regularFont, fonts.regular);
  pdf.registerFont(boldFont, fonts.bold);
  return pdf.font(regularFont);
}

/** Ends the document and gathers its bytes. */
export function pdfBytes(pdf: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    pdf.end();
  });
}

// ---------------------------------------------------------------------------------------------------
// The label's layout, in millimetres from the top left, drawn by both renderers below.

type Align = 'left' | 'right' | 'center';

type LabelElement =
  | {
      readonly kind: 'text';
      readonly xMm: number;
      readonly yMm: number;
      readonly widthMm: number;
      readonly sizePt: number;
      readonly bold: boolean;
      readonly align: Align;
      readonly text: string;
    }
  | { readonly kind: 'rule'; readonly yMm: number }
  /** Centred across the label; the quiet zones are inside its width. */
  | { readonly kind: 'code128'; readonly yMm: number; readonly text: string; readonly moduleDots: number }
  /** At its quiet zone's top left corner. */
  | {
      readonly kind: 'datamatrix';
      readonly xMm: number;
      readonly yMm: number;
      readonly text: string;
      readonly moduleDots: number;
    };

const marginMm = 4;
const contentWidthMm = labelWidthMm - 2 * marginMm;
const ruleThicknessMm = 0.5;

/** The distance from one line of text to the next. */
function lineStepMm(sizePt: number): number {
  return (sizePt / pointsPerMm) * 1.3;
}

type TextElement = Extract<LabelElement, { kind: 'text' }>;

function textAt(
  xMm: number,
  yMm: number,
  widthMm: number,
  sizePt: number,
  text: string,
  style: { bold?: boolean; align?: Align } = {},
): TextElement {
  return {
    kind: 'text',
    xMm,
    yMm,
    widthMm,
    sizePt,
    text,
    bold: style.bold ?? false,
    align: style.align ?? 'left',
  };
}

function labelLayout(doc: ShipmentDocument): LabelElement[] {
  return [
    ...carrierBand(doc),
    { kind: 'rule', yMm: 16 },
    ...senderBlock(doc),
    { kind: 'rule', yMm: 36 },
    ...recipientBlock(doc),
    { kind: 'rule', yMm: 74 },
    ...trackingBlock(doc),
    { kind: 'rule', yMm: 112 },
    ...codeBlock(doc),
  ];
}

/** Who carries the parcel, how, in which box and how heavy it is. */
function carrierBand(doc: ShipmentDocument): LabelElement[] {
  const leftWidth = 58;
  const rightX = marginMm + 60;
  const rightWidth = contentWidthMm - 60;
  return [
    textAt(marginMm, 4, leftWidth, 14, doc.carrierName, { bold: true }),
    textAt(rightX, 4, rightWidth, 14, formatWeight(doc.weightGrams), { bold: true, align: 'right' }),
    textAt(marginMm, 10.5, leftWidth, 9, doc.serviceName),
    textAt(rightX, 10.5, rightWidth, 9, doc.packageCode, { align: 'right' }),
  ];
}

/** The sender, small: where a parcel goes back to. */
function senderBlock(doc: ShipmentDocument): LabelElement[] {
  const lines = [`From: ${doc.sender.shopName}`, ...addressLines(doc.sender.address)];
  return lines.map((line, index) =>
    textAt(marginMm, 17.5 + index * lineStepMm(8), contentWidthMm, 8, line, { bold: index === 0 }),
  );
}

/** The recipient, large: the name and the town are what a courier reads first. */
function recipientBlock(doc: ShipmentDocument): LabelElement[] {
  const { recipient } = doc;
  const lines = [
    { text: recipient.name, sizePt: 15, bold: true },
    { text: recipient.line1, sizePt: 12, bold: false },
    { text: recipient.line2 ?? '', sizePt: 12, bold: false },
    { text: `${recipient.postalCode} ${recipient.city}`, sizePt: 15, bold: true },
    { text: countryLine(recipient.countryCode), sizePt: 12, bold: true },
  ].filter((line) => printableText(line.text) !== '');
  const elements: LabelElement[] = [textAt(marginMm, 37.5, contentWidthMm, 7, 'To:')];
  let yMm = 41;
  for (const line of lines) {
    elements.push(textAt(marginMm, yMm, contentWidthMm, line.sizePt, line.text, { bold: line.bold }));
    yMm += lineStepMm(line.sizePt);
  }
  return elements;
}

/** The order, the promise, and the Code 128 with its text beneath. */
function trackingBlock(doc: ShipmentDocument): LabelElement[] {
  const barcodeText = labelBarcodeText(doc);
  const barcodeYMm = 83;
  return [
    textAt(marginMm, 76, 50, 11, `Order ${doc.orderNumber}`, { bold: true }),
    textAt(marginMm + 50, 77, contentWidthMm - 50, 9, `Deliver by ${doc.promisedDeliveryDate}`, {
      align: 'right',
    }),
    // Its quiet zones may reach into the margins: the label's edge is white too.
    {
      kind: 'code128',
      yMm: barcodeYMm,
      text: barcodeText,
      moduleDots: code128ModuleDots(barcodeText, labelWidthMm * printerDotsPerMm),
    },
    textAt(marginMm, barcodeYMm + labelCode128HeightMm + 1.5, contentWidthMm, 11, barcodeText, {
      bold: true,
      align: 'center',
    }),
  ];
}

/** The 2-D code, and what it says in words beside it. */
function codeBlock(doc: ShipmentDocument): LabelElement[] {
  const codeText = labelCodeText(doc);
  const moduleDots = dataMatrixModuleDots(codeText, dataMatrixSizeMmMax);
  const moduleMm = moduleDots / printerDotsPerMm;
  // The quiet zone reaches into the margin, so the symbol's own edge lines up with the text above.
  const xMm = marginMm - dataMatrixQuietZoneModules * moduleMm;
  const besideX = marginMm + dataMatrixModules(codeText) * moduleMm + 4;
  const besideWidth = labelWidthMm - marginMm - besideX;
  const beside = [
    { text: 'Shipment', bold: false },
    { text: doc.shipmentId, bold: true },
    { text: `Created ${formatInstant(doc.createdAtMs)}`, bold: false },
    { text: `Tracking ${doc.trackingNumber ?? 'not yet assigned'}`, bold: false },
  ];
  return [
    { kind: 'datamatrix', xMm, yMm: 113.5, text: codeText, moduleDots },
    ...beside.map((line, index) =>
      textAt(besideX, 116 + index * lineStepMm(8), besideWidth, 8, line.text, { bold: line.bold }),
    ),
  ];
}

// ---------------------------------------------------------------------------------------------------
// The label as a PDF.

/** The label as a one-page 100 × 150 mm PDF, barcodes as PNG images at the printer's dot grid. */
export async function labelPdf(doc: ShipmentDocument): Promise<Buffer> {
  assertShipmentDocument(doc);
  const elements = labelLayout(doc);
  const title = `Shipping label ${doc.shipmentId}, order ${doc.orderNumber}`;
  const pdf = newPdf([mmToPt(labelWidthMm), mmToPt(labelHeightMm)], title, doc.createdAtMs);
  for (const element of elements) {
    switch (element.kind) {
      case 'text':
        drawPdfText(pdf, element);
        break;
      case 'rule':
        pdf
          .rect(mmToPt(marginMm), mmToPt(element.yMm), mmToPt(contentWidthMm), mmToPt(ruleThicknessMm))
          .fill('black');
        break;
      case 'code128': {
        const image = await barcodeImage('code128', element.text, element.moduleDots);
        const widthPt = dotsToPt(image.widthDots);
        const x = (mmToPt(labelWidthMm) - widthPt) / 2;
        pdf.image(image.png, x, mmToPt(element.yMm), {
          width: widthPt,
          height: mmToPt(labelCode128HeightMm),
        });
        break;
      }
      case 'datamatrix': {
        const image = await barcodeImage('datamatrix', element.text, element.moduleDots);
        const size = { width: dotsToPt(image.widthDots), height: dotsToPt(image.heightDots) };
        pdf.image(image.png, mmToPt(element.xMm), mmToPt(element.yMm), size);
        break;
      }
    }
  }
  return pdfBytes(pdf);
}

/** A font size at which a line `naturalWidth` wide at `size` fits `width`, down to `textShrinkMin` of it. */
function shrunkSize(size: number, naturalWidth: number, width: number): number {
  return naturalWidth <= width ? size : Math.max(size * textShrinkMin, (size * width) / naturalWidth);
}

/** One line of text, in a smaller size if it must, then shortened with "…" to its width. */
export function drawPdfText(
  pdf: PDFKit.PDFDocument,
  element: {
    xMm: number;
    yMm: number;
    widthMm: number;
    sizePt: number;
    bold: boolean;
    align: Align;
    text: string;
  },
): void {
  const widthPt = mmToPt(element.widthMm);
  const wanted = printableText(element.text);
  pdf.font(element.bold ? boldFont : regularFont).fontSize(element.sizePt);
  pdf.fontSize(shrunkSize(element.sizePt, pdf.widthOfString(wanted), widthPt));
  const value = fitText(wanted, (candidate) => pdf.widthOfString(candidate) <= widthPt, '…');
  pdf.fillColor('black').text(value, mmToPt(element.xMm), mmToPt(element.yMm), {
    width: widthPt,
    align: element.align,
    lineBreak: false,
  });
}

// ---------------------------------------------------------------------------------------------------
// The label in ZPL II.

/** ZPL's scalable font 0 is condensed: its characters average under half their height in width. */
const zplCharacterWidthRatio = 0.5;

function dots(mm: number): number {
  return Math.round(mm * printerDotsPerMm);
}

/**
 * Field data for a `^FH` field: `_` (the hex indicator), `^` (starts a command), `~` (starts a control
 * command, e.g. `~JA` cancels the printer's jobs) and `\` are written as `_XX` hex escapes, so a name
 * prints exactly as given rather than with a stand-in; other text, accents included, goes as UTF-8
 * under `^CI28`. Barcode fields need none: their data is limited to `[A-Za-z0-9._/-]` (and `|`, space).
 */
function zplFieldData(text: string): string {
  return text.replace(/[_^~\\]/g, (character) => `_${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

function zplText(element: TextElement): string {
  const widthDots = dots(element.widthMm);
  const wanted = printableText(element.text);
  const sizeDots = (element.sizePt / pointsPerMm) * printerDotsPerMm;
  const estimatedWidthDots = [...wanted].length * sizeDots * zplCharacterWidthRatio;
  const heightDots = Math.floor(shrunkSize(sizeDots, estimatedWidthDots, widthDots));
  const charactersMax = Math.floor(widthDots / (heightDots * zplCharacterWidthRatio));
  const value = fitText(wanted, (candidate) => [...candidate].length <= charactersMax, '...');
  const origin = `^FO${dots(element.xMm)},${dots(element.yMm)}^A0N,${heightDots},${heightDots}`;
  // A field block aligns a line; left-aligned text needs none (and `\&` in a block would break a line).
  const block =
    element.align === 'left' ? '' : `^FB${widthDots},1,0,${element.align === 'right' ? 'R' : 'C'},0`;
  return `${origin}${block}^FH^FD${zplFieldData(value)}^FS`;
}

function zplCode128(element: Extract<LabelElement, { kind: 'code128' }>): string {
  const modules = linearModules('code128', element.text) + 2 * code128QuietZoneModules;
  const left = Math.round((labelWidthMm * printerDotsPerMm - modules * element.moduleDots) / 2);
  const x = left + code128QuietZoneModules * element.moduleDots;
  // Mode A lets the printer switch to subset C for runs of digits, as bwip-js does in the PDF.
  const barcode = `^BY${element.moduleDots}^BCN,${dots(labelCode128HeightMm)},N,N,N,A`;
  return `^FO${x},${dots(element.yMm)}${barcode}^FD${element.text}^FS`;
}

function zplDataMatrix(element: Extract<LabelElement, { kind: 'datamatrix' }>): string {
  const quietDots = dataMatrixQuietZoneModules * element.moduleDots;
  const origin = `^FO${dots(element.xMm) + quietDots},${dots(element.yMm) + quietDots}`;
  return `${origin}^BXN,${element.moduleDots},200^FD${element.text}^FS`;
}

function zplRule(element: Extract<LabelElement, { kind: 'rule' }>): string {
  const thickness = dots(ruleThicknessMm);
  return `^FO${dots(marginMm)},${dots(element.yMm)}^GB${dots(contentWidthMm)},${thickness},${thickness}^FS`;
}

function zplCommand(element: LabelElement): string {
  switch (element.kind) {
    case 'text':
      return zplText(element);
    case 'rule':
      return zplRule(element);
    case 'code128':
      return zplCode128(element);
    case 'datamatrix':
      return zplDataMatrix(element);
  }
}

/** The same label in ZPL II for a 203 dpi printer: one `^XA … ^XZ` format, UTF-8 text. */
export function labelZpl(doc: ShipmentDocument): string {
  assertShipmentDocument(doc);
  const setup = ['^XA', '^CI28', `^PW${zplLabelWidthDots}`, `^LL${zplLabelHeightDots}`, '^LH0,0'];
  return [...setup, ...labelLayout(doc).map(zplCommand), '^XZ'].join('\n');
}
