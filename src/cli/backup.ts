/**
 * `affluence backup --db LOCATION --out FILE [--force]`: a consistent copy of the store in one file,
 * taken while it serves — SQLite's backup API for the embedded store, `pg_dump --format=custom`
 * for PostgreSQL. `affluence restore` brings it back.
 */
import cliProgress from 'cli-progress';
import { Command, type Option } from 'commander';
import type { BackupOutcome, CopyProgress } from '../platform/store/backup.js';

/** A copy's progress on the terminal; nothing when stderr is not one (cron mails only the summary). */
export function copyProgressBar(verb: string): { onProgress: CopyProgress; stop(): void } {
  if (process.stderr.isTTY !== true) return { onProgress: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: ` ${verb} [{bar}] {percentage}% | {value}/{total} {unit}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    onProgress: (done, total, unit) => {
      if (!started) bar.start(total, 0, { unit });
      started = true;
      bar.setTotal(total);
      bar.update(done, { unit });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`;
}

export function seconds(durationMs: number): string {
  return `${(durationMs / 1000).toFixed(1)} s`;
}

export const thousands = (value: number) => value.toLocaleString('en-GB');

async function backup(options: { db: string; out: string; force?: boolean }): Promise<void> {
  const { backupStore, displayLocation } = await import('../platform/store/backup.js');
  const progress = copyProgressBar('copying');
  let outcome: BackupOutcome;
  try {
    outcome = await backupStore(options.db, options.out, {
      force: options.force === true,
      onProgress: progress.onProgress,
    });
  } finally {
    progress.stop();
  }
  const { figures } = outcome;
  process.stdout.write(
    [
      `Backed up ${outcome.engine} ${displayLocation(options.db)} to ${options.out}: ${megabytes(outcome.bytes)} in ${seconds(outcome.durationMs)}.`,
      `  As of ${new Date(outcome.snapshotAtMs).toISOString()}: ${thousands(figures.orders)} orders, ${thousands(figures.skus)} SKUs, schema ${figures.schemaVersion}.`,
      `  Restore it with: affluence restore --from ${options.out} --db <an empty ${outcome.engine === 'sqlite' ? 'file' : 'database'}>`,
      '',
    ].join('\n'),
  );
}

/** The `backup` command, its store option given by the command line's root. */
export function backupCommand(dbOption: Option): Command {
  return new Command('backup')
    .description(
      'copy the store into one file while it serves, consistent as of one instant: SQLite’s backup API, or pg_dump for PostgreSQL',
    )
    .requiredOption('--out <file>', 'the backup file to write; refused if it exists, unless --force')
    .option('--force', 'replace FILE if it exists')
    .addOption(dbOption)
    .addHelpText(
      'after',
      [
        '',
        'The server may keep serving: the copy reads one snapshot of the store and blocks no order.',
        'PostgreSQL needs pg_dump on the PATH (the server’s major version or newer).',
        '',
        'Examples:',
        '  affluence backup --db data/affluence.db --out backups/affluence-$(date +%Y%m%d-%H%M).db',
        '  affluence backup --db postgres://affluence@db/affluence --out affluence.dump',
        '  affluence restore --from affluence.dump --db postgres://affluence@elsewhere/affluence',
      ].join('\n'),
    )
    .action((options: { db: string; out: string; force?: boolean }) => backup(options));
}
