/**
 * `affluence export orders|stock|ledger [--format csv|jsonl] [--out FILE] [--channel] [--from] [--to]
 * [--sku]`: what `GET /v1/exports/…` streams, straight from the store to stdout or a file.
 */

import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import {
  type ExportFormat,
  type ExportKind,
  exportFormats,
  exportKinds,
} from '../channels/exports/contract.js';
import { createContext } from '../platform/context.js';

export interface ExportOptions {
  readonly format: ExportFormat;
  /** A file path; stdout when absent. */
  readonly out?: string;
  readonly channel?: string;
  readonly from?: number;
  readonly to?: number;
  readonly sku?: string;
}

/** A date (midnight UTC) or an instant with its offset: what the API takes, never a local time left to guess. */
function instant(value: string): number {
  const parsed = Date.parse(value);
  if (
    !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value) ||
    Number.isNaN(parsed)
  )
    throw new InvalidArgumentError(
      'a date (YYYY-MM-DD, UTC) or an instant with its offset (2026-11-27T00:00:00+01:00)',
    );
  return parsed;
}

/**
 * Writes the export to `options.out` (through a file beside it, renamed once complete: a failed
 * export leaves no file that looks whole) or to stdout; says how many rows on stderr.
 */
export async function exportData(db: string, kind: ExportKind, options: ExportOptions): Promise<void> {
  const [{ openStore }, { openExport }] = await Promise.all([
    import('../server/index.js'),
    import('../channels/index.js'),
  ]);
  const store = await openStore(db);
  try {
    const opened = await openExport(createContext(store), kind, options.format, {
      channel: options.channel,
      fromMs: options.from,
      toMs: options.to,
      sku: options.sku,
    });
    if (!opened.ok) throw new Error(opened.message);
    // A page read ahead at most, while the one before is written.
    const source = Readable.from(opened.value.chunks, { highWaterMark: 1 });
    if (options.out === undefined) {
      await pipeline(source, process.stdout, { end: false });
      process.stderr.write(`${opened.value.rows()} rows exported.\n`);
      return;
    }
    const partial = `${options.out}.partial`;
    try {
      await pipeline(source, createWriteStream(partial));
      await rename(partial, options.out);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    process.stderr.write(`${opened.value.rows()} rows exported to ${options.out}.\n`);
  } finally {
    await store.close();
  }
}

/** The `export` command, its store option given by the command line's root. */
export function exportCommand(dbOption: Option): Command {
  return new Command('export')
    .description(
      'export orders (one order line a row), stock or the stock ledger as CSV or JSON Lines, streamed',
    )
    .addArgument(new Argument('<kind>', 'what to export').choices(exportKinds))
    .addOption(
      new Option('--format <format>', 'csv or jsonl (JSON Lines)').choices(exportFormats).default('csv'),
    )
    .option('--out <file>', 'write to FILE (default: stdout)')
    .option('--channel <code>', 'orders: of one channel')
    .option('--from <instant>', 'orders, ledger: from this date or instant, included', instant)
    .option('--to <instant>', 'orders, ledger: until this date or instant, excluded', instant)
    .option('--sku <code>', 'ledger: of one SKU')
    .addOption(dbOption)
    .action(async (kind: ExportKind, options: ExportOptions & { db: string }) => {
      const narrowed = {
        channel: ['orders'],
        from: ['orders', 'ledger'],
        to: ['orders', 'ledger'],
        sku: ['ledger'],
      };
      for (const [option, kinds] of Object.entries(narrowed))
        if (options[option as keyof typeof narrowed] !== undefined && !kinds.includes(kind))
          throw new InvalidArgumentError(`--${option} narrows the ${kinds.join(' or ')} export, not ${kind}`);
      const { db, ...rest } = options;
      await exportData(db, kind, rest);
    });
}
