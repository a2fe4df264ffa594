/**
 * Bulk imports of the catalogue, stock counts and buffers, as a shop sends them: through the API (a
 * job followed to its end, on both stores), and from the command line; files as spreadsheets save
 * them (Latin-1, a BOM, CRLF, `;`) or broken (missing columns, rows given twice, 50 MB): every error
 * named by line and field, and nothing half written.
 */
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSku } from '../src/catalog/catalog.js';
import type { Sku } from '../src/catalog/contract.js';
import { putChannel, putLocation, putSku } from '../src/catalog/index.js';
import type { ImportJob } from '../src/channels/imports/contract.js';
import { importBulk } from '../src/cli/import-bulk.js';
import type { AuditEntry } from '../src/platform/audit/contract.js';
import { createContext } from '../src/platform/context.js';
import type { Page } from '../src/platform/http/schemas.js';
import { openStore } from '../src/server/index.js';
import {
  atp,
  body,
  eventsAfter,
  eventsEnd,
  expectError,
  expectLedgerMatchesStock,
  placed,
  stockByLocation,
} from './support/api-helpers.js';
import { captureOutput } from './support/output.js';
import { openShop, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`./fixtures/imports/${name}`, import.meta.url)));

/** Follows a job from its 202 to its end. */
async function finished(shop: TestShop, started: LightMyRequestResponse): Promise<ImportJob> {
  let job = body<ImportJob>(started, 202);
  for (let polls = 0; job.status === 'running'; polls++) {
    expect(polls, 'the import does not end').toBeLessThan(3_000);
    await sleep(10);
    job = body<ImportJob>(await shop.admin('GET', `/v1/imports/${job.id}`), 200);
  }
  return job;
}

const importText = (shop: TestShop, kind: string, content: string, options: Record<string, unknown> = {}) =>
  shop.admin('POST', '/v1/imports', { kind, content, ...options }).then((started) => finished(shop, started));

const uploadFile = (shop: TestShop, query: string, bytes: Buffer | string, contentType = 'text/csv') =>
  shop
    .admin('POST', `/v1/imports/file?${query}`, bytes, { 'content-type': contentType })
    .then((started) => finished(shop, started));

async function skuOf(shop: TestShop, sku: string): Promise<Sku | undefined> {
  const response = await shop.admin('GET', `/v1/skus/${sku}`);
  return response.statusCode === 404 ? undefined : body<Sku>(response, 200);
}

