/**
 * `affluence restore`'s work on the store: checks that a file is a backup of an Affluence store,
 * copies it into an empty place (SQLite: a new file; PostgreSQL: pg_restore into an empty
 * database), and migrates it if it is older than this version. Bad input changes nothing.
 */
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import {
  type CopyProgress,
  displayLocation,
  openSqliteFile,
  pagesPerStep,
  readFigures,
  removeSqliteFiles,
  type StoreFigures,
} from './backup.js';
import { type Engine, errorCode } from './engine.js';
import { migrateToLatest } from './migrations/index.js';
import { runPostgresTool } from './pg-tools.js';
import { openPostgres, postgresEngine } from './postgres.js';
import { openSqlite, sqliteEngine } from './sqlite.js';
import { isPostgresUrl } from './store.js';

export interface RestoreOutcome {
  readonly engine: 'sqlite' | 'postgres';
  readonly bytes: number;
  readonly durationMs: number;
  /** The schema the backup was made with; `figures.schemaVersion` is the one it was migrated to. */
  readonly backupSchemaVersion: string;
  readonly figures: StoreFigures;
  /** The next order number and event id the restored store hands out, past `counterGaps`. */
  readonly next: { readonly orderNumber: number; readonly eventId: number };
  /** True when the PostgreSQL database did not exist and was created. */
  readonly databaseCreated: boolean;
}

type BackupFormat = 'sqlite' | 'pg_dump';

/** The integrity check's first problems are enough to say a file is damaged; the rest is noise. */
const integrityProblemsListedMax = 5;

/** What the first bytes of the file say it is: SQLite's header, or pg_dump's custom format. */
function formatOf(file: string): BackupFormat {
  if (!existsSync(file)) throw new Error(`There is no file at ${file}.`);
  if (!statSync(file).isFile()) throw new Error(`${file} is not a file.`);
  const head = Buffer.alloc(16);
  const descriptor = openSync(file, 'r');
  try {
    readSync(descriptor, head, 0, head.length, 0);
  } finally {
    closeSync(descriptor);
  }
  if (head.toString('latin1') === 'SQLite format 3\u0000') return 'sqlite';
  if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'pg_dump';
  throw new Error(
    `${file} is not a backup: neither a SQLite database nor a pg_dump custom-format file, which \`affluence backup\` writes.`,
  );
}

/** The migrations this version of Affluence knows, read off a scratch store migrated in memory. */
async function knownMigrations(): Promise<Set<string>> {
  const db = openSqlite(':memory:');
  try {
    await migrateToLatest(db as Kysely<unknown>, sqliteEngine);
    const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db);
    return new Set(rows.map((row) => row.name));
  } finally {
    await db.destroy();
  }
}

/** A backup made by a newer Affluence holds a schema this one cannot serve: refused before anything changes. */
async function refuseNewerSchema(file: string, migrations: readonly string[]): Promise<void> {
  const known = await knownMigrations();
  const unknown = migrations.filter((name) => !known.has(name));
  if (unknown.length > 0)
    throw new Error(
      `${file} was made by a newer Affluence (its schema has ${unknown.join(', ')}): restore it with that version or a later one.`,
    );
}

/**
 * How far a restore moves each counter on. The shop went on after its backup: the order numbers and
 * event ids it handed out since are lost with the store, but not from the world (a customer's
 * confirmation, a webhook receiver that de-duplicates by event id). Handed out again, they would
 * name other orders and events. Moved on by more than a shop hands out between two backups (a
 * million orders is 15 minutes at 1,100 a second; each order makes a few events), none is. Numbers
 * skipped are fine: a stopped process skips the rest of its block of order numbers already.
 *
 * The waiting room's tickets stay: an open room admits tickets in turn from the one it opened at,
 * so a ticket a million further on would wait for a million admissions. A ticket handed out again
 * only shares its place in the queue with one from before the loss.
 */
const counterGaps = {
  order_number: 1_000_000,
  event: 10_000_000,
} as const;

async function migrateAndRead(db: Kysely<unknown>, engine: Engine, name: string) {
  await migrateToLatest(db, engine);
  await db.transaction().execute(async (tx) => {
    for (const [counter, gap] of Object.entries(counterGaps))
      await sql`UPDATE counters SET value = value + ${gap} WHERE name = ${counter}`.execute(tx);
  });
  const counters = await sql<{
    name: string;
    value: number | string;
  }>`SELECT name, value FROM counters`.execute(db);
  const counterValue = (counter: keyof typeof counterGaps) =>
    Number(counters.rows.find((row) => row.name === counter)!.value);
  const figures = await readFigures(
    async (query) => (await sql.raw(query).execute(db)).rows as Record<string, unknown>[],
    name,
  );
  return {
    figures,
    next: { orderNumber: counterValue('order_number') + 1, eventId: counterValue('event') + 1 },
  };
}

