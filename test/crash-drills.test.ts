/**
 * The crash drills of issue 16, one shop per engine living through one incident after another
 * under a steady load of orders (some through a hold, some with a promo code, some paid, some
 * cancelled): every server process killed with SIGKILL at seeded-random instants and started again;
 * on PostgreSQL, one of two processes killed while the other serves, then PostgreSQL itself
 * restarted; on SQLite, the disk filling up. After each, the rehearsal's audit and the drill's own
 * checks say every promise held: every 201 exists once, nothing oversold, the ledger, reserved =
 * open orders + live holds, payments within totals, a promo code's uses equal to the orders using
 * it, no outbox consumer ahead of the outbox, every order's webhook sent.
 *
 * CRASH_DRILL_KILLS sets the kills per engine: 10 by default, 20 instants over the file, which keeps
 * it near two minutes of the suite; 20 on each engine takes four. CRASH_DRILL_SEED sets the seed that
 * draws the instants and the buyers, CRASH_DRILL_VERBOSE=1 prints what each drill did.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from './support/cluster.js';
import { CrashDrill, eventually } from './support/crash-drill.js';
import { type PrivatePostgres, startPrivatePostgres } from './support/private-postgres.js';
import { seededDraws } from './support/random.js';
import type { ServerProcess } from './support/server-process.js';
import { mountSmallDisk, type SmallDisk } from './support/small-disk.js';
import { webhookReceiver } from './support/webhook-receiver.js';

const kills = Number(process.env.CRASH_DRILL_KILLS ?? 10);
const seed = Number(process.env.CRASH_DRILL_SEED ?? 16);
/** Buyers placing orders at once: enough for batches, and requests in flight at every kill. */
const buyers = 8;
/** A webhook attempt's time limit: a claim cut by a kill lapses after twice this, and is sent again. */
const serveArgs = ['--webhook-timeout', '1000'];
/** The kill rounds' time, at most: a start of every process, the load, the retries and the audit, each. */
const killRoundsTimeoutMs = 60_000 + kills * 25_000;

type Receiver = Awaited<ReturnType<typeof webhookReceiver>>;

/** Progress, for whoever runs a long drill by hand. */
const say = (line: string) => {
  if (process.env.CRASH_DRILL_VERBOSE !== undefined) console.log(line);
};

const alive = (server: ServerProcess) => server.child.exitCode === null && server.child.signalCode === null;

/** One shop on one store, its buyers, and the receiver of its webhooks. */
interface Shop {
  cluster: Cluster;
  drill: CrashDrill;
  receiver: Receiver;
}

async function openShop(cluster: Cluster): Promise<Shop> {
  const receiver = await webhookReceiver();
  const drill = new CrashDrill({ adminKey: cluster.adminKey, storefrontKey: cluster.storefrontKey }, seed);
  await drill.connect(cluster.servers.map((server) => server.url));
  await drill.setUpShop(receiver.url('/orders'));
  return { cluster, drill, receiver };
}

async function closeShop(shop: Shop | undefined): Promise<void> {
  await shop?.drill.disconnect();
  await shop?.cluster.close();
  await shop?.receiver.close();
}

/** Kills every process at seeded-random instants under load; after each restart, the audit. */
async function killEveryProcess(shop: Shop): Promise<void> {
  const { drill } = shop;
  const draws = seededDraws(seed);
  for (let kill = 1; kill <= kills; kill++) {
    const load = drill.startLoad(buyers);
    await sleep(draws.int(150, 900));
    await Promise.all(shop.cluster.servers.map((server) => server.kill()));
    for (const server of shop.cluster.servers) drill.markDown(server.url);
    await load.stop();
    const killedAtMs = performance.now();
    shop.cluster = await shop.cluster.restart();
    const restartedAtMs = performance.now();
    await drill.connect(shop.cluster.servers.map((server) => server.url));
    await drill.retryUnanswered();
    expect(drill.unanswered(), `requests unanswered after restart ${kill}`).toEqual([]);
    const breaches = await drill.audit();
    say(
      `kill ${kill}: ${drill.acknowledgedCount} orders so far; restart ${Math.round(restartedAtMs - killedAtMs)} ms, retries and audit ${Math.round(performance.now() - restartedAtMs)} ms`,
    );
    expect(breaches, `the audit after kill ${kill}`).toEqual([]);
  }
  // The kills landed mid-load: requests were cut, and orders were taken between them.
  expect(drill.cutRequests).toBeGreaterThan(0);
  expect(drill.acknowledgedCount).toBeGreaterThan(kills);
}

/**
 * The end of every drill: every request answered at last, the audit clean, nothing a user would call
 * wrong seen on the way (a 500, a hang, a capture past a total), every order's webhook delivered,
 * and the holds' stock back once their time is up (the sweepers run again by themselves).
 */
