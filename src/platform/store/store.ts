/**
 * The storage port. A `Repos` bundle reads and writes through one connection or transaction; a
 * `Store` opens the right adapter for a location (a file path → SQLite, a `postgres://` URL →
 * PostgreSQL), migrates it, and runs transactions, retrying those PostgreSQL aborts for deadlock.
 */
import type { Kysely } from 'kysely';
import { CatalogRepo } from '../../catalog/catalog-repo.js';
import { StockRepo } from '../../inventory/stock-repo.js';
import { AlertRepo } from '../../ops/alerts/alert-repo.js';
import { FiguresRepo } from '../../ops/figures/figures-repo.js';
import { IncidentRepo } from '../../ops/incidents/incident-repo.js';
import { SwitchRepo } from '../../ops/switches/switch-repo.js';
import { OrderRepo } from '../../orders/order-repo.js';
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

export class Repos {
  readonly catalog: CatalogRepo;
  readonly stock: StockRepo;
  readonly orders: OrderRepo;
  readonly events: EventRepo;
  readonly keys: KeyRepo;
  readonly settings: SettingsRepo;
  readonly alerts: AlertRepo;
  readonly incidents: IncidentRepo;
  readonly audit: AuditRepo;
  readonly switches: SwitchRepo;
  readonly figures: FiguresRepo;

  constructor(db: Kysely<Database>, engine: Engine) {
    this.catalog = new CatalogRepo(db);
    this.stock = new StockRepo(db, engine);
    this.orders = new OrderRepo(db, engine);
    this.events = new EventRepo(db);
    this.keys = new KeyRepo(db);
    this.settings = new SettingsRepo(db);
    this.alerts = new AlertRepo(db);
    this.incidents = new IncidentRepo(db);
    this.audit = new AuditRepo(db);
    this.switches = new SwitchRepo(db, engine, this.settings);
    this.figures = new FiguresRepo(db);
  }
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
    private readonly readDb: Kysely<Database> = db,
  ) {
    this.read = new Repos(readDb, engine);
  }

  static async open(location: string): Promise<Store> {
    if (isPostgresUrl(location)) {
      // Writes and reads draw from pools of their own: a flood of availability reads must never
      // leave the intake's batch waiting for a connection.
      const db = openPostgres(location, limits.postgresWritePoolMax);
      await migrateToLatest(db as Kysely<unknown>, postgresEngine);
      return new Store(db, postgresEngine, openPostgres(location, limits.postgresReadPoolMax));
    }
    const db = openSqlite(location);
    await migrateToLatest(db as Kysely<unknown>, sqliteEngine);
    // An in-memory SQLite database is private to its connection: it reads through the writer's.
    const readDb = location === ':memory:' ? db : openSqlite(location, { readOnly: true });
    return new Store(db, sqliteEngine, readDb);
  }

  /** Runs `work` in one transaction; on a deadlock or serialization failure, runs it again from the start. */
  async transaction<T>(work: (tx: Repos) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction().execute((trx) => work(new Repos(trx, this.engine)));
      } catch (error) {
        if (!this.engine.isRetryable(error) || attempt >= limits.transactionRetriesMax) throw error;
      }
    }
  }

  async close(): Promise<void> {
    if (this.readDb !== this.db) await this.readDb.destroy();
    await this.db.destroy();
  }
}