/** True when a SQLite file holds anything: an empty or missing file is a fine place to restore into. */
function sqliteHoldsData(path: string): boolean {
  return [path, `${path}-wal`].some((file) => existsSync(file) && statSync(file).size > 0);
}

/**
 * With --force, the old store is replaced: but never under a server still using it, which would
 * go on writing into a file no longer there. Leaving WAL mode needs the only connection, so it
 * fails while any other process has the database open.
 */
function refuseInUse(path: string): void {
  if (!existsSync(path) || statSync(path).size === 0) return;
  let database: ReturnType<typeof openSqliteFile>;
  try {
    database = openSqliteFile(path, { readOnly: false });
  } catch {
    return; // not a SQLite database: nothing can be using it as a store
  }
  try {
    database.pragma('busy_timeout = 0');
    database.pragma('journal_mode = DELETE');
  } catch (error) {
    if (errorCode(error)?.startsWith('SQLITE_BUSY') === true)
      throw new Error(`${path} is in use (is a server running on it?): stop it before restoring over it.`);
    throw error;
  } finally {
    database.close();
  }
}

async function restoreSqlite(from: string, path: string, force: boolean, onProgress?: CopyProgress) {
  if (resolve(from) === resolve(path))
    throw new Error('The backup and the store to restore into are one file.');
  if (sqliteHoldsData(path) && !force)
    throw new Error(
      `${path} holds a store already: restoring would replace it. Stop its servers, then add --force to replace it.`,
    );
  const source = openSqliteFile(from, { readOnly: true });
  let backupSchemaVersion: string;
  const partial = `${path}.partial`;
  try {
    // The whole file is read once: a backup that cannot be read back is found now, not after the disaster.
    const problems = (
      source.pragma(`integrity_check(${integrityProblemsListedMax})`) as {
        integrity_check: string;
      }[]
    ).map((row) => row.integrity_check);
    if (problems.join() !== 'ok')
      throw new Error(
        `${from} is damaged; SQLite's integrity check says:\n  ${problems.join('\n').replaceAll('\n', '\n  ')}`,
      );
    backupSchemaVersion = (
      await readFigures(async (query) => source.prepare(query).all() as Record<string, unknown>[], from)
    ).schemaVersion;
    const migrations = source.prepare('SELECT name FROM kysely_migration').pluck().all() as string[];
    await refuseNewerSchema(from, migrations);
    if (force) refuseInUse(path);
    mkdirSync(dirname(resolve(path)), { recursive: true });
    removeSqliteFiles(partial);
    const { totalPages } = await source.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.(totalPages - remainingPages, totalPages, 'pages');
        return pagesPerStep(totalPages);
      },
    });
    onProgress?.(totalPages, totalPages, 'pages');
  } catch (error) {
    removeSqliteFiles(partial);
    throw error;
  } finally {
    source.close();
  }
  try {
    // Migrated before it takes the store's place: a failed migration leaves the place as it was.
    const db = openSqlite(partial);
    let read: Awaited<ReturnType<typeof migrateAndRead>>;
    try {
      read = await migrateAndRead(db as Kysely<unknown>, sqliteEngine, path);
    } finally {
      // The last connection to close folds the WAL back into the file and removes it.
      await db.destroy();
    }
    // A journal left beside the old store would be replayed into the new one: it goes first.
    removeSqliteFiles(path);
    renameSync(partial, path);
    return { ...read, backupSchemaVersion };
  } catch (error) {
    removeSqliteFiles(partial);
    throw error;
  }
}

/** The names in the backup's migrations table, read off the file by pg_restore: no database needed. */
async function pgDumpMigrations(file: string): Promise<string[]> {
  const script = await runPostgresTool('pg_restore', {
    args: ['--data-only', '--table=kysely_migration', '--file=-', file],
  });
  const copy = /^COPY [^\n]*kysely_migration [^\n]*FROM stdin;\n([\s\S]*?)^\\\.$/m.exec(script);
  return (copy?.[1] ?? '')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t')[0]!);
}

/** The same server's maintenance database, where databases are created and dropped. */
function maintenanceUrl(url: string): string {
  const server = new URL(url);
  server.pathname = '/postgres';
  return server.toString();
}

function databaseName(url: string): string {
  return `"${decodeURIComponent(new URL(url).pathname.slice(1)).replaceAll('"', '""')}"`;
}

