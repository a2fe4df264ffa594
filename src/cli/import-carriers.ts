/**
 * `affluence import carriers DIR [--dry-run] [--not-sample] [--cutoff HH:MM]`: carriers' services and
 * rate cards from DIR/limits.csv and DIR/rates.csv, checked whole and written in one transaction that
 * replaces every service and card there was, straight on the store. Every error is named by file,
 * line and field; the warnings say what is kept but cannot serve and which rate rows are left out.
 * No progress bar: at most `carrierImportRowsMax` rows, checked and written in well under a second.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  clockOfMinutes,
  type FileProblem,
  importCarriers,
  limitsFile,
  ratesFile,
  sampleNotice,
} from '../fulfilment/index.js';
import { createContext } from '../platform/context.js';
import { openStore } from '../server/index.js';

export interface ImportCarriersOptions {
  readonly dryRun: boolean;
  /** The prices are sample data, labelled as such wherever shown. */
  readonly sample: boolean;
  /** Local minutes since midnight, for every service. */
  readonly cutoffMinutes: number;
}

export async function importCarrierFiles(
  db: string,
  dir: string,
  options: ImportCarriersOptions,
): Promise<void> {
  const paths = { [ratesFile]: join(dir, ratesFile), [limitsFile]: join(dir, limitsFile) };
  const [ratesCsv, limitsCsv] = await Promise.all([
    readFile(paths[ratesFile], 'utf8'),
    readFile(paths[limitsFile], 'utf8'),
  ]);
  const where = (problem: FileProblem) =>
    `${paths[problem.file]}:${problem.line}: ${problem.field}: ${problem.message}\n`;
  const store = await openStore(db);
  try {
    const result = await importCarriers(createContext(store), { ratesCsv, limitsCsv }, options);
    if (!result.ok) for (const error of result.errors) process.stderr.write(where(error));
    const warnings = result.ok ? result.imported.warnings : result.warnings;
    for (const warning of warnings) process.stderr.write(`warning: ${where(warning)}`);
    if (!result.ok) throw new Error(`nothing imported: ${result.errors.length} error(s) in ${dir}`);
    const { services, rates, dry_run } = result.imported;
    const what = `${services} services and ${rates} rates (weight bands), cut-off ${clockOfMinutes(options.cutoffMinutes)}`;
    process.stdout.write(
      dry_run
        ? `${what} checked: all would be imported, replacing every service and rate stored (dry run, nothing written).\n`
        : `${what} imported: they replace every service and rate there was.\n`,
    );
    if (options.sample) process.stdout.write(`SAMPLE PRICES. ${sampleNotice}\n`);
  } finally {
    await store.close();
  }
}
