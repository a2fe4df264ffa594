/**
 * The folder drop: order files appearing in a directory, as many marketplaces and ERPs still hand
 * them over. Each file is taken by one process (renamed into `processing/`, which only one rename
 * can do), its orders placed, then moved to `done/` — or to `failed/` when an order of it was
 * refused or the file could not be read — with its report beside it (`<file>.report.json`). A file
 * left in `processing/` by a process that stopped is taken again later: its orders already placed
 * answer as placed, the others are placed.
 *
 * Formats: CSV, one row per order line (`orderFileColumns`), or JSON Lines, one order per line in
 * the API's body (`channel` defaulting to the source's). Encodings as the bulk imports read them.
 */
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { AppContext } from '../../platform/context.js';
import { limits } from '../../platform/core/limits.js';
import { orderFileColumns, ordersFromRows } from '../core/pulled-orders.js';
import { decodeWhole, separatorOf } from '../imports/reader.js';
import type { PullRun } from './contract.js';
import { emptyReport, type PulledOrder, type PullReport, placePulled } from './place.js';

export interface FolderSettings {
  readonly dir: string;
}

/** What a run of the folder did: each file taken, and its orders. */
export type FolderReport = PullReport & Required<Pick<PullRun, 'files'>>;

const orderFile = /\.(csv|jsonl|ndjson)$/i;

/** The orders of one file, or why it cannot be read. */
function ordersOfFile(file: string, text: string, channel: string): PulledOrder[] {
  if (extname(file).toLowerCase() === '.csv') {
    const header = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
    const records = parse(text, {
      columns: (names: string[]) => names.map((name) => name.trim().toLowerCase()),
      delimiter: separatorOf(header),
      skip_empty_lines: true,
      info: true,
    }) as { record: Record<string, string>; info: { lines: number } }[];
    const columns = new Set(Object.keys(records[0]?.record ?? {}));
    const missing = orderFileColumns.required.filter((column) => !columns.has(column));
    if (records.length > 0 && missing.length > 0)
      throw new Error(`line 1: the columns ${missing.join(', ')} are missing`);
    return ordersFromRows(
      records.map(({ record, info }) => ({ line: info.lines, record })),
      channel,
    ).map((order) => ({ ref: `${file}:${order.line}`, body: order.body }));
  }
  const orders: PulledOrder[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let body: unknown;
    try {
      body = JSON.parse(line);
    } catch {
      throw new Error(`line ${index + 1} is not JSON`);
    }
    orders.push({
      ref: `${file}:${index + 1}`,
      body: body !== null && typeof body === 'object' && !Array.isArray(body) ? { channel, ...body } : body,
    });
  }
  return orders;
}

/** Files of `processing/` older than the stale limit go back to the folder: their process stopped. */
async function takeBackStale(dir: string, nowMs: number): Promise<void> {
  const processing = join(dir, 'processing');
  for (const file of await readdir(processing).catch(() => [] as string[])) {
    const { mtimeMs } = await stat(join(processing, file));
    if (nowMs - mtimeMs > limits.pullStaleFileMs)
      await rename(join(processing, file), join(dir, file)).catch(() => {});
  }
}

export async function pullFolder(
  ctx: AppContext,
  source: { name: string; channel: string; settings: FolderSettings },
): Promise<FolderReport> {
  const { dir } = source.settings;
  const report: FolderReport = { ...emptyReport(), files: [] };
  for (const sub of ['processing', 'done', 'failed']) await mkdir(join(dir, sub), { recursive: true });
  await takeBackStale(dir, ctx.clock.now());
  const files = (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && orderFile.test(entry.name))
    .map((entry) => entry.name)
    .sort();
  for (const file of files) {
    const taken = join(dir, 'processing', file);
    try {
      await rename(join(dir, file), taken);
    } catch {
      continue; // Another process took it first.
    }
    const fileReport = emptyReport();
    let error: string | null = null;
    try {
      const { size } = await stat(taken);
      if (size > limits.pullFileBytesMax)
        throw new Error(
          `the file is ${size} bytes, over the ${limits.pullFileBytesMax} an order file may be`,
        );
      const { text } = await decodeWhole({ open: () => createReadStream(taken), bytes: size });
      await placePulled(ctx, source.name, ordersOfFile(file, text, source.channel), fileReport);
    } catch (problem) {
      error = problem instanceof Error ? problem.message : String(problem);
    }
    const movedTo = error === null && fileReport.refused_total === 0 ? 'done' : 'failed';
    await writeFile(
      join(dir, movedTo, `${file}.report.json`),
      `${JSON.stringify({ file, source: source.name, at: new Date(ctx.clock.now()).toISOString(), error, ...fileReport }, null, 2)}\n`,
    );
    await rename(taken, join(dir, movedTo, file));
    report.orders += fileReport.orders;
    report.placed += fileReport.placed;
    report.already_placed += fileReport.already_placed;
    report.refused_total += fileReport.refused_total;
    report.refused.push(...fileReport.refused.slice(0, limits.pullRefusalsListedMax - report.refused.length));
    report.files.push({
      file,
      moved_to: movedTo,
      placed: fileReport.placed,
      already_placed: fileReport.already_placed,
      refused: fileReport.refused_total,
      error,
    });
  }
  return report;
}
