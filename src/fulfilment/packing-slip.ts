/**
 * A shipment's A4 packing slip: the packer scans the order's Code 128 first, picks the items down the
 * table (each with its EAN-13 to scan), and initials the slip. Long lists flow onto further pages, each
 * with the order number and the table's header again, and every page says "page n of N".
 */
import {
  addressLines,
  assertShipmentDocument,
  type BarcodeImage,
  barcodeImage,
  code128ModuleDots,
  dotsToPt,
  drawPdfText,
  formatInstant,
  formatWeight,
  mmToPt,
  newPdf,
  pdfBytes,
  printableText,
  printerDotsPerMm,
  regularFont,
  type ShipmentDocument,
  type ShipmentDocumentItem,
} from './labels.js';

/** A4, the paper of every office and warehouse laser printer in Europe. */
export const slipWidthMm = 210;
export const slipHeightMm = 297;
/** 15 mm keeps text clear of any printer's unprintable edge. */
export const slipMarginMm = 15;
/** 3 dots of 0.125 mm (0.375 mm, 114 % of the nominal 0.33 mm) per EAN-13 module: read at a glance. */
export const eanModuleDots = 3;
/** EAN-13 bars cut to 10 mm (nominal 22.85 mm): a table row stays short and a handheld still reads it. */
export const eanBarHeightMm = 10;
/** The order's Code 128 is 14 mm tall: the packer scans it flat on the bench. */
export const orderCode128HeightMm = 14;
/** At most 80 mm wide, quiet zones included, beside the shop's name: any order number of ours is far shorter. */
export const orderCode128WidthMmMax = 80;

const contentWidthMm = slipWidthMm - 2 * slipMarginMm;
const footerTopMm = slipHeightMm - slipMarginMm - 6;
const rowHeightWithBarcodeMm = 17;
const rowHeightMm = 8;
/** An item's name takes two lines at most; a longer one ends with "…". */
const nameLinesMax = 2;
const nameSizePt = 10;
const signOffHeightMm = 28;
/** The table's columns: x from the left edge and width, in mm. */
const columns = {
  sku: { xMm: slipMarginMm, widthMm: 38 },
  name: { xMm: slipMarginMm + 40, widthMm: 76 },
  quantity: { xMm: slipMarginMm + 118, widthMm: 12 },
  barcode: { xMm: slipMarginMm + 134, widthMm: 46 },
} as const;

interface SlipImages {
  readonly order: BarcodeImage;
  readonly eans: ReadonlyMap<string, BarcodeImage>;
}

/** The packing slip as an A4 PDF, one or more pages. */
export async function packingSlipPdf(doc: ShipmentDocument): Promise<Buffer> {
  assertShipmentDocument(doc);
  const images = await slipImages(doc);
  const title = `Packing slip, order ${doc.orderNumber}`;
  const pdf = newPdf([mmToPt(slipWidthMm), mmToPt(slipHeightMm)], title, doc.createdAtMs, {
    bufferPages: true,
  });
  let yMm = drawFirstPageHead(pdf, doc, images.order);
  yMm = drawTableHeader(pdf, yMm);
  for (const item of doc.items) {
    const heightMm = itemRowHeightMm(pdf, item);
    if (yMm + heightMm > footerTopMm) yMm = drawTableHeader(pdf, continueOnNewPage(pdf, doc));
    drawItemRow(pdf, item, yMm, heightMm, item.gtin13 === null ? undefined : images.eans.get(item.gtin13));
    yMm += heightMm;
  }
  if (yMm + signOffHeightMm > footerTopMm) yMm = continueOnNewPage(pdf, doc);
  drawSignOff(pdf, doc, yMm + 4);
  numberPages(pdf, doc);
  return pdfBytes(pdf);
}

/** Every barcode the slip draws, each distinct GTIN once. */
async function slipImages(doc: ShipmentDocument): Promise<SlipImages> {
  const moduleDots = code128ModuleDots(doc.orderNumber, orderCode128WidthMmMax * printerDotsPerMm);
  const order = await barcodeImage('code128', doc.orderNumber, moduleDots);
  const eans = new Map<string, BarcodeImage>();
  for (const { gtin13 } of doc.items) {
    if (gtin13 !== null && !eans.has(gtin13)) {
      eans.set(gtin13, await barcodeImage('ean13', gtin13, eanModuleDots));
    }
  }
  return { order, eans };
}