async function expectEveryPromiseKept({ drill, receiver }: Shop, when: string) {
  await drill.retryUnanswered();
  say(`${when}: ${drill.summary()}`);
  expect(drill.unanswered(), `requests still unanswered ${when}`).toEqual([]);
  expect(await drill.audit(), `the audit ${when}`).toEqual([]);
  expect(drill.incidents, `what went wrong ${when}`).toEqual([]);
  const delivered = () =>
    new Set(
      receiver
        .at('/orders')
        .filter((request) => request.answered === 200)
        .map((request) => request.body.data.id as string),
    );
  await eventually(() => drill.acknowledgedIds.every((id) => delivered().has(id)), 60_000);
  const received = delivered();
  expect(
    drill.acknowledgedIds.filter((id) => !received.has(id)),
    `orders whose order.placed webhook never came ${when}`,
  ).toEqual([]);
  await eventually(async () => (await drill.heldUnits()) === 0, 30_000);
  expect(await drill.heldUnits(), `units still held after every hold expired ${when}`).toBe(0);
}

describe('crash drills on SQLite', () => {
  // The store lives on a small disk of its own where this machine lets the test mount one.
  let disk: SmallDisk | string;
  let folder: string | undefined;
  let shop: Shop | undefined;
  beforeAll(async () => {
    disk = mountSmallDisk(64);
    if (typeof disk === 'string') folder = mkdtempSync(join(tmpdir(), 'affluence-drill-'));
    const location = join(typeof disk === 'string' ? folder! : disk.dir, 'shop.db');
    const cluster = await startCluster('sqlite', { location, drop: async () => {} }, undefined, serveArgs);
    shop = await openShop(cluster);
  });
  afterAll(async () => {
    await closeShop(shop);
    if (typeof disk !== 'string') disk.dispose();
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  });

  it(
    `keeps every promise through ${kills} kills of the server mid-load`,
    { timeout: killRoundsTimeoutMs },
    async () => {
      await killEveryProcess(shop!);
      await expectEveryPromiseKept(shop!, `after ${kills} kills`);
    },
  );

  it(
    'answers 507 storage_full on a full disk, keeps its reads, and takes orders again once space returns',
    { timeout: 90_000 },
    async (context) => {
      if (typeof disk === 'string') return context.skip(disk);
      const { drill, cluster } = shop!;
      const load = drill.startLoad(buyers);
      const placedBeforeFull = drill.acknowledgedCount;
      await eventually(() => drill.acknowledgedCount >= placedBeforeFull + buyers);

      drill.phase = 'full';
      disk.fill();
      expect(
        await eventually(() => drill.answers.has('full 507 storage_full')),
        'an order refused for the full disk',
      ).toBe(true);
      const refused = drill.answers.get('full 507 storage_full')!;
      expect(refused.withRetryAfter).toBe(refused.count);
      // Reads keep working: the orders taken, the stock, the health check.
      const server = cluster.servers[0]!;
      const headers = { authorization: `Bearer ${cluster.adminKey}` };
      for (const id of drill.acknowledgedIds.slice(-5))
        expect((await fetch(`${server.url}/v1/orders/${id}`, { headers })).status).toBe(200);
      expect((await fetch(`${server.url}/v1/stock/${drill.runId}-DRILL-MUG`, { headers })).status).toBe(200);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

      disk.free();
      drill.phase = 'freed';
      // The same process takes orders again, without a restart.
      const placedBeforeFree = drill.acknowledgedCount;
      expect(await eventually(() => drill.acknowledgedCount > placedBeforeFree + buyers)).toBe(true);
      await load.stop();
      expect(alive(server), 'the server process outlived the full disk').toBe(true);
      await expectEveryPromiseKept(shop!, 'after the disk filled up and was freed');
    },
  );
});

