/**
 * `affluence restore --from FILE --db LOCATION [--force]`: brings back a file `affluence backup`
 * wrote, into an empty SQLite file or PostgreSQL database, migrated to this version, ready for
 * `affluence serve --db LOCATION`.
 */
import { Command, type Option } from 'commander';
import type { RestoreOutcome } from '../platform/store/restore.js';
import { copyProgressBar, megabytes, seconds, thousands } from './backup.js';

async function restore(options: { from: string; db: string; force?: boolean }): Promise<void> {
  const [{ restoreStore }, { displayLocation }, { formatOrderNumber }] = await Promise.all([
    import('../platform/store/restore.js'),
    import('../platform/store/backup.js'),
    import('../orders/index.js'),
  ]);
  const progress = copyProgressBar('restoring');
  let outcome: RestoreOutcome;
  try {
    outcome = await restoreStore(options.from, options.db, {
      force: options.force === true,
      onProgress: progress.onProgress,
    });
  } finally {
    progress.stop();
  }
  const { figures } = outcome;
  const where = displayLocation(options.db);
  const migrated =
    figures.schemaVersion === outcome.backupSchemaVersion
      ? `schema ${figures.schemaVersion}`
      : `schema ${outcome.backupSchemaVersion}, migrated to ${figures.schemaVersion}`;
  const lastOrder =
    figures.lastOrderAtMs === null
      ? 'no order'
      : `last order ${new Date(figures.lastOrderAtMs).toISOString()}`;
  process.stdout.write(
    [
      `Restored ${options.from} (${megabytes(outcome.bytes)}) into ${outcome.databaseCreated ? 'the new database ' : ''}${where} in ${seconds(outcome.durationMs)}.`,
      `  ${thousands(figures.orders)} orders, ${thousands(figures.skus)} SKUs, ${lastOrder}; ${migrated}.`,
      // What was handed out after the backup is lost with the store, not from customers and webhook receivers.
      `  Order numbers go on from ${formatOrderNumber(outcome.next.orderNumber)} and event ids from ${outcome.next.eventId}: none handed out since the backup is handed out again.`,
      // --no-demo: a real shop on SQLite must not get the demo seeded into it (a demo shop has it already).
      `  Serve it with: affluence serve --db ${where}${outcome.engine === 'sqlite' ? ' --no-demo' : ''}`,
      '',
    ].join('\n'),
  );
}

/** The `restore` command, its store option given by the command line's root. */
export function restoreCommand(dbOption: Option): Command {
  return new Command('restore')
    .description(
      'restore a backup of `affluence backup` into an empty SQLite file or PostgreSQL database, and migrate it',
    )
    .requiredOption('--from <file>', 'the backup file: a SQLite database, or a pg_dump custom-format file')
    .option(
      '--force',
      'replace the store at --db (stop its servers first); on PostgreSQL, objects of the backup are dropped and made again',
    )
    .addOption(dbOption)
    .addHelpText(
      'after',
      [
        '',
        'The store at --db must be empty (a new file, or a database without tables), unless --force.',
        'A PostgreSQL database that does not exist is created. PostgreSQL needs pg_restore on the PATH.',
        'Order numbers move on by a million and event ids by ten million: none handed out after the backup is handed out again.',
        '',
        'Examples:',
        '  affluence restore --from backups/affluence-20261127-2000.db --db data/restored.db',
        '  affluence restore --from affluence.dump --db postgres://affluence@elsewhere/affluence',
      ].join('\n'),
    )
    .action((options: { from: string; db: string; force?: boolean }) => restore(options));
}
