/**
 * `affluence import prices FILE [--dry-run]`: past prices from a CSV file (header
 * `sku,channel,price,effective_at`), checked whole and written in one transaction, straight on the
 * store, with a progress bar. Every error is named by the file's line and the field.
 */
import { readFile } from 'node:fs/promises';
import cliProgress from 'cli-progress';
import { parse } from 'csv-parse/sync';
import { createContext } from '../platform/context.js';
import { type ImportRow, importPriceHistory } from '../pricing/index.js';
import { openStore } from '../server/index.js';

const columns = ['sku', 'channel', 'price', 'effective_at'] as const;

interface FileError {
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

interface ParsedFile {
  readonly rows: ImportRow[];
  /** The line each row ends on, by row. */
  readonly lines: number[];
  readonly errors: FileError[];
}

/** Reads the CSV: a header naming the four columns, then one price per row. */
export function parsePriceFile(text: string): ParsedFile {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, info: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { rows: [], lines: [], errors: [{ line, field: 'file', message: (error as Error).message }] };
  }
  const header = Object.keys(records[0]?.record ?? {});
  const missing = columns.filter((column) => records.length > 0 && !header.includes(column));
  if (missing.length > 0)
    return {
      rows: [],
      lines: [],
      errors: [
        {
          line: 1,
          field: 'header',
          message: `The header must name ${columns.join(', ')}; missing ${missing.join(', ')}.`,
        },
      ],
    };
  const rows: ImportRow[] = [];
  const lines: number[] = [];
  const errors: FileError[] = [];
  for (const { record, info } of records) {
    const price = Number(record.price);
    if (!/^\d+$/.test(record.price ?? '') || !Number.isSafeInteger(price)) {
      errors.push({
        line: info.lines,
        field: 'price',
        message: 'A price is a whole number of minor units (cents): 1999 for 19.99.',
      });
      continue;
    }
    rows.push({ sku: record.sku!, channel: record.channel!, price, effective_at: record.effective_at! });
    lines.push(info.lines);
  }
  return { rows, lines, errors };
}

export async function importPrices(db: string, file: string, options: { dryRun: boolean }): Promise<void> {
  const parsed = parsePriceFile(await readFile(file, 'utf8'));
  if (parsed.rows.length === 0 && parsed.errors.length === 0)
    throw new Error(`nothing to import: ${file} has no rows`);
  const store = await openStore(db);
  const bar = new cliProgress.SingleBar(
    {
      format: ' {phase} [{bar}] {percentage}% | {value}/{total} rows',
      noTTYOutput: true,
      notTTYSchedule: 5_000,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  try {
    // With errors in the file already, the rest is only checked: every error is told in one go.
    const result =
      parsed.rows.length === 0
        ? { imported: 0, errors: [] }
        : await importPriceHistory(createContext(store), parsed.rows, {
            dryRun: options.dryRun || parsed.errors.length > 0,
            onProgress: (done, total, phase) => {
              if (!started) {
                bar.start(total, done, { phase: 'checking' });
                started = true;
              }
              bar.update(done, { phase: phase === 'check' ? 'checking' : 'writing ' });
            },
          });
    bar.stop();
    const errors = [
      ...parsed.errors,
      ...result.errors.map((error) => ({ ...error, line: parsed.lines[error.row - 1]! })),
    ].sort((a, b) => a.line - b.line);
    for (const error of errors)
      process.stderr.write(`${file}:${error.line}: ${error.field}: ${error.message}\n`);
    if (errors.length > 0) throw new Error(`nothing imported: ${errors.length} error(s) in ${file}`);
    process.stdout.write(
      options.dryRun
        ? `${result.imported} rows checked: all would be imported (dry run, nothing written).\n`
        : `${result.imported} past prices imported.\n`,
    );
  } finally {
    bar.stop();
    await store.close();
  }
}
