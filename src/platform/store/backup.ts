/**
 * `affluence backup`'s work on the store: an online, consistent copy of a live store in one file —
 * SQLite's backup API for the embedded store, pg_dump's custom format for PostgreSQL — and the
 * figures that say what a store or a backup holds.
 */
import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { errorCode } from './engine.js';
import { runPostgresTool } from './pg-tools.js';
import { isPostgresUrl } from './store.js';

/** What a store holds, as a backup or a restore reports it. */
export interface StoreFigures {
  readonly orders: number;
  readonly skus: number;
  /** When the newest order was placed, epoch milliseconds; null without any order. */
  readonly lastOrderAtMs: number | null;
  /** The last migration applied: the schema's version. */
  readonly schemaVersion: string;
}

/** Copy progress: pages for SQLite, tables for PostgreSQL. */
export type CopyProgress = (done: number, total: number, unit: 'pages' | 'tables') => void;

export interface BackupOutcome {
  readonly engine: 'sqlite' | 'postgres';
  readonly bytes: number;
  readonly durationMs: number;
  /** The instant the copy's snapshot was taken: every commit before it is in the file. */
  readonly snapshotAtMs: number;
  readonly figures: StoreFigures;
}

type Rows = (query: string) => Promise<Record<string, unknown>[]>;

/** A location fit to print: a PostgreSQL URL loses its password. */
export function displayLocation(location: string): string {
  if (!isPostgresUrl(location)) return location;
  const url = new URL(location);
  if (url.password !== '') url.password = '***';
  return url.toString();
}

function isMissingTable(error: unknown): boolean {
  return errorCode(error) === '42P01' || /no such table/i.test(String(error));
}

/**
 * Reads the figures through `rows`, in whatever transaction it runs in. A database without our
 * migrations table is not an Affluence store, and is named so.
 */
export async function readFigures(rows: Rows, name: string): Promise<StoreFigures> {
  let schemaVersion: string;
  try {
    const migrations = await rows('SELECT name FROM kysely_migration ORDER BY name DESC LIMIT 1');
    if (migrations.length === 0) throw new Error(`${name} has no schema yet: it is not an Affluence store.`);
    schemaVersion = String(migrations[0]!.name);
  } catch (error) {
    if (isMissingTable(error))
      throw new Error(`${name} is not an Affluence store (it has no migrations table).`);
    throw error;
  }
  const [orders] = await rows('SELECT count(*) AS count, max(created_at) AS last_at FROM orders');
  const [skus] = await rows('SELECT count(*) AS count FROM skus');
  return {
    orders: Number(orders?.count ?? 0),
    skus: Number(skus?.count ?? 0),
    lastOrderAtMs: orders?.last_at === null || orders?.last_at === undefined ? null : Number(orders.last_at),
    schemaVersion,
  };
}

/** Removes a SQLite file with the journal files SQLite may keep beside it. */
export function removeSqliteFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}

/** Pages copied per step: about a hundred steps, so that a progress bar moves. */
export function pagesPerStep(totalPages: number): number {
  return Math.max(100, Math.ceil(totalPages / 100));
}

/** Opens a SQLite file that must exist; a file that is not a database is said in plain words. */
export function openSqliteFile(path: string, options: { readOnly: boolean }): SqliteDatabase.Database {
  if (!existsSync(path)) throw new Error(`There is no file at ${path}.`);
  const database = new SqliteDatabase(path, { fileMustExist: true, readonly: options.readOnly });
  try {
    database.pragma('busy_timeout = 5000');
    database.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    database.close();
    if (errorCode(error) === 'SQLITE_NOTADB') throw new Error(`${path} is not a SQLite database.`);
    if (errorCode(error)?.startsWith('SQLITE_CORRUPT') === true)
      throw new Error(`${path} is damaged (${(error as Error).message}).`);
    throw error;
  }
  return database;
}

