/**
 * The storage port. A `Repos` bundle reads and writes through one connection or transaction; a
 * `Store` opens the right adapter for a location (a file path → SQLite, a `postgres://` URL →
 * PostgreSQL), migrates it, and runs transactions, retrying those PostgreSQL aborts for deadlock.
 */
import type { Kysely } from 'kysely';
import { KeyRepo } from '../api-keys/key-repo.js';
import { AuditRepo } from '../audit/audit-repo.js';
import { limits } from '../core/limits.js';
import { EventRepo } from '../outbox/event-repo.js';
import type { Engine } from './engine.js';
import { migrateToLatest } from './migrations/index.js';
import { openPostgres, postgresEngine } from './postgres.js';
import type { Database } from './schema.js';
import { SettingsRepo } from './settings-repo.js';
import { openSqlite, sqliteEngine } from './sqlite.js';

/**
 * Every repository, over one connection or one transaction. The kernel declares its own here; each
 * part adds its repository to this interface by declaration merging (as Fastify types its
 * decorators) in its repository file, and the composition root builds the whole bundle
 * (`src/server/store.ts`): the kernel names no part.
 */
export interface Repos extends KernelRepos {}

/** The kernel's own repositories: the outbox, API keys, settings and the audit log. */
export interface KernelRepos {
  readonly events: EventRepo;
  readonly keys: KeyRepo;
  readonly settings: SettingsRepo;
  readonly audit: AuditRepo;
}

/** Builds every repository over one connection or transaction; given by the composition root. */
export type ReposFactory = (db: Kysely<Database>, engine: Engine) => Repos;

/** The kernel's own repositories, for the composition root to spread into the bundle. */
export function kernelRepos(db: Kysely<Database>, engine: Engine): KernelRepos {
  return {
    events: new EventRepo(db, engine),
    keys: new KeyRepo(db),
    settings: new SettingsRepo(db),
    audit: new AuditRepo(db),
  };
}

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//.test(location);
}

export class Store {
  /**
   * Reads outside any transaction: each sees everything committed before it starts. They go through
   * connections of their own, so they never wait behind the writer's open transaction.
   */
  readonly read: Repos;

  private constructor(
    readonly db: Kysely<Database>,
    readonly engine: Engine,
    private readonly makeRepos: ReposFactory,
    private readonly readDb: Kysely<Database> = db,
  ) {
    this.read = makeRepos(readDb, engine);
  }

  static async open(location: string, makeRepos: ReposFactory): Promise<Store> {
    if (isPostgresUrl(location)) {
      // Writes and reads draw from pools of their own: a flood of availability reads must never
      // leave the intake's batch waiting for a connection.
      const db = openPostgres(location, limits.postgresWritePoolMax);
      await migrateToLatest(db as Kysely<unknown>, postgresEngine);
      return new Store(db, postgresEngine, makeRepos, openPostgres(location, limits.postgresReadPoolMax));
    }
    const db = openSqlite(location);
    await migrateToLatest(db as Kysely<unknown>, sqliteEngine);
    // An in-memory SQLite database is private to its connection: it reads through the writer's.
    const readDb = location === ':memory:' ? db : openSqlite(location, { readOnly: true });
    return new Store(db, sqliteEngine, makeRepos, readDb);
  }

  /** Runs `work` in one transaction; on a deadlock or serialization failure, runs it again from the start. */
  async transaction<T>(work: (tx: Repos) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction().execute((trx) => work(this.makeRepos(trx, this.engine)));
      } catch (error) {
        if (!this.engine.isRetryable(error) || attempt >= limits.transactionRetriesMax) throw error;
      }
    }
  }

  /**
   * Runs `reads` on one snapshot of the store: every read in it sees the same committed state.
   * PostgreSQL's default isolation lets each statement see what committed since the one before (a
   * hold swept between reading `reserved` and reading the holds would look like an orphaned
   * reservation), so the snapshot is REPEATABLE READ there; on SQLite a read transaction is one.
   * It reads through the read connections, and writes nothing.
   */
  snapshot<T>(reads: (tx: Repos) => Promise<T>): Promise<T> {
    return this.readDb
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute((trx) => reads(this.makeRepos(trx, this.engine)));
  }

  async close(): Promise<void> {
    if (this.readDb !== this.db) await this.readDb.destroy();
    await this.db.destroy();
  }
}
