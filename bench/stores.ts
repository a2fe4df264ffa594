/** Fresh, empty stores for one bench run: a temporary SQLite file, or a PostgreSQL database made and dropped here. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export type EngineName = 'sqlite' | 'postgres';

/** The PostgreSQL server the bench creates its database on (trust auth, as the tests use). */
export const postgresAdminUrl =
  process.env.AFFLUENCE_BENCH_POSTGRES_URL ??
  process.env.AFFLUENCE_TEST_POSTGRES_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

/** Attempts to drop a database whose last connections are still closing, 100 ms apart. */
const dropAttemptsMax = 50;

export interface BenchStore {
  /** What `affluence serve --db` takes. */
  readonly location: string;
  /** What the report shows: never a password. */
  readonly shown: string;
  /** The PostgreSQL backends serving this database now (none for SQLite), to count their CPU. */
  backendPids(): Promise<number[]>;
  drop(): Promise<void>;
}

async function adminQuery(sql: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows;
  } finally {
    await client.end();
  }
}

async function dropDatabase(name: string): Promise<void> {
  for (let attempt = 0; attempt < dropAttemptsMax; attempt++) {
    try {
      await adminQuery(`DROP DATABASE IF EXISTS ${name}`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006') throw error; // still in use by other sessions
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

const undropped = new Set<BenchStore>();

/** Drops every store not dropped yet (used on Ctrl-C, once the servers are stopped). */
export async function dropAllStores(): Promise<void> {
  for (const store of [...undropped]) await store.drop();
}

function tracked(
  location: string,
  shown: string,
  backendPids: () => Promise<number[]>,
  drop: () => Promise<void>,
): BenchStore {
  const store: BenchStore = {
    location,
    shown,
    backendPids,
    async drop() {
      if (!undropped.delete(store)) return;
      await drop();
    },
  };
  undropped.add(store);
  return store;
}

export async function freshStore(engine: EngineName): Promise<BenchStore> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'affluence-bench-'));
    const location = join(dir, 'bench.db');
    return tracked(
      location,
      location,
      async () => [],
      async () => rmSync(dir, { recursive: true, force: true }),
    );
  }
  const name = `affluence_bench_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  const shown = new URL(url);
  shown.password = '';
  const backendPids = async () =>
    (
      await adminQuery(
        // The database's own backends, and the server-wide writers its load keeps busy.
        `SELECT pid FROM pg_stat_activity
          WHERE datname = $1 OR backend_type IN ('walwriter', 'checkpointer', 'background writer')`,
        [name],
      )
    ).map((row) => Number(row.pid));
  return tracked(url.toString(), shown.toString(), backendPids, () => dropDatabase(name));
}
