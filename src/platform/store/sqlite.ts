/** The embedded adapter: one SQLite file through better-sqlite3, zero set-up. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDialectConfig, type SqliteStatement } from 'kysely';
import { limits } from '../core/limits.js';
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
  // The file cannot be opened or read or written (a disk gone, a mount lost): the store is away.
  isUnavailable: (error) => {
    const code = errorCode(error);
    return code === 'SQLITE_CANTOPEN' || code?.startsWith('SQLITE_IOERR') === true;
  },
  isStorageFull: (error) => errorCode(error) === 'SQLITE_FULL',
};

/**
 * ROLLBACK when SQLite has already rolled the transaction back does nothing, instead of failing.
 * SQLite ends the transaction by itself on some errors (SQLITE_FULL, a disk full, is one); the
 * rollback that follows would then fail with "no transaction is active", and that error, thrown in
 * place of the first, would hide why the transaction failed.
 */
function rollbackIfActive(
  database: SqliteDatabase.Database,
  rollback: SqliteDatabase.Statement,
): SqliteStatement {
  return {
    reader: false,
    all: () => [],
    run: () => (database.inTransaction ? rollback.run() : { changes: 0, lastInsertRowid: 0 }),
    iterate: () => [][Symbol.iterator](),
  };
}

/**
 * The database as Kysely sees it, with each statement prepared once and reused: preparing is a
 * large share of a short query's cost. Statements differ only by SQL text (an IN list of another
 * length is another text), so the cache is bounded and starts afresh when full.
 */
function withStatementCache(database: SqliteDatabase.Database): SqliteDialectConfig['database'] {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => database.close(),
    prepare: (sql: string) => {
      let statement = statements.get(sql);
      if (statement === undefined) {
        if (statements.size >= limits.sqliteStatementCacheMax) statements.clear();
        statement = database.prepare(sql);
        statements.set(sql, statement);
      }
      return sql === 'rollback' ? rollbackIfActive(database, statement) : statement;
    },
  };
}

/** Opens the file; `readOnly` makes a connection for reads only, beside the writer's. */
export function openSqlite(path: string, options: { readOnly?: boolean } = {}): Kysely<Database> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new SqliteDatabase(path);
  if (options.readOnly === true) {
    database.pragma('query_only = ON');
    database.pragma('busy_timeout = 5000');
    return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  }
  // WAL lets readers run beside the writer. synchronous=NORMAL keeps every commit through a crash or
  // `kill -9` of the process (the WAL is in the OS's hands once written); only a power loss can drop
  // the last commits, which FULL would fsync at every commit for.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
}