function text(
  pdf: PDFKit.PDFDocument,
  xMm: number,
  yMm: number,
  widthMm: number,
  sizePt: number,
  value: string,
  style: { bold?: boolean; align?: 'left' | 'right' | 'center' } = {},
): void {
  drawPdfText(pdf, {
    xMm,
    yMm,
    widthMm,
    sizePt,
    text: value,
    bold: style.bold ?? false,
    align: style.align ?? 'left',
  });
}

function rule(pdf: PDFKit.PDFDocument, yMm: number, thicknessMm = 0.3): void {
  pdf.rect(mmToPt(slipMarginMm), mmToPt(yMm), mmToPt(contentWidthMm), mmToPt(thicknessMm)).fill('black');
}

/** The shop, the order with its barcode, the shipment and the recipient; returns where the table starts. */
function drawFirstPageHead(
  pdf: PDFKit.PDFDocument,
  doc: ShipmentDocument,
  orderBarcode: BarcodeImage,
): number {
  // The order's barcode at the top right, where the packer's scanner goes first; the titles on its left.
  const widthPt = dotsToPt(orderBarcode.widthDots);
  const titleWidthMm = contentWidthMm - widthPt / mmToPt(1) - 4;
  text(pdf, slipMarginMm, slipMarginMm, titleWidthMm, 16, doc.sender.shopName, { bold: true });
  text(pdf, slipMarginMm, slipMarginMm + 8, titleWidthMm, 10, 'Packing slip');
  text(pdf, slipMarginMm, slipMarginMm + 15, titleWidthMm, 18, `Order ${doc.orderNumber}`, { bold: true });

  const xPt = mmToPt(slipWidthMm - slipMarginMm) - widthPt;
  const heightPt = mmToPt(orderCode128HeightMm);
  pdf.image(orderBarcode.png, xPt, mmToPt(slipMarginMm), { width: widthPt, height: heightPt });
  const captionY = slipMarginMm + orderCode128HeightMm + 1;
  text(pdf, slipWidthMm - slipMarginMm - 60, captionY, 60, 10, doc.orderNumber, {
    bold: true,
    align: 'right',
  });

  const details = [
    `Shipment ${doc.shipmentId}, created ${formatInstant(doc.createdAtMs)}`,
    `${doc.carrierName}, ${doc.serviceName}: ${doc.trackingNumber ?? 'tracking number not yet assigned'}`,
    `Package ${doc.packageCode}, ${formatWeight(doc.weightGrams)}; deliver by ${doc.promisedDeliveryDate}`,
  ];
  details.forEach((line, index) => {
    text(pdf, slipMarginMm, slipMarginMm + 26 + index * 5, contentWidthMm, 9, line);
  });

  const shipToY = slipMarginMm + 44;
  text(pdf, slipMarginMm, shipToY, contentWidthMm, 9, 'Ship to', { bold: true });
  const recipient = [doc.recipient.name, ...addressLines(doc.recipient)];
  recipient.forEach((line, index) => {
    text(pdf, slipMarginMm, shipToY + 5 + index * 5.5, contentWidthMm, 11, line, { bold: index === 0 });
  });
  return shipToY + 5 + recipient.length * 5.5 + 4;
}

/** A new page headed with the shop and the order; returns where its content starts. */
function continueOnNewPage(pdf: PDFKit.PDFDocument, doc: ShipmentDocument): number {
  pdf.addPage();
  text(pdf, slipMarginMm, slipMarginMm, 110, 12, doc.sender.shopName, { bold: true });
  const orderLine = `Order ${doc.orderNumber} (continued)`;
  text(pdf, slipWidthMm - slipMarginMm - 80, slipMarginMm, 80, 12, orderLine, { bold: true, align: 'right' });
  rule(pdf, slipMarginMm + 7);
  return slipMarginMm + 10;
}