describe('crash drills on PostgreSQL', () => {
  // A server of the drills' own, which they may restart: the machine's serves other test files.
  let postgres: PrivatePostgres | undefined;
  let shop: Shop | undefined;
  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    const cluster = await startCluster(
      'postgres',
      { location: postgres.url, drop: async () => {} },
      undefined,
      serveArgs,
    );
    shop = await openShop(cluster);
  });
  afterAll(async () => {
    await closeShop(shop);
    await postgres?.dispose();
  });

  it(
    `keeps every promise through ${kills} kills of both processes mid-load`,
    { timeout: killRoundsTimeoutMs },
    async () => {
      await killEveryProcess(shop!);
      await expectEveryPromiseKept(shop!, `after ${kills} kills`);
    },
  );

  it(
    'keeps taking orders on one process while the other is killed and started again',
    { timeout: 90_000 },
    async () => {
      const { drill } = shop!;
      const draws = seededDraws(seed + 1);
      const load = drill.startLoad(buyers);
      for (const victim of [0, 1]) {
        await sleep(draws.int(200, 800));
        const victimUrl = shop!.cluster.servers[victim]!.url;
        const survivorUrl = shop!.cluster.servers[1 - victim]!.url;
        await shop!.cluster.servers[victim]!.kill();
        drill.markDown(victimUrl);
        const placedBefore = drill.placedAt.get(survivorUrl) ?? 0;
        // The killed process starts again while the survivor takes every order.
        const restarted = await shop!.cluster.restartOne(victim);
        expect(
          (drill.placedAt.get(survivorUrl) ?? 0) - placedBefore,
          `orders the survivor placed while process ${victim} was down`,
        ).toBeGreaterThan(0);
        await drill.replace(victimUrl, restarted.url);
      }
      await load.stop();
      await expectEveryPromiseKept(shop!, 'after each process was killed alone');
    },
  );

  it(
    'answers 503 with Retry-After while PostgreSQL restarts, reconnects by itself, and loses nothing',
    { timeout: 90_000 },
    async () => {
      const { drill, cluster } = shop!;
      const load = drill.startLoad(buyers);
      const placedBeforeCrash = drill.acknowledgedCount;
      await eventually(() => drill.acknowledgedCount >= placedBeforeCrash + buyers);
      const placedOrder = drill.acknowledgedIds.at(-1)!;

      // What each process logs while PostgreSQL is away.
      const logged = cluster.servers.map(() => [] as string[]);
      const listeners = cluster.servers.map((server, index) => {
        const listen = (chunk: Buffer) =>
          logged[index]!.push(...chunk.toString().split('\n').filter(Boolean));
        server.child.stdout!.on('data', listen);
        server.child.stderr!.on('data', listen);
        return listen;
      });
      const outageStartedMs = Date.now();
      await postgres!.crash();
      drill.phase = 'outage';
      // While it is down, a read gets the same answer as an order. The health check, which asks the
      // process alone, stays 200: a balancer keeps every process, each telling its clients when to
      // come back, rather than taking them all out at once (docs/scaling.md, health checks).
      for (const server of cluster.servers) {
        expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
        const read = await fetch(`${server.url}/v1/orders/${placedOrder}`, {
          headers: { authorization: `Bearer ${cluster.adminKey}` },
        });
        expect(read.status).toBe(503);
        expect(read.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(await read.json()).toEqual({
          error: { code: 'store_unavailable', message: expect.any(String), details: { retry_after_s: 2 } },
        });
      }
      // Buyers keep coming through the outage, each told to come back later.
      await eventually(() => (drill.answers.get('outage 503 store_unavailable')?.count ?? 0) >= buyers);

      drill.phase = 'restarting';
      await postgres!.start();
      drill.phase = 'back';
      const outageMs = Date.now() - outageStartedMs;
      cluster.servers.forEach((server, index) => {
        server.child.stdout!.off('data', listeners[index]!);
        server.child.stderr!.off('data', listeners[index]!);
      });
      // Every loop on a timer and every request met the outage: each says so once in a while (once
      // per 10 s), never at every tick or request.
      for (const lines of logged) {
        const perMessage = new Map<string, number>();
        for (const line of lines) {
          const message = line.startsWith('{') ? ((JSON.parse(line) as { msg?: string }).msg ?? line) : line;
          perMessage.set(message, (perMessage.get(message) ?? 0) + 1);
        }
        expect(perMessage.get('the store cannot be reached')).toBeGreaterThan(0);
        for (const [message, count] of perMessage)
          expect(count, message).toBeLessThanOrEqual(Math.ceil(outageMs / 10_000) + 1);
      }
      // Nobody touches the servers: they take orders again once PostgreSQL is back.
      const placedBeforeBack = drill.acknowledgedCount;
      expect(await eventually(() => drill.acknowledgedCount > placedBeforeBack + buyers)).toBe(true);
      await load.stop();

      expect(cluster.servers.every(alive), 'every server process outlived the outage').toBe(true);
      // While it was down, requests got 503 store_unavailable (or were shed, 503 overloaded), each
      // with Retry-After: never a 500, never a hang (the drill counts either as an incident).
      const outage = [...drill.answers].filter(([label]) => /^(outage|restarting) 5/.test(label));
      expect(outage.map(([label]) => label)).toContain('outage 503 store_unavailable');
      for (const [label, seen] of outage) {
        expect(label).toMatch(/ 503 (store_unavailable|overloaded)$/);
        expect(seen.withRetryAfter, `${label} with Retry-After`).toBe(seen.count);
      }
      for (const server of cluster.servers) expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      await expectEveryPromiseKept(shop!, 'after PostgreSQL restarted');
    },
  );
});
