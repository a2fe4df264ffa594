/**
 * The Imports page in a real Chromium: a catalogue file picked on the page is sent as itself to
 * `POST /v1/imports/file`, followed to its end (the bar full) and reported (the counts, the encoding),
 * its SKUs then in the store; a file with errors lists each by line and field and writes nothing; a
 * dry run writes nothing either; partial writes the good rows; the session's imports stay listed, each
 * a click from its report, and a report's address opens it after a reload.
 *
 * The server runs in this process, from the sources (as the HTTP tests do), on SQLite, on a real
 * socket: the page is the built one in dist/web (`vite build --config web/vite.config.ts`).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sku } from '../src/catalog/contract.js';
import type { ImportJob } from '../src/channels/imports/contract.js';
import type { AuditEntry } from '../src/platform/audit/contract.js';
import type { Page as ApiPage } from '../src/platform/http/schemas.js';
import { body, eventsEnd } from './support/api-helpers.js';
import { type BrowserTab, openShopInBrowser, type ShopInBrowser, signedIn } from './support/browser.js';
import type { TestShop } from './support/shop.js';

let opened: ShopInBrowser;
let shop: TestShop;
let tab: BrowserTab;
let page: Page;
let baseUrl: string;
/** The first import's id, for the steps after. */
let catalogueJob: string;

/** Three rows to write (two new SKUs, one renamed) and one already as the file says. */
const catalogue = `sku,name,weight_g,price:web
PAGE-MUG,Grey mug,300,1500
PAGE-BOOK,Cookbook,800,2900
MUG-BLUE,Blue enamel mug (new glaze),320,1290
TEE-M,"Organic tee, size M",180,2500
`;
/** A SKU given twice (lines 2 and 4) and a name missing (line 3); line 5 is good. */
const withErrors = `sku,name,price:web
PAGE-TWICE,First,1000
PAGE-NONAME,,1000
PAGE-TWICE,Again,1100
PAGE-GOOD,Good one,500
`;

async function textOf(locator: Locator): Promise<string> {
  await locator.waitFor();
  return (await locator.textContent()) ?? '';
}

async function skuOf(sku: string): Promise<Sku | undefined> {
  const response = await shop.admin('GET', `/v1/skus/${sku}`);
  return response.statusCode === 404 ? undefined : body<Sku>(response, 200);
}

async function jobOf(id: string): Promise<ImportJob> {
  return body<ImportJob>(await shop.admin('GET', `/v1/imports/${id}`), 200);
}

const form = () => page.getByRole('form', { name: 'New import' });

/**
 * Picks a file on the page and sends it; answers the job's id and its report's card, once the page
 * shows how the job ended.
 */
async function importOnPage(
  name: string,
  content: string | Buffer,
  options: { kind?: string; dryRun?: boolean; partial?: boolean } = {},
): Promise<{ id: string; card: Locator }> {
  const shownBefore = new URL(page.url()).searchParams.get('job');
  await form()
    .getByLabel(options.kind ?? 'Catalogue')
    .check();
  await form()
    .getByLabel('File', { exact: true })
    .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content) });
  await form()
    .getByLabel('Dry run: check every row')
    .setChecked(options.dryRun === true);
  await form()
    .getByLabel('Partial: write the good rows')
    .setChecked(options.partial === true);
  await form()
    .getByRole('button', { name: options.dryRun === true ? 'Check the file' : 'Import' })
    .click();
  await page.waitForURL((url) => {
    const job = url.searchParams.get('job');
    return job !== null && job !== shownBefore;
  });
  const id = new URL(page.url()).searchParams.get('job')!;
  const card = page.locator(`[data-import="${id}"]`);
  await card.locator('[data-outcome]').waitFor();
  return { id, card };
}

/** The report's counts as the page shows them. */
async function countsOf(card: Locator): Promise<Record<string, string>> {
  const counts: Record<string, string> = {};
  for (const name of ['read', 'created', 'updated', 'unchanged', 'refused'])
    counts[name] = await textOf(card.locator(`[data-count="${name}"] output`));
  return counts;
}

