/**
 * A bulk import of the catalogue, stock counts or channel buffers, from the CLI or a job of the API:
 * the file read and checked row by row, then every row checked against the store and, unless it is
 * a dry run, written in one transaction, a step of rows at a time, with each change's event and the
 * import's audit entry. All or nothing: one row refused and nothing is written, unless `partial`
 * asks to write the others.
 */
import { decideSkuPatches, type SkuDecision, writeSkuPatches } from '../../catalog/index.js';
import {
  type BufferDecision,
  type CountDecision,
  decideBuffers,
  decideStockCounts,
  writeBuffers,
  writeStockCounts,
} from '../../inventory/index.js';
import { type Actor, recordSwitch } from '../../platform/audit/audit.js';
import type { AppContext } from '../../platform/context.js';
import type { Failure, Result } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';
import { chunks } from '../../platform/store/chunks.js';
import type { Repos } from '../../platform/store/store.js';
import type {
  CatalogRow,
  ImportFormat,
  ImportKind,
  RowOf,
  RowProblem,
  StockCountRow,
} from '../core/import-rows.js';
import type { ImportProgress, ImportReport } from './contract.js';
import { type FileRows, type ImportSource, readImportFile } from './reader.js';

export interface ImportRequest {
  /** The import's id: the reference of its ledger rows, the target of its audit entry. */
  readonly id: string;
  readonly kind: ImportKind;
  readonly format: ImportFormat;
  readonly source: ImportSource;
  readonly dryRun: boolean;
  /** Write the rows that are good, leaving out (and reporting) those refused. */
  readonly partial: boolean;
  /** Who imports, for the audit log, and from where (a file's name, the API). */
  readonly actor: Actor;
  readonly origin: string;
}

export interface ImportHooks {
  onProgress?(progress: ImportProgress): void;
  /** Runs in the transaction that writes the rows, last: what must commit with them, or not at all. */
  onWritten?(tx: Repos, report: ImportReport): Promise<void>;
}

/** How one kind is checked against the store and written, by its part's bulk functions. */
interface KindSteps<K extends ImportKind, D> {
  decide(repos: Repos, rows: readonly RowOf[K][], lock: boolean): Promise<Result<D>[]>;
  write(tx: Repos, decisions: readonly D[], id: string, now: number): Promise<void>;
  outcome(decision: D): 'created' | 'updated' | 'unchanged';
  /** The field a refusal names, and what to tell. */
  problem(failure: Failure, row: RowOf[K], format: ImportFormat): { field: string; message: string };
}

const catalogSteps: KindSteps<'catalog', SkuDecision> = {
  decide: (repos, rows) => decideSkuPatches(repos, rows),
  write: (tx, decisions, _id, now) => writeSkuPatches(tx, decisions, now),
  outcome: (decision) => decision.outcome,
  problem: (failure, row, format) => {
    const channel = (failure.details?.channels as string[] | undefined)?.[0] ?? '';
    return {
      field: format === 'csv' ? `price:${channel}` : `prices.${channel}`,
      message: `No channel ${channel}: create it first (PUT /v1/channels/${channel}), or leave its price out of the row for ${row.sku}.`,
    };
  },
};

const stockSteps: KindSteps<'stock', CountDecision> = {
  decide: (repos, rows, lock) =>
    decideStockCounts(
      repos,
      rows.map((row) => ({ sku: row.sku, location: row.location, onHand: row.on_hand })),
      { lock },
    ),
  write: (tx, decisions, id, now) => writeStockCounts(tx, decisions, id, now),
  outcome: (decision) => decision.outcome,
  problem: (failure, row) => {
    if (failure.code === 'unknown_sku') return { field: 'sku', message: failure.message };
    if (failure.code === 'unknown_location') return { field: 'location', message: failure.message };
    if (failure.code === 'insufficient_stock')
      return {
        field: 'on_hand',
        message: `${row.on_hand} counted, but ${String(failure.details?.reserved)} units of ${row.sku} at ${row.location} are reserved for orders and holds: on hand below that would oversell. Count again, or ship or cancel those orders first.`,
      };
    return { field: 'on_hand', message: failure.message };
  },
};