describe.each(engines)('bulk imports through the API on %s', (engine) => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openShop(engine);
  });
  afterAll(() => shop.close());

  it('imports a catalogue: SKUs created and updated with their prices, and the same file again changes nothing', async () => {
    const after = await eventsEnd(shop);
    const file = `sku,name,weight_g,tax_class,price:web,price:marketplace
IMP-MUG,Grey mug,300,,1500,1600
IMP-BOOK,Cookbook,800,reduced,2900,
MUG-BLUE,Blue enamel mug (new glaze),,,1290,1390
`;
    const job = await importText(shop, 'catalog', file);
    expect(job.status).toBe('done');
    expect(job.progress).toEqual({
      phase: 'writing',
      rows_done: 3,
      rows_total: 3,
      bytes_read: Buffer.byteLength(file),
      bytes_total: Buffer.byteLength(file),
    });
    expect(job.report).toMatchObject({
      kind: 'catalog',
      format: 'csv',
      encoding: 'utf-8',
      applied: true,
      rows: { read: 3, created: 2, updated: 1, unchanged: 0, refused: 0 },
      errors: [],
    });
    expect(await skuOf(shop, 'IMP-BOOK')).toMatchObject({
      name: 'Cookbook',
      weight_g: 800,
      tax_class: 'reduced',
      prices: { web: 2900 },
    });
    // An empty weight clears it; a column left out (sizes) leaves the SKU's as they were.
    expect(await skuOf(shop, 'MUG-BLUE')).toMatchObject({
      name: 'Blue enamel mug (new glaze)',
      weight_g: null,
    });
    const found = await shop.admin('GET', '/v1/skus?q=cookbook');
    expect(body<Page<Sku>>(found, 200).data.map((sku) => sku.sku)).toEqual(['IMP-BOOK']);
    const { events } = await eventsAfter(shop, after);
    expect(events.map((event) => [event.type, event.entity_id])).toEqual([
      ['sku.created', 'IMP-MUG'],
      ['sku.created', 'IMP-BOOK'],
      ['sku.updated', 'MUG-BLUE'],
    ]);
    const audit = body<Page<AuditEntry>>(await shop.admin('GET', '/v1/audit-log?limit=1'), 200).data[0];
    expect(audit).toMatchObject({ action: 'import.catalog', target: job.id, actor_name: 'test admin' });

    const again = await importText(shop, 'catalog', file);
    expect(again.report?.rows).toEqual({ read: 3, created: 0, updated: 0, unchanged: 3, refused: 0 });
    expect((await eventsAfter(shop, after)).events).toHaveLength(3);
  });

  it('counts stock: on hand becomes each count, a counted adjustment in the ledger', async () => {
    const after = await eventsEnd(shop);
    const job = await importText(
      shop,
      'stock',
      'sku,location,on_hand\nTEE-M,paris,5\nTEE-M,lyon,2\nLAST-ONE,lyon,1\n',
    );
    expect(job.report?.rows).toEqual({ read: 3, created: 1, updated: 1, unchanged: 1, refused: 0 });
    expect(await stockByLocation(shop, 'TEE-M')).toEqual({ paris: [5, 0], lyon: [2, 0] });
    const movements = await expectLedgerMatchesStock(shop, 'TEE-M');
    expect(
      movements
        .slice(-2)
        .map((movement) => [movement.kind, movement.quantity, movement.reason, movement.reference]),
    ).toEqual([
      ['adjustment', 2, 'counted', job.id],
      ['adjustment', 2, 'counted', job.id],
    ]);
    expect((await eventsAfter(shop, after)).events.map((event) => [event.type, event.payload])).toEqual([
      ['stock.adjusted', { sku: 'TEE-M', location: 'lyon', delta: 2, reason: 'counted', reference: job.id }],
      ['stock.adjusted', { sku: 'TEE-M', location: 'paris', delta: 2, reason: 'counted', reference: job.id }],
    ]);
  });

  it('refuses a count below what orders hold, writing nothing; with partial, writes the other rows', async () => {
    await importText(shop, 'catalog', 'sku,name,price:web\nCOUNT-A,Count A,500\nCOUNT-B,Count B,500\n');
    await importText(shop, 'stock', 'sku,location,on_hand\nCOUNT-A,paris,4\nCOUNT-B,paris,4\n');
    await placed(shop.storefront, [{ sku: 'COUNT-A', quantity: 3 }]);
    const counts = 'sku,location,on_hand\nCOUNT-A,paris,2\nCOUNT-B,paris,9\nCOUNT-B,nowhere,1\n';

    const refused = await importText(shop, 'stock', counts);
    expect(refused.status).toBe('failed');
    expect(refused.report?.errors).toEqual([
      {
        line: 2,
        field: 'on_hand',
        message:
          '2 counted, but 3 units of COUNT-A at paris are reserved for orders and holds: on hand below that would oversell. Count again, or ship or cancel those orders first.',
      },
      { line: 4, field: 'location', message: 'No location nowhere.' },
    ]);
    expect(refused.report?.notes).toContain(
      'Nothing was written: 2 row(s) refused. Fix them and import again, or import with partial to write the others.',
    );
    expect(await stockByLocation(shop, 'COUNT-B')).toEqual({ paris: [4, 0] });

    const partial = await importText(shop, 'stock', counts, { partial: true });
    expect(partial.status).toBe('done');
    expect(partial.report?.rows).toEqual({ read: 3, created: 0, updated: 1, unchanged: 0, refused: 2 });
    expect(await stockByLocation(shop, 'COUNT-A')).toEqual({ paris: [4, 3] });
    expect(await stockByLocation(shop, 'COUNT-B')).toEqual({ paris: [9, 0] });
  });

  it('sets buffers from a JSON Lines file sent as the body: availability follows at once', async () => {
    const before = await atp(shop, 'MUG-BLUE', 'marketplace');
    const job = await uploadFile(
      shop,
      'kind=buffers',
      '{"channel":"marketplace","sku":"MUG-BLUE","buffer":4}\n{"channel":"web","sku":"NO-SUCH","buffer":1}\n',
      'application/x-ndjson',
    );
    expect(job.status).toBe('failed');
    expect(job.report?.errors).toEqual([{ line: 2, field: 'sku', message: 'No SKU NO-SUCH.' }]);
    const fixed = await uploadFile(
      shop,
      'kind=buffers',
      '{"channel":"marketplace","sku":"MUG-BLUE","buffer":4}\r\n',
      'application/x-ndjson',
    );
    expect(fixed.report).toMatchObject({ format: 'jsonl', rows: { created: 1 } });
    expect(await atp(shop, 'MUG-BLUE', 'marketplace')).toBe(before - 4);
  });

  it('on a dry run writes nothing and tells what an import would do', async () => {
    const job = await importText(shop, 'catalog', 'sku,name\nDRY-1,Dry run\n', { dry_run: true });
    expect(job).toMatchObject({ status: 'done', dry_run: true });
    expect(job.report).toMatchObject({ applied: false, rows: { created: 1 } });
    expect(job.report?.notes).toEqual([
      'Dry run: nothing was written; the counts say what an import would do.',
    ]);
    expect(await skuOf(shop, 'DRY-1')).toBeUndefined();
  });

  it('answers an unknown job with 404, and a kind it does not know with 400', async () => {
    expectError(await shop.admin('GET', '/v1/imports/imp_nothing'), 404, 'not_found');
    expectError(
      await shop.admin('POST', '/v1/imports', { kind: 'orders', content: 'x' }),
      400,
      'validation_failed',
    );
    expectError(
      await shop.storefront('POST', '/v1/imports', { kind: 'stock', content: '' }),
      403,
      'forbidden',
    );
  });
});