/** The cells' texts of the rows of the errors table. */
async function errorRows(card: Locator): Promise<string[][]> {
  const rows: string[][] = [];
  for (const row of await card.locator('[data-errors] tbody tr').all())
    rows.push(await row.locator('td').allTextContents());
  return rows;
}

describe('the imports page', () => {
  beforeAll(async () => {
    opened = await openShopInBrowser();
    ({ shop, tab, page, baseUrl } = opened);
  });

  afterAll(() => opened?.close());

  it('imports a catalogue file picked on the page, follows the job to its end and reports it', async () => {
    await signedIn(opened, '/imports');
    await page.getByRole('heading', { name: 'Imports', level: 1 }).waitFor();
    const section = page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Imports' });
    expect(await section.getAttribute('class')).toContain('active');
    await page.getByText('No import yet in this session.').waitFor();

    // Each kind shows the columns it takes.
    expect(await textOf(page.locator('[data-kind-guide="catalog"]'))).toContain('sku name and any of');
    await form().getByLabel('Stock counts').check();
    expect(await textOf(page.locator('[data-kind-guide="stock"]'))).toContain('sku location on_hand');
    await form().getByLabel('Channel buffers').check();
    expect(await textOf(page.locator('[data-kind-guide="buffers"]'))).toContain('channel sku buffer');

    const { id, card } = await importOnPage('catalogue.csv', catalogue);
    catalogueJob = id;
    expect(await textOf(card.locator('[data-outcome]'))).toBe('3 rows written. 1 row was already so.');
    const bar = card.getByRole('progressbar', { name: 'Finished' });
    expect(await bar.evaluate((element) => [(element as any).value, (element as any).max])).toEqual([1, 1]);
    expect(await countsOf(card)).toEqual({
      read: '4',
      created: '2',
      updated: '1',
      unchanged: '1',
      refused: '0',
    });
    expect(await textOf(card.locator('[data-encoding]'))).toBe('UTF-8');
    expect(await card.locator('[data-errors]').count()).toBe(0);
    expect(await textOf(card.getByRole('heading', { level: 2 }))).toContain('Catalogue from catalogue.csv');

    // The file went as itself to the upload route, and its SKUs are in the store.
    const job = await jobOf(id);
    expect(job).toMatchObject({ status: 'done', kind: 'catalog', format: 'csv', dry_run: false });
    expect(job.progress).toMatchObject({
      bytes_read: Buffer.byteLength(catalogue),
      bytes_total: Buffer.byteLength(catalogue),
    });
    const audit = body<ApiPage<AuditEntry>>(await shop.admin('GET', '/v1/audit-log?limit=1'), 200).data[0];
    expect(audit).toMatchObject({ action: 'import.catalog', target: id, reason: 'POST /v1/imports/file' });
    expect(await skuOf('PAGE-MUG')).toMatchObject({ name: 'Grey mug', weight_g: 300, prices: { web: 1500 } });
    expect(await skuOf('MUG-BLUE')).toMatchObject({ name: 'Blue enamel mug (new glaze)' });
    expect(tab.pageErrors).toEqual([]);
  });

  it('lists each error of a file by line and field, and writes nothing', async () => {
    const end = await eventsEnd(shop);
    const { id, card } = await importOnPage('broken.csv', withErrors);
    expect(await textOf(card.locator('[data-outcome]'))).toContain('Nothing was written');
    expect(await textOf(card.locator('[data-outcome]'))).toContain('3 rows refused');
    expect(await errorRows(card)).toEqual([
      ['2', 'sku', 'SKU PAGE-TWICE is on lines 2 and 4: give it once.'],
      ['3', 'name', 'A name is required.'],
      ['4', 'sku', 'SKU PAGE-TWICE is on lines 2 and 4: give it once.'],
    ]);
    expect(await countsOf(card)).toMatchObject({ read: '4', refused: '3' });
    expect(await card.locator('[data-errors-more]').count()).toBe(0);
    expect(await textOf(card.locator('[data-notes]'))).toContain('Nothing was written: 3 row(s) refused.');
    expect(await textOf(card.locator('.status'))).toBe('failed');
    expect(await card.getByRole('progressbar', { name: 'Finished: nothing written' }).count()).toBe(1);

    expect((await jobOf(id)).status).toBe('failed');
    expect(await skuOf('PAGE-GOOD')).toBeUndefined();
    expect(await skuOf('PAGE-TWICE')).toBeUndefined();
    expect(await eventsEnd(shop)).toBe(end);
    expect(tab.pageErrors).toEqual([]);
  });

  it('says how many errors are not listed past the first thousand', async () => {
    const rows = Array.from({ length: 1_003 }, (_each, index) => `NONAME-${index},`);
    const { card } = await importOnPage('no-names.csv', `sku,name\n${rows.join('\n')}\n`);
    expect(await textOf(card.locator('[data-outcome]'))).toContain('Nothing was written');
    expect(await card.locator('[data-errors] tbody tr').count()).toBe(1_000);
    expect(await textOf(card.locator('[data-errors] caption'))).toContain('1,003 errors');
    expect(await textOf(card.locator('[data-errors-more]'))).toContain('…and 3 more errors, not listed');
    expect(await skuOf('NONAME-0')).toBeUndefined();
    expect(tab.pageErrors).toEqual([]);
  });

  it('on a dry run writes nothing and says what an import would do, in the encoding the file was read', async () => {
    const end = await eventsEnd(shop);
    const latin1 = readFileSync(
      fileURLToPath(new URL('./fixtures/imports/catalog-latin1.csv', import.meta.url)),
    );
    const { id, card } = await importOnPage('catalogue-latin1.csv', latin1, { dryRun: true });
    expect(await textOf(card.locator('[data-outcome]'))).toBe(
      'Dry run: nothing written. An import would write 3 rows.',
    );
    expect(await countsOf(card)).toMatchObject({ read: '3', created: '3', refused: '0' });
    expect(await textOf(card.locator('[data-encoding]'))).toBe('Windows-1252 (Latin-1)');
    expect(await textOf(card.locator('[data-notes]'))).toContain('read as Windows-1252 (Latin-1)');
    expect(await textOf(card.locator('.status'))).toBe('checked');
    expect(await jobOf(id)).toMatchObject({ status: 'done', dry_run: true, report: { applied: false } });
    expect(await skuOf('CREME-01')).toBeUndefined();
    expect(await eventsEnd(shop)).toBe(end);
    expect(tab.pageErrors).toEqual([]);
  });

  it('with partial writes the good rows, and keeps every import of the session a click from its report', async () => {
    const { card } = await importOnPage('broken.csv', withErrors, { partial: true });
    expect(await textOf(card.locator('[data-outcome]'))).toBe('1 row written. 3 rows refused, left out.');
    expect(await skuOf('PAGE-GOOD')).toMatchObject({ name: 'Good one' });
    expect(await skuOf('PAGE-TWICE')).toBeUndefined();

    const listed = page.locator('[data-listed-import]');
    expect(await listed.count()).toBe(5);
    expect(await listed.first().locator('td').allTextContents()).toEqual([
      'broken.csv',
      'Catalogue',
      expect.stringMatching(/\d{2}:\d{2}:\d{2}/),
      'done',
      '4 rows read, 1 written, 3 refused',
    ]);
    const first = page.locator(`[data-listed-import="${catalogueJob}"]`);
    await first.getByRole('link', { name: 'catalogue.csv' }).click();
    await page.waitForURL(`${baseUrl}/ops/imports?job=${catalogueJob}`);
    const report = page.locator(`[data-import="${catalogueJob}"]`);
    expect(await textOf(report.locator('[data-outcome]'))).toBe('3 rows written. 1 row was already so.');
    expect(await first.getAttribute('aria-current')).toBe('true');

    // The address of a report opens it after a reload too, read from the API.
    await page.reload();
    expect(await textOf(report.locator('[data-outcome]'))).toBe('3 rows written. 1 row was already so.');
    expect(await countsOf(report)).toMatchObject({ created: '2', updated: '1' });
    expect(await page.locator('[data-listed-import]').count()).toBe(1);
    expect(tab.pageErrors).toEqual([]);
  });
});
