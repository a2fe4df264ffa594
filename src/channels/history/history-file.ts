/**
 * An Online Retail file read as it streams: a `.csv`, or a `.csv.gz` unpacked on the way, one row
 * at a time with its line number, never the whole file in memory; and how many of its bytes were
 * read, for a progress bar.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { CsvError, parse } from 'csv-parse';
import { type OnlineRetailRecord, onlineRetailColumns } from '../core/online-retail.js';

export interface HistoryRow {
  readonly record: OnlineRetailRecord;
  /** The file's line the row ends on (the header is line 1). */
  readonly line: number;
}

/** A file that cannot be read as rows at all: a wrong header, broken quoting, a bad gzip. */
export class HistoryFileError extends Error {
  constructor(
    readonly line: number,
    readonly field: 'header' | 'file',
    message: string,
  ) {
    super(message);
  }
}

export async function fileBytes(path: string): Promise<number> {
  return (await stat(path)).size;
}

/** The rows of the file at `path`, in its order; `onBytes` hears how many bytes of the file were read. */
export async function* historyRows(
  path: string,
  onBytes: (bytesRead: number) => void = () => {},
): AsyncGenerator<HistoryRow> {
  const file = createReadStream(path);
  let bytesRead = 0;
  file.on('data', (chunk) => {
    bytesRead += chunk.length;
    onBytes(bytesRead);
  });
  const parser = parse({ bom: true, info: true, skip_empty_lines: true });
  const piped = path.endsWith('.gz') ? pipeline(file, createGunzip(), parser) : pipeline(file, parser);
  // The pipeline's failure reaches the loop below through the parser, which it destroys with it.
  piped.catch(() => {});
  let columnIndexes: number[] | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      if (columnIndexes === undefined) {
        const missing = onlineRetailColumns.filter((column) => !record.includes(column));
        if (missing.length > 0)
          throw new HistoryFileError(
            1,
            'header',
            `The header must name ${onlineRetailColumns.join(', ')}; missing ${missing.join(', ')}.`,
          );
        columnIndexes = onlineRetailColumns.map((column) => record.indexOf(column));
        continue;
      }
      const at = (column: number) => record[columnIndexes![column]!] ?? '';
      // Field by field, in `onlineRetailColumns` order: `Object.fromEntries` on each row cost a second a reading.
      const fields: OnlineRetailRecord = {
        InvoiceNo: at(0),
        StockCode: at(1),
        Description: at(2),
        Quantity: at(3),
        InvoiceDate: at(4),
        UnitPrice: at(5),
        CustomerID: at(6),
        Country: at(7),
      };
      yield { record: fields, line: info.lines };
    }
  } catch (error) {
    if (error instanceof CsvError)
      throw new HistoryFileError(typeof error.lines === 'number' ? error.lines : 1, 'file', error.message);
    if (error instanceof HistoryFileError) throw error;
    throw new HistoryFileError(1, 'file', `${path} cannot be read: ${(error as Error).message}`);
  } finally {
    parser.destroy();
  }
}