async function dropDatabase(url: string): Promise<void> {
  const admin = new pg.Client({ connectionString: maintenanceUrl(url) });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName(url)}`);
  } finally {
    await admin.end();
  }
}

/** Connects to the database, creating it first when it does not exist (restoring "elsewhere"). */
async function connectOrCreate(url: string): Promise<{ client: pg.Client; created: boolean }> {
  const connect = async (connectionString: string) => {
    const client = new pg.Client({ connectionString });
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
  };
  try {
    return { client: await connect(url), created: false };
  } catch (error) {
    if (errorCode(error) !== '3D000')
      throw new Error(`Could not connect to ${displayLocation(url)}: ${(error as Error).message}`);
  }
  const admin = await connect(maintenanceUrl(url));
  try {
    await admin.query(`CREATE DATABASE ${databaseName(url)}`);
  } catch (error) {
    throw new Error(`Could not create the database ${databaseName(url)}: ${(error as Error).message}`);
  } finally {
    await admin.end();
  }
  return { client: await connect(url), created: true };
}

async function restorePostgres(from: string, url: string, force: boolean, onProgress?: CopyProgress) {
  // What the file holds is read before the target is touched.
  const contents = await runPostgresTool('pg_restore', { args: ['--list', from] }).catch((error: Error) => {
    throw new Error(`${from} cannot be read as a backup: ${error.message}`);
  });
  if (!/ TABLE public kysely_migration /.test(contents) || !/ TABLE public orders /.test(contents))
    throw new Error(`${from} is a pg_dump file, but not of an Affluence store.`);
  // Read through once, to nowhere: a damaged archive is found before the target is touched.
  await runPostgresTool('pg_restore', { args: ['--file=/dev/null', from] }).catch((error: Error) => {
    throw new Error(`${from} is damaged: ${error.message}`);
  });
  const migrations = await pgDumpMigrations(from);
  if (migrations.length === 0)
    throw new Error(`${from} holds no schema version: it is not an Affluence store.`);
  const backupSchemaVersion = [...migrations].sort().at(-1)!;
  await refuseNewerSchema(from, migrations);
  const tables = contents.split('\n').filter((line) => / TABLE DATA /.test(line)).length;

  const { client, created } = await connectOrCreate(url);
  try {
    const { rows } = await client.query(
      `SELECT count(*) AS count FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
         AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')`,
    );
    const empty = Number(rows[0].count) === 0;
    if (!empty && !force)
      throw new Error(
        `${displayLocation(url)} is not empty: restoring would replace what it holds. Stop its servers, then add --force to replace it.`,
      );
    // As on SQLite, never under servers still using it: their orders would fail half-way, or
    // land in the old tables a moment before they are dropped.
    const sessions = await client.query(
      'SELECT count(*) AS count FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    if (!empty && Number(sessions.rows[0].count) > 0)
      throw new Error(
        `${displayLocation(url)} is in use (${sessions.rows[0].count} other connections: are servers running on it?): stop them before restoring over it.`,
      );
  } finally {
    await client.end();
  }
  let restored = 0;
  onProgress?.(0, tables, 'tables');
  try {
    await runPostgresTool('pg_restore', {
      url,
      args: [
        '--dbname={url}',
        // One transaction: a restore that fails leaves the database as it was.
        '--single-transaction',
        '--exit-on-error',
        // Owned by whoever restores, whatever role owned the original.
        '--no-owner',
        '--no-privileges',
        ...(force ? ['--clean', '--if-exists'] : []),
        '--verbose',
        from,
      ],
      onStderrLine: (line) => {
        if (/processing data for table/.test(line)) onProgress?.(++restored, tables, 'tables');
      },
    });
  } catch (error) {
    // Its one transaction rolled back; a database made for it goes too, leaving things as they were.
    if (created) await dropDatabase(url).catch(() => {});
    throw error;
  }
  onProgress?.(tables, tables, 'tables');
  const db = openPostgres(url, 1);
  try {
    const read = await migrateAndRead(db as Kysely<unknown>, postgresEngine, displayLocation(url));
    return { ...read, backupSchemaVersion, databaseCreated: created };
  } finally {
    await db.destroy();
  }
}

/**
 * Restores the backup `from` into `location`, which must be empty unless `force`; the backup's
 * engine and the location's must be the same.
 */
export async function restoreStore(
  from: string,
  location: string,
  options: { force: boolean; onProgress?: CopyProgress },
): Promise<RestoreOutcome> {
  const format = formatOf(from);
  const postgres = isPostgresUrl(location);
  if (format === 'sqlite' && postgres)
    throw new Error(
      `${from} is a backup of a SQLite store: restore it into a SQLite file (--db path/to/file.db).`,
    );
  if (format === 'pg_dump' && !postgres)
    throw new Error(
      `${from} is a backup of a PostgreSQL store: restore it into a database (--db postgres://…).`,
    );
  const startedMs = Date.now();
  const restored = postgres
    ? await restorePostgres(from, location, options.force, options.onProgress)
    : { ...(await restoreSqlite(from, location, options.force, options.onProgress)), databaseCreated: false };
  return {
    engine: postgres ? 'postgres' : 'sqlite',
    bytes: statSync(from).size,
    durationMs: Date.now() - startedMs,
    ...restored,
  };
}
