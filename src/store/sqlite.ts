/** The embedded adapter: one SQLite file through better-sqlite3, zero set-up. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { type Engine, errorCode } from './engine.js';
import type { Database } from './schema.js';

export const sqliteEngine: Engine = {
  name: 'sqlite',
  lockRowsForUpdate: false,
  isUniqueViolation: (error) => {
    const code = errorCode(error);
    return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
  },
  // SQLITE_BUSY_SNAPSHOT: another process committed between this transaction's read and its first write.
  isRetryable: (error) => errorCode(error)?.startsWith('SQLITE_BUSY') === true,
  isCheckViolation: (error) => errorCode(error) === 'SQLITE_CONSTRAINT_CHECK',
};

export function openSqlite(path: string): Kysely<Database> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new SqliteDatabase(path);
  // WAL lets readers run beside the writer. synchronous=NORMAL keeps every commit through a crash or
  // `kill -9` of the process (the WAL is in the OS's hands once written); only a power loss can drop
  // the last commits, which FULL would fsync at every commit for.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
}
