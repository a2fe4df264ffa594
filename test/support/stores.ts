/** Fresh stores for tests: a temporary SQLite file, or a PostgreSQL database of its own on this machine's server. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Store } from '../../src/platform/store/store.js';
import { openStore } from '../../src/server/store.js';

export const engines = ['sqlite', 'postgres'] as const;
export type EngineName = (typeof engines)[number];

/** The server the PostgreSQL tests create their databases on. */
export const postgresAdminUrl =
  process.env.AFFLUENCE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestStore {
  /** What `Store.open` and `affluence serve --db` take. */
  readonly location: string;
  readonly store: Store;
  dispose(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Drops a test database once its connections are gone: a closed pool may still be ending its
 * sockets, and forcing them would make their clients report a terminated connection.
 */
async function dropDatabase(name: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      await adminQuery(`DROP DATABASE IF EXISTS ${name}`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006') throw error; // in use by other sessions
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** A location for a new, empty store: nothing is opened yet. */
export async function freshLocation(
  engine: EngineName,
): Promise<{ location: string; drop(): Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'affluence-test-'));
    return {
      location: join(dir, 'shop.db'),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `affluence_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return { location: url.toString(), drop: () => dropDatabase(name) };
}

export async function openTestStore(engine: EngineName): Promise<TestStore> {
  const { location, drop } = await freshLocation(engine);
  const store = await openStore(location);
  return {
    location,
    store,
    async dispose() {
      await store.close();
      await drop();
    },
  };
}
