/**
 * Past demand read from an order history file in the UCI Online Retail format (`.csv` or
 * `.csv.gz`), streamed once: each sale's goods kept by invoice while the channels' reading matches
 * the cancellations, then the invoices cancelled in full left out (they never shipped). Fees,
 * postage and lines of no goods are no demand (the channels' core decides which). Days and minutes
 * are the file's own wall clock, London's, the shop's.
 */
import {
  fileBytes,
  HistoryFileError,
  HistoryReading,
  historyCurrency,
  historyRows,
  readInvoiceLine,
  roleOf,
} from '../../channels/index.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import { DemandHistory, type PastDemand } from '../core/demand.js';

export interface DemandSource {
  readonly demand: DemandHistory;
  /** The names of these SKUs, as the source knows them. */
  readonly nameSkus: (skus: readonly string[]) => Promise<ReadonlyMap<string, string>>;
  readonly currency: string;
  /** What the plan names as its source: the file, or the store. */
  readonly source: string;
}

/** Malformed lines named before the reading gives up: enough to see a pattern, not a flood. */
const lineErrorsShownMax = 20;

export async function demandFromFile(
  path: string,
  onProgress: (bytesRead: number, bytesTotal: number) => void = () => {},
): Promise<Result<DemandSource>> {
  const bytesTotal = await fileBytes(path).catch(() => null);
  if (bytesTotal === null) return fail('validation_failed', `No file ${path} to read.`, { field: 'history' });
  const reading = new HistoryReading();
  const sales = new Map<
    string,
    { date: string; minuteOfDay: number; lines: PastDemand['lines'][number][] }
  >();
  const errors: { line: number; field: string; message: string }[] = [];
  let errorsCount = 0;
  try {
    for await (const { record, line } of historyRows(path, (bytesRead) =>
      onProgress(bytesRead, bytesTotal),
    )) {
      const read = readInvoiceLine(record);
      if (!read.ok) {
        errorsCount += 1;
        if (errors.length < lineErrorsShownMax)
          errors.push({ line, field: String(read.details?.field ?? 'line'), message: read.message });
        continue;
      }
      reading.add(read.value);
      const role = roleOf(read.value);
      if (role.role !== 'goods') continue;
      let sale = sales.get(read.value.invoice);
      if (sale === undefined) {
        // `YYYY-MM-DD HH:MM[:SS]`, checked by `readInvoiceLine`: the invoice's first line dates it.
        const written = record.InvoiceDate.trim();
        sale = {
          date: written.slice(0, 10),
          minuteOfDay: Number(written.slice(11, 13)) * 60 + Number(written.slice(14, 16)),
          lines: [],
        };
        sales.set(read.value.invoice, sale);
      }
      sale.lines.push({
        sku: role.sku,
        quantity: role.quantity,
        amountMinor: role.quantity * role.unitPriceMinor,
      });
    }
  } catch (error) {
    if (error instanceof HistoryFileError)
      return fail('validation_failed', `${path}:${error.line}: ${error.message}`, { field: error.field });
    throw error;
  }
  if (errorsCount > 0)
    return fail('validation_failed', `${errorsCount} lines of ${path} cannot be read; nothing was planned.`, {
      errors,
      count: errorsCount,
    });
  const plan = reading.plan();
  const demand = new DemandHistory();
  for (const [invoice, sale] of sales) if (!plan.cancelled.has(invoice)) demand.add(sale);
  return ok({
    demand,
    nameSkus: async () => plan.skuNames,
    currency: historyCurrency,
    source: path,
  });
}
