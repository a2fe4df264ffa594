/**
 * The recovery drill: `affluence backup` while orders pour in, `affluence restore` elsewhere, a
 * server on the restore, and an audit of what came back — on both engines. Then the bad input:
 * each refusal says why and changes nothing.
 */
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reconciliation } from '../src/inventory/contract.js';
import { type AcknowledgedOrder, type AuditInput, audit } from '../src/rehearsal/index.js';
import { type Client, client } from './support/client.js';
import { type Cluster, must, startCluster } from './support/cluster.js';
import { cliPath, type ServerProcess, startServer } from './support/server-process.js';
import { address } from './support/shop.js';
import { type EngineName, engines, freshLocation } from './support/stores.js';

type ListedOrder = AuditInput['listing'][number];

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI as an operator would, with no DATABASE_URL leaking in from the environment. */
function affluence(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cliPath, ...args],
      { env: { ...process.env, DATABASE_URL: '', ...env } },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const skus = ['DRILL-A', 'DRILL-B'] as const;
const stockPerSku = 100_000;

/** Every order, oldest first, page after page, as the back office lists them. */
async function listOrders(admin: Client): Promise<ListedOrder[]> {
  const orders: ListedOrder[] = [];
  let cursor: string | null = null;
  do {
    const page = await must(
      admin('GET', `/v1/orders?limit=1000${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`),
    );
    orders.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor !== null);
  return orders;
}

/** The events of a shop's feed after `after`: how many, and the id of the newest (`after` without any). */
async function feedPast(admin: Client, after: number): Promise<{ count: number; last: number }> {
  let count = 0;
  let cursor = after;
  for (;;) {
    const page = await must(admin('GET', `/v1/events?after=${cursor}&limit=1000`));
    if (page.data.length === 0) return { count, last: cursor };
    count += page.data.length;
    cursor = page.next_cursor;
  }
}

