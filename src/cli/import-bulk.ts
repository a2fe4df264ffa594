/**
 * `affluence import catalog|stock|buffers FILE [--dry-run] [--partial] [--format csv|jsonl]`: the
 * catalogue, stock counts or channel buffers from a CSV or JSON Lines file, read as a stream, checked
 * row by row and written in one transaction straight on the store, with a progress bar. Every error
 * is named by the file's line and field; nothing is written if any row is refused, unless --partial.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename, extname } from 'node:path';
import cliProgress from 'cli-progress';
import type { ImportFormat, ImportKind } from '../channels/core/import-rows.js';
import { runImport } from '../channels/index.js';
import type { Actor } from '../platform/audit/audit.js';
import { createContext } from '../platform/context.js';
import { openStore } from '../server/index.js';

export interface BulkImportOptions {
  readonly dryRun: boolean;
  readonly partial: boolean;
  /** Default: JSON Lines for `.jsonl` and `.ndjson` files, else CSV. */
  readonly format?: ImportFormat;
}

export function formatOfFile(file: string): ImportFormat {
  return ['.jsonl', '.ndjson'].includes(extname(file).toLowerCase()) ? 'jsonl' : 'csv';
}

/** Whoever runs the command, as the audit log names them: no API key stands behind it. */
function commandLineActor(): Actor {
  let name: string;
  try {
    name = userInfo().username;
  } catch {
    // A container's user may have no name.
    name = process.env.USER ?? 'unknown user';
  }
  return { keyId: 'cli', name: `affluence import (${name})` };
}

const phaseNames = { reading: 'reading ', checking: 'checking', writing: 'writing ' } as const;

export async function importBulk(
  db: string,
  kind: ImportKind,
  file: string,
  options: BulkImportOptions,
): Promise<void> {
  const { size } = await stat(file);
  const store = await openStore(db);
  const ctx = createContext(store);
  const bar = new cliProgress.SingleBar(
    {
      format: ' {phase} [{bar}] {percentage}% | {value}/{total} {unit}',
      noTTYOutput: true,
      notTTYSchedule: 5_000,
    },
    cliProgress.Presets.shades_classic,
  );
  let shown: string | undefined;
  try {
    const { report, failed } = await runImport(
      ctx,
      {
        id: ctx.newId('imp'),
        kind,
        format: options.format ?? formatOfFile(file),
        source: { bytes: size, open: () => createReadStream(file) },
        dryRun: options.dryRun,
        partial: options.partial,
        actor: commandLineActor(),
        origin: `affluence import ${kind} ${basename(file)}`,
      },
      {
        onProgress: (progress) => {
          // Reading counts bytes of the file, then checking and writing count rows.
          const reading = progress.phase === 'reading';
          const done = reading ? progress.bytes_read : progress.rows_done;
          const total = (reading ? progress.bytes_total : progress.rows_total) ?? done;
          const payload = { phase: phaseNames[progress.phase], unit: reading ? 'bytes' : 'rows' };
          if (shown === undefined) bar.start(total, done, payload);
          else if (shown !== progress.phase) bar.setTotal(total);
          shown = progress.phase;
          bar.update(done, payload);
        },
      },
    );
    bar.stop();
    for (const error of report.errors)
      process.stderr.write(`${file}:${error.line}: ${error.field}: ${error.message}\n`);
    const unlisted = report.errors_total - report.errors.length;
    if (unlisted > 0) process.stderr.write(`${file}: … and ${unlisted} more error(s)\n`);
    const { read, created, updated, unchanged, refused } = report.rows;
    const would = report.applied ? '' : 'would be ';
    process.stdout.write(
      `${read} rows read: ${created} ${would}created, ${updated} ${would}updated, ${unchanged} unchanged, ${refused} refused (${report.id}).\n`,
    );
    for (const note of report.notes) process.stdout.write(`${note}\n`);
    if (failed) throw new Error(`nothing imported: ${report.errors_total} error(s) in ${file}`);
  } finally {
    bar.stop();
    await store.close();
  }
}