async function backupSqlite(path: string, partial: string, onProgress?: CopyProgress) {
  const source = openSqliteFile(path, { readOnly: false });
  try {
    // This connection writes nothing; it is not opened read-only because a read-only connection
    // may be refused a WAL database's shared memory.
    source.pragma('query_only = ON');
    // One read transaction around the whole copy: every step reads the same snapshot, which WAL
    // keeps while the server goes on committing. Without it, SQLite restarts a backup each time
    // another connection commits, which under load is every few milliseconds: it would never end.
    source.exec('BEGIN');
    const snapshotAtMs = Date.now();
    const figures = await readFigures(
      async (query) => source.prepare(query).all() as Record<string, unknown>[],
      path,
    );
    const { totalPages } = await source.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.(totalPages - remainingPages, totalPages, 'pages');
        return pagesPerStep(totalPages);
      },
    });
    onProgress?.(totalPages, totalPages, 'pages');
    source.exec('COMMIT');
    // The copy becomes one self-contained file (no -wal beside it), then is checked before it counts.
    const copy = new SqliteDatabase(partial, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
      const check = copy.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`the copy failed its check: ${String(check)}`);
    } finally {
      copy.close();
    }
    return { figures, snapshotAtMs };
  } finally {
    if (source.inTransaction) source.exec('ROLLBACK');
    source.close();
  }
}

async function backupPostgres(url: string, partial: string, onProgress?: CopyProgress) {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`Could not connect to ${displayLocation(url)}: ${(error as Error).message}`);
  }
  try {
    // The figures and pg_dump read one exported snapshot, so what is printed is what the file holds.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshotAtMs = Date.now();
    const snapshot = String((await client.query('SELECT pg_export_snapshot() AS id')).rows[0].id);
    const figures = await readFigures(
      async (query) => (await client.query(query)).rows,
      displayLocation(url),
    );
    const tables = Number(
      (
        await client.query(
          "SELECT count(*) AS count FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
        )
      ).rows[0].count,
    );
    let dumped = 0;
    onProgress?.(0, tables, 'tables');
    await runPostgresTool('pg_dump', {
      url,
      args: ['--format=custom', `--snapshot=${snapshot}`, '--verbose', `--file=${partial}`, '--dbname={url}'],
      onStderrLine: (line) => {
        if (/dumping contents of table/.test(line)) onProgress?.(++dumped, tables, 'tables');
      },
    });
    onProgress?.(tables, tables, 'tables');
    // The exporting transaction stays open until pg_dump is done: it holds the snapshot.
    await client.query('COMMIT');
    return { figures, snapshotAtMs };
  } finally {
    await client.end();
  }
}

/**
 * Copies the store at `location` into `out`, through a file beside it renamed once whole: a failed
 * backup leaves no file that looks like one. An existing `out` is replaced only when `force`.
 */
export async function backupStore(
  location: string,
  out: string,
  options: { force: boolean; onProgress?: CopyProgress },
): Promise<BackupOutcome> {
  if (existsSync(out) && !options.force)
    throw new Error(
      `${out} exists already: choose another name (a date in it helps), or add --force to replace it.`,
    );
  if (!existsSync(dirname(resolve(out))))
    throw new Error(`There is no folder ${dirname(resolve(out))} to write ${out} into.`);
  const postgres = isPostgresUrl(location);
  if (!postgres && resolve(location) === resolve(out))
    throw new Error('The backup cannot be the store itself.');
  const partial = `${out}.partial`;
  removeSqliteFiles(partial);
  const startedMs = Date.now();
  try {
    // Readable by its owner only, from its first byte: a backup holds webhook and payment secrets.
    // SQLite and pg_dump both write into the empty file as it is, and keep its mode.
    writeFileSync(partial, '', { mode: 0o600 });
    const { figures, snapshotAtMs } = postgres
      ? await backupPostgres(location, partial, options.onProgress)
      : await backupSqlite(location, partial, options.onProgress);
    renameSync(partial, out);
    return {
      engine: postgres ? 'postgres' : 'sqlite',
      bytes: statSync(out).size,
      durationMs: Date.now() - startedMs,
      snapshotAtMs,
      figures,
    };
  } catch (error) {
    removeSqliteFiles(partial);
    throw error;
  }
}