describe('malformed files, through the API', () => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openShop('sqlite');
  });
  afterAll(() => shop.close());

  it('reads a Latin-1 file as Windows-1252, so its accents import as written, and says so', async () => {
    const job = await uploadFile(shop, 'kind=catalog', fixture('catalog-latin1.csv'));
    expect(job.report).toMatchObject({ encoding: 'windows-1252', rows: { created: 3, refused: 0 } });
    expect(job.report?.notes[0]).toContain('not valid UTF-8: it was read as Windows-1252');
    expect((await skuOf(shop, 'CREME-01'))?.name).toBe('Crème brûlée bowl');
    expect((await skuOf(shop, 'THE-01'))?.name).toBe('Thé vert « Sencha », 100 g');
    expect((await skuOf(shop, 'TASSE-01'))?.name).toBe('Tasse offerte pour 2 € d’achat');
  });

  it('reads a BOM and CRLF lines, naming the file’s own line of an error, and writes nothing; partial writes the rest', async () => {
    const bytes = fixture('catalog-bom-crlf.csv');
    const refused = await uploadFile(shop, 'kind=catalog', bytes);
    expect(refused.status).toBe('failed');
    expect(refused.report?.errors).toEqual([
      { line: 5, field: 'weight_g', message: '4 kg is not a whole number of grams from 0 to 1,000,000.' },
    ]);
    expect(await skuOf(shop, 'BOL-01')).toBeUndefined();

    const partial = await uploadFile(shop, 'kind=catalog&partial=true', bytes);
    expect(partial.report?.rows).toEqual({ read: 3, created: 2, updated: 0, unchanged: 0, refused: 1 });
    expect(await skuOf(shop, 'BOL-01')).toMatchObject({
      name: 'Bol, grès',
      length_mm: 150,
      gtin: '4006381333931',
      prices: { web: 1890, marketplace: 1990 },
    });
    expect((await skuOf(shop, 'BOL-02'))?.prices).toEqual({ web: 1790 });
  });

  it('names the missing columns in one error before any row', async () => {
    const job = await importText(shop, 'stock', 'sku;quantity\nMUG-BLUE;3\n');
    expect(job.error).toBeNull();
    expect(job.status).toBe('failed');
    expect(job.report?.rows.read).toBe(0);
    expect(job.report?.errors).toEqual([
      {
        line: 1,
        field: 'header',
        message:
          'Missing column(s) location, on_hand. Unknown column(s) quantity; a stock file takes sku, location, on_hand.',
      },
    ]);
  });

  it('refuses a SKU given twice on both its lines, and a price column of no channel once', async () => {
    const twice = await importText(shop, 'catalog', 'sku,name\nTWICE,One\nOTHER,Other\nTWICE,Two\n');
    expect(twice.report?.errors.map((error) => [error.line, error.message])).toEqual([
      [2, 'SKU TWICE is on lines 2 and 4: give it once.'],
      [4, 'SKU TWICE is on lines 2 and 4: give it once.'],
    ]);
    expect(await skuOf(shop, 'OTHER')).toBeUndefined();
    const column = await importText(shop, 'catalog', 'sku,name,price:shop\nA-1,A,100\nA-2,B,200\n');
    expect(column.report?.errors).toEqual([
      {
        line: 1,
        field: 'price:shop',
        message: 'No channel shop: create it first (PUT /v1/channels/shop), or remove the column.',
      },
    ]);
  });

  it('tells where a quote left open makes the rest unreadable', async () => {
    const job = await importText(shop, 'buffers', 'channel,sku,buffer\nweb,MUG-BLUE,1\nweb,"TEE-M,2\n');
    expect(job.status).toBe('failed');
    expect(job.report?.errors).toEqual([
      {
        line: 3,
        field: 'file',
        message: expect.stringMatching(/Quote Not Closed.*the rest of the file cannot be read/),
      },
    ]);
    expect(await atp(shop, 'MUG-BLUE', 'web')).toBe(15);
  });
});