const bufferSteps: KindSteps<'buffers', BufferDecision> = {
  decide: (repos, rows) =>
    decideBuffers(
      repos,
      rows.map((row) => ({ channel: row.channel, sku: row.sku, quantity: row.buffer })),
    ),
  write: (tx, decisions, _id, now) => writeBuffers(tx, decisions, now),
  outcome: (decision) => decision.outcome,
  problem: (failure) => ({
    field: failure.code === 'unknown_channel' ? 'channel' : 'sku',
    message: failure.message,
  }),
};

/** Each kind's steps, over any row: the reader gives each kind only its own rows. */
type AnySteps = KindSteps<ImportKind, unknown>;
const stepsOf: Record<ImportKind, AnySteps> = {
  catalog: catalogSteps as unknown as AnySteps,
  stock: stockSteps as unknown as AnySteps,
  buffers: bufferSteps as unknown as AnySteps,
};

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Stock rows are locked in (SKU, location) order, the order every transaction locks them in. */
function inLockOrder<K extends ImportKind>(kind: K, rows: { row: RowOf[K]; line: number }[]) {
  if (kind !== 'stock') return rows;
  const count = (row: RowOf[K]) => row as StockCountRow;
  return [...rows].sort(
    (a, b) =>
      byCodeUnits(count(a.row).sku, count(b.row).sku) ||
      byCodeUnits(count(a.row).location, count(b.row).location),
  );
}

interface Checked {
  readonly accepted: unknown[];
  readonly problems: RowProblem[];
  readonly outcomes: { created: number; updated: number; unchanged: number };
}

/** Every row checked against the store, a step at a time; nothing written. */
async function checkRows(
  repos: Repos,
  request: ImportRequest,
  candidates: readonly { row: RowOf[ImportKind]; line: number }[],
  lock: boolean,
  progress: (phase: 'checking', done: number, total: number) => void,
): Promise<Checked> {
  const steps = stepsOf[request.kind];
  const checked: Checked = { accepted: [], problems: [], outcomes: { created: 0, updated: 0, unchanged: 0 } };
  let done = 0;
  for (const step of chunks(candidates, limits.importStepRowsMax)) {
    const decided = await steps.decide(
      repos,
      step.map((candidate) => candidate.row),
      lock,
    );
    decided.forEach((result, index) => {
      const { row, line } = step[index]!;
      if (!result.ok) {
        checked.problems.push({ line, ...steps.problem(result, row, request.format) });
        return;
      }
      checked.accepted.push(result.value);
      checked.outcomes[steps.outcome(result.value)] += 1;
    });
    done += step.length;
    progress('checking', done, candidates.length);
  }
  return checked;
}

/**
 * In a CSV catalogue every row prices the channels of its header: a channel that does not exist is
 * one error on the header, not one on every row.
 */
async function unknownPriceColumns(
  ctx: AppContext,
  request: ImportRequest,
  file: FileRows<ImportKind>,
): Promise<RowProblem[]> {
  if (request.kind !== 'catalog' || request.format !== 'csv' || file.rows.length === 0) return [];
  const channels = Object.keys((file.rows[0]!.row as CatalogRow).prices ?? {});
  const existing = await ctx.store.read.catalog.existingChannels(channels);
  return channels
    .filter((channel) => !existing.has(channel))
    .map((channel) => ({
      line: 1,
      field: `price:${channel}`,
      message: `No channel ${channel}: create it first (PUT /v1/channels/${channel}), or remove the column.`,
    }));
}

function notesOf(report: Omit<ImportReport, 'notes'>, unreadable: boolean): string[] {
  const notes: string[] = [];
  if (report.encoding === 'windows-1252')
    notes.push(
      'The file is not valid UTF-8: it was read as Windows-1252 (Latin-1), as spreadsheets save it on Windows.',
    );
  if (report.encoding.startsWith('utf-16')) notes.push('The file is UTF-16, as its BOM says.');
  const refused = report.rows.refused;
  if (unreadable) notes.push('Nothing was written: the file cannot be imported as it is.');
  else if (report.dry_run)
    notes.push(
      refused === 0
        ? 'Dry run: nothing was written; the counts say what an import would do.'
        : report.partial
          ? `Dry run: nothing was written; an import would leave out the ${refused} row(s) refused and write the others.`
          : `Dry run: nothing was written, and nothing would be: ${refused} row(s) refused.`,
    );
  else if (refused > 0 && !report.partial)
    notes.push(
      `Nothing was written: ${refused} row(s) refused. Fix them and import again, or import with partial to write the others.`,
    );
  else if (refused > 0) notes.push(`${refused} row(s) refused were left out; the others were written.`);
  return notes;
}