/** The table's column titles; returns where the first row starts. */
function drawTableHeader(pdf: PDFKit.PDFDocument, yMm: number): number {
  text(pdf, columns.sku.xMm, yMm, columns.sku.widthMm, 9, 'SKU', { bold: true });
  text(pdf, columns.name.xMm, yMm, columns.name.widthMm, 9, 'Item', { bold: true });
  text(pdf, columns.quantity.xMm, yMm, columns.quantity.widthMm, 9, 'Qty', { bold: true, align: 'right' });
  text(pdf, columns.barcode.xMm, yMm, columns.barcode.widthMm, 9, 'EAN-13', { bold: true });
  rule(pdf, yMm + 5, 0.5);
  return yMm + 7;
}

/** The name's lines, as pdfkit wraps them in its column, and no more than `nameLinesMax`. */
function nameHeightPt(pdf: PDFKit.PDFDocument, item: ShipmentDocumentItem): number {
  pdf.font(regularFont).fontSize(nameSizePt);
  const wrapped = pdf.heightOfString(printableText(item.name), { width: mmToPt(columns.name.widthMm) });
  return Math.min(wrapped, nameLinesMax * pdf.currentLineHeight(true));
}

/** A row is as tall as its barcode or its name, whichever is taller. */
function itemRowHeightMm(pdf: PDFKit.PDFDocument, item: ShipmentDocumentItem): number {
  const base = item.gtin13 === null ? rowHeightMm : rowHeightWithBarcodeMm;
  return Math.max(base, nameHeightPt(pdf, item) / mmToPt(1) + 3);
}

function drawItemRow(
  pdf: PDFKit.PDFDocument,
  item: ShipmentDocumentItem,
  yMm: number,
  heightMm: number,
  ean: BarcodeImage | undefined,
): void {
  text(pdf, columns.sku.xMm, yMm + 1, columns.sku.widthMm, 10, item.sku);
  const height = nameHeightPt(pdf, item);
  pdf.text(printableText(item.name), mmToPt(columns.name.xMm), mmToPt(yMm + 1), {
    width: mmToPt(columns.name.widthMm),
    height,
    ellipsis: '…',
  });
  const { quantity } = columns;
  text(pdf, quantity.xMm, yMm + 1, quantity.widthMm, 12, String(item.quantity), {
    bold: true,
    align: 'right',
  });
  if (ean !== undefined && item.gtin13 !== null) {
    const size = { width: dotsToPt(ean.widthDots), height: mmToPt(eanBarHeightMm) };
    pdf.image(ean.png, mmToPt(columns.barcode.xMm), mmToPt(yMm + 1), size);
    text(pdf, columns.barcode.xMm, yMm + 1.5 + eanBarHeightMm, columns.barcode.widthMm, 8, item.gtin13, {
      align: 'center',
    });
  }
  const bottom = yMm + heightMm - 0.6;
  pdf
    .rect(mmToPt(slipMarginMm), mmToPt(bottom), mmToPt(contentWidthMm), mmToPt(0.1))
    .fill('#999999')
    .fillColor('black');
}

/** The totals and the line the packer initials. */
function drawSignOff(pdf: PDFKit.PDFDocument, doc: ShipmentDocument, yMm: number): void {
  const units = doc.items.reduce((total, item) => total + item.quantity, 0);
  const totals = `${doc.items.length} lines, ${units} units`;
  text(pdf, slipMarginMm, yMm, contentWidthMm, 11, totals, { bold: true });
  const lineY = yMm + 16;
  text(pdf, slipMarginMm, lineY - 5, 70, 10, "Packer's initials");
  text(pdf, slipMarginMm + 90, lineY - 5, 70, 10, 'Date');
  pdf.rect(mmToPt(slipMarginMm + 32), mmToPt(lineY), mmToPt(50), mmToPt(0.3)).fill('black');
  pdf.rect(mmToPt(slipMarginMm + 102), mmToPt(lineY), mmToPt(50), mmToPt(0.3)).fill('black');
}

/** "Page n of N" at the foot of every page, once the number of pages is known. */
function numberPages(pdf: PDFKit.PDFDocument, doc: ShipmentDocument): void {
  const { start, count } = pdf.bufferedPageRange();
  for (let index = start; index < start + count; index++) {
    pdf.switchToPage(index);
    const footer = `Order ${doc.orderNumber}, page ${index - start + 1} of ${count}`;
    text(pdf, slipMarginMm, footerTopMm + 2, contentWidthMm, 8, footer, { align: 'right' });
  }
}