describe('affluence import catalog|stock|buffers FILE', () => {
  const output = captureOutput();
  let directory: string;
  let db: string;
  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'affluence-bulk-'));
    db = join(directory, 'shop.db');
    const store = await openStore(db);
    const ctx = createContext(store);
    await putChannel(ctx, 'web', { name: 'Web', currency: 'EUR' });
    await putLocation(ctx, 'paris', { name: 'Paris', channels: ['web'] });
    await putSku(ctx, 'MUG-RED', { name: 'Red mug', prices: { web: 1290 } });
    await store.close();
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  async function storedSku(sku: string) {
    const store = await openStore(db);
    try {
      return await getSku(createContext(store), sku);
    } finally {
      await store.close();
    }
  }

  it('names each error by file, line and field, and writes nothing', async () => {
    const file = join(directory, 'stock.csv');
    writeFileSync(file, 'sku,location,on_hand\nMUG-RED,paris,4\nMUG-RED,lyon,2\n');
    await expect(importBulk(db, 'stock', file, { dryRun: false, partial: false })).rejects.toThrow(
      `nothing imported: 1 error(s) in ${file}`,
    );
    expect(output.err()).toContain(`${file}:3: location: No location lyon.`);
    expect(output.out()).toContain(
      '2 rows read: 1 would be created, 0 would be updated, 0 unchanged, 1 refused',
    );
  });

  it('imports a JSON Lines file by its extension', async () => {
    const file = join(directory, 'catalog.ndjson');
    writeFileSync(file, '{"sku":"MUG-RED","name":"Red mug","prices":{"web":1190}}\n');
    await importBulk(db, 'catalog', file, { dryRun: false, partial: false });
    expect(output.out()).toContain('1 rows read: 0 created, 1 updated, 0 unchanged, 0 refused');
    const sku = await storedSku('MUG-RED');
    expect(sku.ok && sku.value.prices).toEqual({ web: 1190 });
  });

  it('reads a 50 MB file as a stream to its last line, and writes nothing of it for one row given twice', async () => {
    const file = join(directory, 'big.csv');
    const out = createWriteStream(file);
    out.write('sku,name,weight_g,price:web\n');
    const name = `Stoneware serving bowl, hand glazed in the Loire valley, ${'x'.repeat(130)}`;
    const rows = 248_000;
    for (let index = 1; index <= rows; index++) {
      const line = `BIG-${String(index).padStart(6, '0')},"${name} ${index}",450,2490\n`;
      if (!out.write(line)) await once(out, 'drain');
    }
    out.end(`BIG-000001,"${name} again",450,2490\n`);
    await once(out, 'finish');
    expect(statSync(file).size).toBeGreaterThan(50 * 1024 * 1024);

    await expect(importBulk(db, 'catalog', file, { dryRun: false, partial: false })).rejects.toThrow(
      'nothing imported: 2 error(s)',
    );
    const lastLine = rows + 2;
    expect(output.err()).toContain(
      `${file}:2: sku: SKU BIG-000001 is on lines 2 and ${lastLine}: give it once.`,
    );
    expect(output.err()).toContain(`${file}:${lastLine}: sku:`);
    expect(output.out()).toContain(`${rows + 1} rows read: ${rows - 1} would be created`);
    expect((await storedSku('BIG-000002')).ok).toBe(false);
  });
});