/** What an import did: its report, and whether it failed (nothing written, or on a dry run nothing would be). */
export interface ImportOutcome {
  readonly report: ImportReport;
  readonly failed: boolean;
}

/** Runs an import to its end: its report says what was (or, dry, would be) written and what was refused. */
export async function runImport(
  ctx: AppContext,
  request: ImportRequest,
  hooks: ImportHooks = {},
): Promise<ImportOutcome> {
  const bytesTotal = request.source.bytes;
  let bytesRead = 0;
  const tell = (phase: ImportProgress['phase'], rowsDone: number, rowsTotal: number | null) =>
    hooks.onProgress?.({
      phase,
      rows_done: rowsDone,
      rows_total: rowsTotal,
      bytes_read: bytesRead,
      bytes_total: bytesTotal,
    });
  const file = await readImportFile(request.kind, request.format, request.source, (bytes, rows) => {
    bytesRead = bytes;
    tell('reading', rows, null);
  });
  const headerProblems = file.unreadable ? [] : await unknownPriceColumns(ctx, request, file);
  file.problems.add(...headerProblems);
  const unreadable = file.unreadable || headerProblems.length > 0;
  const candidates = inLockOrder(
    request.kind,
    unreadable ? [] : file.rows.filter((_row, index) => !file.duplicates.has(index)),
  );
  const write = !request.dryRun && !unreadable && (request.partial || file.problems.count === 0);

  const reportOf = (checked: Checked, applied: boolean): ImportReport => {
    const problems = file.problems;
    const listed = [...problems.listed(), ...checked.problems]
      .sort((a, b) => a.line - b.line)
      .slice(0, limits.importErrorsListedMax);
    const base = {
      id: request.id,
      kind: request.kind,
      format: request.format,
      encoding: file.encoding,
      dry_run: request.dryRun,
      partial: request.partial,
      applied,
      rows: {
        read: file.rowsRead,
        ...checked.outcomes,
        refused: unreadable ? file.rowsRead : file.rowsRefused + checked.problems.length,
      },
      errors: listed,
      errors_total: problems.count + checked.problems.length,
    };
    return { ...base, notes: notesOf(base, unreadable) };
  };

  const outcomeOf = (report: ImportReport): ImportOutcome => ({
    report,
    failed: unreadable || (report.errors_total > 0 && !request.partial),
  });
  if (!write) {
    // Checked against the store all the same, so that every error is told in one go.
    const checked = await checkRows(ctx.store.read, request, candidates, false, tell);
    return outcomeOf(reportOf(checked, false));
  }
  const report = await ctx.store.transaction(async (tx) => {
    const checked = await checkRows(tx, request, candidates, true, tell);
    if (checked.problems.length > 0 && !request.partial) return reportOf(checked, false);
    const now = ctx.clock.now();
    const steps = stepsOf[request.kind];
    let done = 0;
    for (const step of chunks(checked.accepted, limits.importStepRowsMax)) {
      await steps.write(tx, step, request.id, now);
      done += step.length;
      tell('writing', done, checked.accepted.length);
    }
    const report = reportOf(checked, true);
    const { created, updated } = report.rows;
    await recordSwitch(tx, {
      at: now,
      actor: request.actor,
      action: `import.${request.kind}`,
      target: request.id,
      reason: request.origin,
      details: { rows: report.rows, partial: request.partial },
      timelineText: `${request.kind} imported (${request.id}): ${created} created, ${updated} updated, ${report.rows.refused} refused`,
    });
    await hooks.onWritten?.(tx, report);
    return report;
  });
  return outcomeOf(report);
}
