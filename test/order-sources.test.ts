/**
 * Orders pulled from channels that do not push, on both stores: a folder where order files appear
 * (CSV and JSON Lines, Latin-1 too), each taken once and moved with its report; a JSON endpoint read
 * page by page with a cursor and a mapping given as data. Exactly once, whatever is read again.
 */
import { copyFile, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderSource, PullRun } from '../src/channels/pull/contract.js';
import { runSource } from '../src/channels/pull/sources.js';
import type { Order } from '../src/orders/contract.js';
import { createContext } from '../src/platform/context.js';
import { openStore } from '../src/server/store.js';
import { allOrders, body, expectError, stockOf } from './support/api-helpers.js';
import { openShop, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

const header = 'external_id,email,name,address_line1,city,postal_code,country,sku,quantity';
const row = (id: string, sku: string, quantity: number, name = 'Léa Martin') =>
  `${id},${id.toLowerCase()}@example.fr,${name},3 rue Neuve,Lyon,69001,FR,${sku},${quantity}`;
const jsonOrder = (id: string, lines: { sku: string; quantity: number }[], email = `${id}@example.fr`) =>
  JSON.stringify({
    external_id: id,
    customer: { email },
    shipping_address: {
      name: 'Ana',
      line1: 'Calle Mayor 1',
      city: 'Madrid',
      postal_code: '28013',
      country: 'ES',
    },
    lines,
  });

describe.each(engines)('order sources on %s', (engine) => {
  let shop: TestShop;
  let dir: string;
  beforeAll(async () => {
    shop = await openShop(engine);
    dir = await mkdtemp(join(tmpdir(), 'affluence-drop-'));
  });
  afterAll(async () => {
    await shop.close();
    await rm(dir, { recursive: true, force: true });
  });

  const run = async (name: string) =>
    body<PullRun>(await shop.admin('POST', `/v1/order-sources/${name}/run`), 200);
  const byExternalId = async (id: string) =>
    (await allOrders(shop.admin)).filter((order: Order) => order.external_id === id);

  it('is set up through the API; bad input changes nothing', async () => {
    const created = await shop.admin('PUT', '/v1/order-sources/drop', {
      kind: 'folder',
      channel: 'marketplace',
      dir,
    });
    expect(body<OrderSource>(created, 201)).toMatchObject({
      name: 'drop',
      kind: 'folder',
      enabled: true,
      interval_s: 60,
      last_run: null,
    });
    expectError(
      await shop.admin('PUT', '/v1/order-sources/x', { kind: 'ftp', channel: 'web', dir }),
      400,
      'validation_failed',
    );
    expectError(
      await shop.admin('PUT', '/v1/order-sources/x', { kind: 'folder', channel: 'nowhere', dir }),
      422,
      'unknown_channel',
    );
    expectError(await shop.admin('GET', '/v1/order-sources/x'), 404, 'not_found');
    expectError(await shop.storefront('GET', '/v1/order-sources'), 403, 'forbidden');
    expect(
      body<{ data: OrderSource[] }>(await shop.admin('GET', '/v1/order-sources'), 200).data.map(
        (s) => s.name,
      ),
    ).toEqual(['drop']);
  });

  it('takes each dropped file once, places its orders, and moves it with its report', async () => {
    await writeFile(
      join(dir, 'orders-1.csv'),
      [header, row('CSV-1', 'MUG-BLUE', 1), row('CSV-2', 'TEE-M', 1), row('CSV-1', 'TEE-M', 1)].join('\r\n'),
    );
    await writeFile(
      join(dir, 'orders-2.jsonl'),
      [
        jsonOrder('JL-1', [{ sku: 'MUG-BLUE', quantity: 1 }]),
        jsonOrder('JL-2', [{ sku: 'MUG-BLUE', quantity: 1 }], 'not an email'),
        jsonOrder('JL-3', [{ sku: 'LAST-ONE', quantity: 1 }]),
      ].join('\n'),
    );
    // A spreadsheet saved on Windows: Latin-1, with its accents.
    await writeFile(
      join(dir, 'orders-3.csv'),
      Buffer.from([header, row('CSV-3', 'MUG-BLUE', 1, 'Hélène Dupré')].join('\n'), 'latin1'),
    );
    await writeFile(join(dir, 'notes.txt'), 'not an order file');

    const report = await run('drop');
    expect(report).toMatchObject({ orders: 6, placed: 4, already_placed: 0, refused_total: 2, error: null });
    // JL-2's email is refused by the order's check; JL-3 is not sold on the marketplace (Lyon only).
    expect(report.refused.map((refusal) => [refusal.ref, refusal.external_id, refusal.code])).toEqual([
      ['orders-2.jsonl:2', 'JL-2', 'validation_failed'],
      ['orders-2.jsonl:3', 'JL-3', 'out_of_stock'],
    ]);
    expect(report.files!.map((file) => [file.file, file.moved_to])).toEqual([
      ['orders-1.csv', 'done'],
      ['orders-2.jsonl', 'failed'],
      ['orders-3.csv', 'done'],
    ]);
    expect((await readdir(dir)).sort()).toEqual(['done', 'failed', 'notes.txt', 'processing']);
    const failed = JSON.parse(await readFile(join(dir, 'failed', 'orders-2.jsonl.report.json'), 'utf8'));
    expect(failed).toMatchObject({ file: 'orders-2.jsonl', placed: 1, refused_total: 2 });
    expect(failed.refused[0].message).toMatch(/email/);

    const [csv1] = await byExternalId('CSV-1');
    expect(csv1).toMatchObject({ channel: 'marketplace', status: 'placed' });
    expect(csv1!.lines.map((line) => [line.sku, line.quantity])).toEqual([
      ['MUG-BLUE', 1],
      ['TEE-M', 1],
    ]);
    const [csv3] = await byExternalId('CSV-3');
    expect(csv3!.customer.name).toBe('Hélène Dupré');
    expect(
      body<{ data: OrderSource[] }>(await shop.admin('GET', '/v1/order-sources'), 200).data[0]!.last_run,
    ).toEqual(report);

    // The same file dropped again, under another name: nothing placed twice.
    const reserved = (await stockOf(shop, 'MUG-BLUE')).reserved;
    await copyFile(join(dir, 'done', 'orders-1.csv'), join(dir, 'orders-1-again.csv'));
    expect(await run('drop')).toMatchObject({ orders: 2, placed: 0, already_placed: 2, refused_total: 0 });
    expect(await byExternalId('CSV-1')).toHaveLength(1);
    expect((await stockOf(shop, 'MUG-BLUE')).reserved).toBe(reserved);
  });

  it('takes again a file a stopped process left half done, and refuses a file it cannot read', async () => {
    await writeFile(
      join(dir, 'processing', 'orders-4.jsonl'),
      jsonOrder('JL-4', [{ sku: 'MUG-BLUE', quantity: 1 }]),
    );
    const longAgo = new Date(Date.now() - 3_600_000);
    await utimes(join(dir, 'processing', 'orders-4.jsonl'), longAgo, longAgo);
    await writeFile(join(dir, 'orders-5.csv'), 'sku,quantity\nMUG-BLUE,1\n');
    const report = await run('drop');
    expect(report.files!.map((file) => [file.file, file.moved_to, file.error])).toEqual([
      ['orders-4.jsonl', 'done', null],
      ['orders-5.csv', 'failed', expect.stringMatching(/external_id, email, name/)],
    ]);
    expect(await byExternalId('JL-4')).toHaveLength(1);
  });

  // Two processes on PostgreSQL; on SQLite, two runners in one.
  it('is run by one process at a time: a file raced by two is taken once', async () => {
    await writeFile(join(dir, 'orders-6.csv'), [header, row('CSV-6', 'MUG-BLUE', 1)].join('\n'));
    const otherStore = engine === 'postgres' ? await openStore(shop.testStore.location) : undefined;
    try {
      const other = otherStore === undefined ? shop.ctx : createContext(otherStore);
      const runs = await Promise.all([
        runSource(shop.ctx, 'drop', 'proc_a', 60_000),
        runSource(other, 'drop', 'proc_b', 60_000),
      ]);
      // The second either found the source held (409 source_busy) or ran after the first, finding no file.
      const done = runs.flatMap((result) => (result.ok ? [result.value] : []));
      expect(runs.every((result) => result.ok || result.code === 'source_busy')).toBe(true);
      expect(done.flatMap((report) => report.files!.map((file) => file.file))).toEqual(['orders-6.csv']);
      expect(done.reduce((sum, report) => sum + report.placed, 0)).toBe(1);
      expect(await byExternalId('CSV-6')).toHaveLength(1);
    } finally {
      await otherStore?.close();
    }
  });

  describe('a JSON endpoint', () => {
    // Pages of a marketplace's API: `?since=` the cursor; the last page gives back its own cursor.
    const pages = new Map<string, { orders: unknown[]; next: string }>();
    let failing = false;
    let redirectTo: string | undefined;
    let requests: string[] = [];
    const server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      requests.push(url.search);
      if (redirectTo !== undefined) {
        response.writeHead(302, { location: redirectTo }).end();
        return;
      }
      if (failing) {
        response.writeHead(503).end('maintenance');
        return;
      }
      const page = pages.get(url.searchParams.get('since') ?? 'start') ?? {
        orders: [],
        next: url.searchParams.get('since') ?? '',
      };
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ data: { orders: page.orders }, paging: { next: page.next } }));
    });
    const item = (id: number, sku: string, qty: string) => ({
      id,
      buyer: { email: `buyer${id}@example.es` },
      ship_to: { name: 'Ana', street: 'Calle Mayor 1', city: 'Madrid', zip: '28013', country: 'ES' },
      items: [{ sku, qty }],
    });
    beforeAll(async () => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      pages.set('start', { orders: [item(101, 'MUG-BLUE', '1'), item(102, 'TEE-M', '1')], next: 'c2' });
      pages.set('c2', { orders: [item(103, 'MUG-BLUE', '2')], next: 'c3' });
      const { port } = server.address() as AddressInfo;
      body(
        await shop.admin('PUT', '/v1/order-sources/market-api', {
          kind: 'http',
          channel: 'marketplace',
          url: `http://127.0.0.1:${port}/orders`,
          headers: { authorization: 'Bearer s3cret' },
          cursor_param: 'since',
          items_path: 'data.orders',
          next_cursor_path: 'paging.next',
          mapping: {
            fields: {
              external_id: 'id',
              'customer.email': 'buyer.email',
              'shipping_address.name': 'ship_to.name',
              'shipping_address.line1': 'ship_to.street',
              'shipping_address.city': 'ship_to.city',
              'shipping_address.postal_code': 'ship_to.zip',
              'shipping_address.country': 'ship_to.country',
            },
            lines: { from: 'items', sku: 'sku', quantity: 'qty' },
          },
        }),
        201,
      );
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('places every page’s orders, keeps its cursor, and hides the channel’s token', async () => {
      const report = await run('market-api');
      expect(report).toMatchObject({ orders: 3, placed: 3, refused_total: 0, pages: 3, error: null });
      expect(requests).toEqual(['', '?since=c2', '?since=c3']);
      const source = body<OrderSource>(await shop.admin('GET', '/v1/order-sources/market-api'), 200);
      expect(source.cursor).toBe('c3');
      expect(JSON.stringify(source)).not.toContain('s3cret');
      const [order] = await byExternalId('103');
      expect(order!.lines.map((line) => [line.sku, line.quantity])).toEqual([['MUG-BLUE', 2]]);

      // New orders come on the page of the cursor.
      pages.set('c3', { orders: [item(104, 'MUG-BLUE', '1')], next: 'c4' });
      requests = [];
      expect(await run('market-api')).toMatchObject({ placed: 1, pages: 2 });
      expect(requests).toEqual(['?since=c3', '?since=c4']);
    });

    it('places nothing twice when pages are read again, and keeps its place while the endpoint is down', async () => {
      failing = true;
      const down = await run('market-api');
      expect(down.error).toMatch(/answered 503/);
      expect(body<OrderSource>(await shop.admin('GET', '/v1/order-sources/market-api'), 200).cursor).toBe(
        'c4',
      );
      failing = false;
      // As if a run had stopped before its cursor was written: every page again.
      await shop.ctx.store.transaction((tx) => tx.orderSources.moveCursor('market-api', 'start'));
      expect(await run('market-api')).toMatchObject({ orders: 4, placed: 0, already_placed: 4 });
      for (const id of ['101', '102', '103', '104']) expect(await byExternalId(id)).toHaveLength(1);
    });

    it('follows no redirect: the channel’s token never goes where an answer points', async () => {
      const elsewhere: string[] = [];
      const other = createServer((request, response) => {
        elsewhere.push(String(request.headers.authorization));
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
      try {
        redirectTo = `http://127.0.0.1:${(other.address() as AddressInfo).port}/collect`;
        const redirected = await run('market-api');
        expect(redirected).toMatchObject({ placed: 0 });
        expect(redirected.error).toMatch(/answered 302/);
        expect(elsewhere).toEqual([]);
      } finally {
        redirectTo = undefined;
        await new Promise<void>((resolve) => other.close(() => resolve()));
      }
    });
  });
});