/** A table count: 0 for a SQLite file not there or empty, or a database without tables. */
async function tablesIn(location: string): Promise<number> {
  if (!location.startsWith('postgres')) {
    if (!existsSync(location) || statSync(location).size === 0) return 0;
    const db = new SqliteDatabase(location, { readonly: true });
    try {
      return (
        db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }
      ).n;
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  try {
    const { rows } = await client.query("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'");
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}

/** A storefront order; its external id is its Idempotency-Key, as the rehearsal's are. */
function orderBody(key: string, index: number, lines: { sku: string; quantity: number }[]) {
  return {
    channel: 'web',
    external_id: key,
    customer: { email: `buyer${index}@example.fr` },
    shipping_address: address,
    lines,
  };
}

interface Attempt {
  readonly key: string;
  /** What was sent: a retry sends it again, byte for byte. */
  readonly body: ReturnType<typeof orderBody>;
  readonly lines: { sku: string; quantity: number }[];
  /** The answer: 201 with the order, or 0 when the request itself failed. */
  readonly status: number;
  readonly id?: string;
  readonly placedAtMs?: number;
}

/**
 * Storefront orders, each with its Idempotency-Key (and the key as external id, as the rehearsal
 * does), from several buyers at once until stopped; every fifth acknowledged order is cancelled.
 */
function startLoad(storefronts: readonly Client[]) {
  const attempts: Attempt[] = [];
  const cancels: { id: string; status: number; answeredAtMs: number }[] = [];
  let next = 0;
  let running = true;
  const buyer = async () => {
    while (running) {
      const index = next++;
      const key = `drill-${index}`;
      const lines = [
        { sku: skus[0], quantity: 1 },
        { sku: skus[1], quantity: 1 + (index % 3) },
      ];
      const body = orderBody(key, index, lines);
      const storefront = storefronts[index % storefronts.length]!;
      const reply = await storefront('POST', '/v1/orders', body, { 'idempotency-key': key }).catch(
        () => undefined,
      );
      attempts.push({
        key,
        body,
        lines,
        status: reply?.status ?? 0,
        id: reply?.body?.id,
        placedAtMs: reply?.status === 201 ? Date.parse(reply.body.created_at) : undefined,
      });
      if (reply?.status === 201 && index % 5 === 4) {
        const id: string = reply.body.id;
        // A cancel without an answer (status 0) may or may not have been applied.
        const cancel = await storefront('POST', `/v1/orders/${id}/cancel`).catch(() => undefined);
        cancels.push({ id, status: cancel?.status ?? 0, answeredAtMs: Date.now() });
      }
      // A steady stream rather than a flood: the backup shares the 2 cores with the server.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  const buyers = Array.from({ length: 6 }, buyer);
  const acknowledged = () => attempts.filter((attempt) => attempt.status === 201);
  return {
    acknowledged,
    cancels,
    attempts,
    async waitForAcknowledged(count: number) {
      while (acknowledged().length < count) await new Promise((resolve) => setTimeout(resolve, 20));
    },
    async stop() {
      running = false;
      await Promise.all(buyers);
    },
  };
}

describe.each(engines)('backup and restore on %s', (engine: EngineName) => {
  let original: Cluster;
  let restored: ServerProcess | undefined;
  // Made when the tests run, not when the file is collected: a run filtered to other tests makes none.
  let dir: string;
  let file: string;
  const drops: (() => Promise<void>)[] = [];
  /** A storefront key of the drill's own: it is in the backup, so the restored shop knows it. */
  let storefrontKey: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'affluence-backup-'));
    file = join(dir, engine === 'sqlite' ? 'shop-backup.db' : 'shop-backup.dump');
    original = await startCluster(engine);
    const admin = original.admins[0]!;
    storefrontKey = (await must(admin('POST', '/v1/api-keys', { name: 'drill', scopes: ['storefront'] })))
      .key;
    await must(admin('PUT', '/v1/channels/web', { name: 'Web', currency: 'EUR' }));
    await must(admin('PUT', '/v1/locations/paris', { name: 'Paris', channels: ['web'] }));
    for (const sku of skus) {
      await must(admin('PUT', `/v1/skus/${sku}`, { name: `Drill ${sku}`, prices: { web: 1_990 } }));
      await must(admin('POST', '/v1/stock/receipts', { sku, location: 'paris', quantity: stockPerSku }));
    }
  });
  afterAll(async () => {
    await restored?.stop();
    await original?.close();
    for (const drop of drops) await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up during load, and the restore serves every order acknowledged before it, once, with balanced stock', async () => {
    const load = startLoad(original.servers.map((server) => client(server.url, storefrontKey)));
    await load.waitForAcknowledged(60);
    // A consumer of the feed, caught up just before the backup.
    const consumerAt = (await feedPast(original.admins[0]!, 0)).last;
    await must(original.admins[0]!('PUT', '/v1/events/cursors/crm', { position: consumerAt }));
    // What was acknowledged before the backup started must all be in it.
    const acknowledgedBefore = load.acknowledged();
    const cancelledBefore = load.cancels.filter((cancel) => cancel.status === 200).map((cancel) => cancel.id);
    const backupStartedMs = Date.now();
    const backup = await affluence(['backup', '--db', original.location, '--out', file]);
    const acknowledgedByBackupEnd = load.acknowledged().length;
    // The shop kept taking orders while the backup ran: it blocks no writer.
    expect(acknowledgedByBackupEnd, 'orders acknowledged while the backup ran').toBeGreaterThan(
      acknowledgedBefore.length,
    );
    // The shop keeps selling after the backup: those orders are what a restore to it loses.
    await load.waitForAcknowledged(acknowledgedByBackupEnd + 40);
    await load.stop();

    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/^Backed up /);
    const backedUpOrders = Number(/([\d,]+) orders/.exec(backup.stdout)![1]!.replaceAll(',', ''));
    expect(backedUpOrders).toBeGreaterThanOrEqual(acknowledgedBefore.length);
    expect(existsSync(`${file}.partial`)).toBe(false);

    const originalOrders = await listOrders(original.admins[0]!);
    expect(originalOrders.length).toBeGreaterThan(backedUpOrders);

    const target = await freshLocation(engine);
    drops.push(target.drop);
    const restore = await affluence(['restore', '--from', file, '--db', target.location]);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain(`${backedUpOrders.toLocaleString('en-GB')} orders, 2 SKUs`);

    // One server on the restore is enough to audit it; its admin key is made at start, as after a disaster.
    restored = await startServer(target.location, 'aff_test_restored_admin_key');
    const restoredAdmin = client(restored.url, 'aff_test_restored_admin_key');
    const restoredStorefront = client(restored.url, storefrontKey);
    const restoredOrders = await listOrders(restoredAdmin);
    expect(restoredOrders.length).toBe(backedUpOrders);

    // Orders in the restore are the original's, as they were then: none invented.
    const originalIds = new Set(originalOrders.map((order) => order.id));
    expect(restoredOrders.filter((order) => !originalIds.has(order.id))).toEqual([]);

    // The rehearsal's audit, over the restored shop and what was acknowledged before the backup.
    const reads = new Map<string, { status: number; order?: ListedOrder }>();
    for (const attempt of acknowledgedBefore) {
      const read = await restoredStorefront('GET', `/v1/orders/${attempt.id}`);
      reads.set(
        attempt.id!,
        read.status === 200 ? { status: 200, order: read.body } : { status: read.status },
      );
    }
    const reconciliations: Reconciliation[] = [];
    for (const sku of skus)
      reconciliations.push(await must(restoredAdmin('GET', `/v1/stock/${sku}/reconciliation`)));
    const verdict = audit({
      startingStock: skus.map((sku) => ({ sku, onHand: stockPerSku, locations: { paris: stockPerSku } })),
      acknowledged: acknowledgedBefore.map(
        (attempt): AcknowledgedOrder => ({
          id: attempt.id!,
          idempotencyKey: attempt.key,
          lines: attempt.lines,
          placedAtMs: attempt.placedAtMs!,
        }),
      ),
      retryMismatches: [],
      cancelled: cancelledBefore,
      // Cancelled after the backup started: either status is right in the restore.
      cancelUnanswered: load.cancels
        .filter((cancel) => cancel.answeredAtMs >= backupStartedMs || cancel.status !== 200)
        .map((cancel) => cancel.id),
      listing: restoredOrders,
      reads,
      reconciliations,
    });
    const failed = verdict.checks.filter((check) => !check.passed);
    expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
    expect(verdict.ordersAcknowledged).toBe(acknowledgedBefore.length);
    expect(reconciliations.every((item) => item.balanced)).toBe(true);

    // A storefront retrying an order it placed before the backup gets that order back, not a second one.
    for (const attempt of acknowledgedBefore.slice(0, 10)) {
      const retried = await restoredStorefront('POST', '/v1/orders', attempt.body, {
        'idempotency-key': attempt.key,
      });
      expect(retried.body.id, JSON.stringify(retried.body)).toBe(attempt.id);
    }
    expect((await listOrders(restoredAdmin)).length).toBe(backedUpOrders);

    // The orders and events after the backup are lost with the store, not from the world: their
    // numbers are on customers' confirmations, their ids in webhook receivers. A new order on the
    // restore takes a number above every one the original handed out, and its events ids above
    // every id of the original's feed: a receiver de-duplicating by id takes them all.
    expect(restore.stdout).toMatch(/Order numbers go on from AF\d+ and event ids from \d+/);
    const sequenceOf = (order: ListedOrder) =>
      Number((order as unknown as { number: string }).number.slice(2));
    const originalLastEvent = (await feedPast(original.admins[0]!, 0)).last;
    const fresh = await must(
      restoredStorefront(
        'POST',
        '/v1/orders',
        orderBody('after-restore', 0, [{ sku: skus[0], quantity: 1 }]),
        {
          'idempotency-key': 'after-restore',
        },
      ),
    );
    expect(sequenceOf(fresh)).toBeGreaterThan(Math.max(...originalOrders.map(sequenceOf)));
    const feedPastOriginal = await must(
      restoredAdmin('GET', `/v1/events?after=${originalLastEvent}&limit=100`),
    );
    // Past the original's last id: only what happened on the restore, the admin key it made at start
    // and the new order.
    expect(feedPastOriginal.data.map((event: { entity_id: string }) => event.entity_id)).toEqual([
      expect.stringMatching(/^key_/),
      fresh.id,
    ]);
    // Its backlog counts the events it has still to read, across the ids' gap.
    const metrics = await fetch(`${restored.url}/metrics`, {
      headers: { authorization: 'Bearer aff_test_restored_admin_key' },
    });
    expect(await metrics.text()).toContain(
      `affluence_outbox_backlog ${(await feedPast(restoredAdmin, consumerAt)).count}\n`,
    );
    await restored.stop();
    restored = undefined;
  });

  // The cases of one engine only are registered on it alone, rather than shown skipped on the other.
  const onSqlite = engine === 'sqlite' ? it.concurrent : undefined;
  const onPostgres = engine === 'postgres' ? it.concurrent : undefined;

  // Decided before the store is looked at, alike on either engine: checked once.
  onSqlite?.(
    'refuses to overwrite an existing file without --force, and leaves it as it was',
    async ({ expect }) => {
      const existing = join(dir, 'precious.bin');
      writeFileSync(existing, 'last week’s backup');
      const run = await affluence(['backup', '--db', original.location, '--out', existing]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`${existing} exists already`);
      expect(run.stderr).toContain('--force');
      expect(readFileSync(existing, 'utf8')).toBe('last week’s backup');
      expect(existsSync(`${existing}.partial`)).toBe(false);
    },
  );

  it.concurrent('refuses a file that is not a backup of this engine’s store, creating nothing', async ({
    expect,
  }) => {
    const target = await freshLocation(engine);
    drops.push(target.drop);
    // A SQLite database, but not a store of ours: on PostgreSQL, a backup of the other engine too.
    const stranger = join(dir, 'stranger.db');
    const db = new SqliteDatabase(stranger);
    db.exec('CREATE TABLE notes (body TEXT)');
    db.close();
    // Whatever the engine, a file of another kind is refused before the target is looked at.
    const notABackup = join(dir, 'orders.csv');
    writeFileSync(notABackup, 'id,sku,quantity\n1,DRILL-A,1\n');
    const [strange, run] = await Promise.all([
      affluence(['restore', '--from', stranger, '--db', target.location]),
      engine === 'sqlite' ? affluence(['restore', '--from', notABackup, '--db', target.location]) : null,
    ]);
    expect(strange.code).toBe(1);
    expect(strange.stderr).toContain(
      engine === 'sqlite' ? 'is not an Affluence store' : 'is a backup of a SQLite store',
    );
    if (run !== null) {
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`${notABackup} is not a backup`);
    }
    expect(await tablesIn(target.location)).toBe(0);
  });

  it.concurrent('refuses to restore onto a store that holds a shop, without --force; the shop goes on serving', async ({
    expect,
  }) => {
    const before = (await listOrders(original.admins[0]!)).length;
    const [run, forced] = await Promise.all([
      affluence(['restore', '--from', file, '--db', original.location]),
      affluence(['restore', '--from', file, '--db', original.location, '--force']),
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/holds a store already|is not empty/);
    expect(run.stderr).toContain('--force');
    // Even with --force, never under a server still using it.
    expect(forced.code).toBe(1);
    expect(forced.stderr).toContain('is in use');
    expect((await listOrders(original.admins[0]!)).length).toBe(before);
  });

  onSqlite?.('refuses a backup made by a newer Affluence, creating nothing', async ({ expect }) => {
    const newer = join(dir, 'newer.db');
    copyFileSync(file, newer);
    const db = new SqliteDatabase(newer);
    db.prepare('INSERT INTO kysely_migration (name, timestamp) VALUES (?, ?)').run(
      '9999_from_the_future',
      new Date().toISOString(),
    );
    db.close();
    const target = join(dir, 'from-the-future', 'shop.db');
    const run = await affluence(['restore', '--from', newer, '--db', target]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('was made by a newer Affluence (its schema has 9999_from_the_future)');
    expect(existsSync(target)).toBe(false);
  });

  onPostgres?.('says so when pg_dump is not installed, writing nothing', async ({ expect }) => {
    const out = join(dir, 'no-tools.dump');
    const run = await affluence(['backup', '--db', original.location, '--out', out], {
      PATH: '/nonexistent',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('pg_dump was not found');
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });
});
