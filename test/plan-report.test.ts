/**
 * The standalone readiness report in a real Chromium: a plan made from a synthetic history (the
 * planner's own, closed on Saturdays), written as report.html by `planHtml` and opened from disk
 * (file://), as a shop opens the file `affluence plan` wrote. It must show, in the order a shop acts,
 * the warnings, the demand with its charts, the top sellers, the late stock, the staff and the
 * headroom warning — with no server, no network request and no script error. A name holding
 * `</script>` must stay a name.
 *
 * The page is the built one in dist/report (`vite build --config web/vite.report.config.ts`).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PeakPlan } from '../src/planner/contract.js';
import {
  demandFromFile,
  makePlan,
  type PlanOptions,
  planHtml,
  staffAssumptions,
} from '../src/planner/index.js';
import { embeddedJson } from '../src/planner/report/html.js';
import { type BrowserTab, openBrowser } from './support/browser.js';
import { syntheticHistory } from './support/planner-history.js';

const directory = mkdtempSync(join(tmpdir(), 'affluence-plan-report-'));
const historyFile = join(directory, 'history.csv');
/** Broken out of a string, this would run; kept inside, it is a product name like any other. */
const hostileName = 'HEART </script><script>window.escaped = true</script><!-- <script>';

/** A plan from the synthetic history: its history ends on Sunday 23 October 2011. */
async function planOf(options: Partial<PlanOptions>): Promise<PeakPlan> {
  const source = await demandFromFile(historyFile);
  if (!source.ok) throw new Error(source.message);
  const made = await makePlan(source.value, {
    window: { from: '2011-10-24', to: '2011-11-06' },
    trainUntil: null,
    openWeekdays: null,
    closedDates: new Set(),
    events: [],
    skusTop: 20,
    serviceLevel: 0.95,
    leadTimeDays: 7,
    stock: null,
    capacity: null,
    staff: staffAssumptions(),
    today: '2011-10-24',
    generatedAt: '2011-10-24T08:00:00.000Z',
    ...options,
  });
  if (!made.ok) throw new Error(made.message);
  return made.value;
}

interface OpenedReport {
  readonly tab: BrowserTab;
  readonly page: Page;
  /** Every request the page made but the file itself. */
  readonly requests: string[];
  readonly consoleErrors: string[];
}

/** Writes the plan's report.html and opens it from disk in a fresh browser. */
async function openReport(plan: PeakPlan, name: string): Promise<OpenedReport> {
  const file = join(directory, `${name}.html`);
  writeFileSync(file, planHtml(plan));
  const url = pathToFileURL(file).href;
  const tab = await openBrowser();
  const { page } = tab;
  page.setDefaultTimeout(10_000);
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (request) => {
    if (request.url() !== url) requests.push(request.url());
  });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto(url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return { tab, page, requests, consoleErrors };
}

beforeAll(() => writeFileSync(historyFile, syntheticHistory()));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('report.html, opened from disk', () => {
  let plan: PeakPlan;
  let opened: OpenedReport;
  let page: Page;

  beforeAll(async () => {
    plan = await planOf({
      events: [{ name: 'Autumn sale', from: '2011-11-02', to: '2011-11-03', uplift: 1.5 }],
      // Far under the busiest minute: the headroom is under 3×.
      capacity: { ordersPerS: 0.01, source: 'rehearsal report.json' },
    });
    plan.stock.lines[0] = { ...plan.stock.lines[0]!, name: hostileName };
    opened = await openReport(plan, 'report');
    ({ page } = opened);
  });

  afterAll(() => opened?.tab.close());

  it('is one file: its script, styles and plan inlined, nothing to fetch', () => {
    const html = readFileSync(join(directory, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+stylesheet/);
    expect(html).toContain('<title>Peak readiness: 2011-10-24 to 2011-11-06</title>');
    // The hostile name is in the file, but only as escaped JSON.
    expect(html).not.toContain('</script><script>window.escaped');
    expect(html).toContain('HEART \\u003c/script\\u003e');
  });

  it('reads in the order a shop acts: warnings, demand, top sellers, stock, staff, capacity', async () => {
    expect(await page.title()).toBe('Peak readiness: 2011-10-24 to 2011-11-06');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Peak readiness: Mon, 24 Oct 2011 to Sun, 6 Nov 2011',
    );
    const sections = await page.getByRole('heading', { level: 2 }).allTextContents();
    expect(sections.map((text) => text.replace(/\s*\d+$/, ''))).toEqual([
      'Warnings',
      'Demand',
      'Top sellers',
      'Stock to order',
      'Staff',
      'Capacity',
    ]);
    const warnings = await page.locator('.plan-warnings li').allTextContents();
    expect(warnings).toEqual(plan.warnings);
    expect(warnings.join(' ')).toMatch(/should have been ordered already/);
  });

  it('draws the demand and the busiest day’s staffing as charts with a name', async () => {
    const demand = page.getByRole('img', { name: /^Orders per day: history from / });
    await demand.locator('canvas').waitFor();
    expect(await demand.getAttribute('aria-label')).toContain('event days: Autumn sale');
    const legend = await page.locator('.plan-chart').first().locator('.legend-item').allTextContents();
    expect(legend).toEqual(['History', 'Forecast', '80 %', '95 %', 'Event day', 'Closed']);
    const staffing = page.getByRole('img', {
      name: /^Agents per hour on .*, the day with the most contacts/,
    });
    await staffing.locator('canvas').waitFor();
    expect(await page.locator('.plan-chart canvas').count()).toBe(2);
    // A chart drawn has pixels: the canvas is sized to its box, not left at 0.
    const width = await demand
      .locator('canvas')
      .evaluate((canvas) => (canvas as unknown as { width: number }).width);
    expect(width).toBeGreaterThan(300);
  });

  it('shows the totals, the closed Saturdays, the event days and how the model was chosen', async () => {
    const orders = plan.forecast.daily.reduce((sum, day) => sum + day.orders, 0);
    expect(await page.locator('[data-total="orders"] .tile-value').textContent()).toBe(
      orders.toLocaleString('en-GB'),
    );
    // Revenue in the plan's currency, pounds for this shop.
    expect(await page.locator('[data-total="revenue"] .tile-value').textContent()).toMatch(
      /^£[\d,]+\.\d{2}$/,
    );
    expect(await page.locator('[data-total="days"]').textContent()).toContain('of 14, 2 closed');
    for (const saturday of ['2011-10-29', '2011-11-05']) {
      const row = page.locator(`tr[data-day="${saturday}"]`);
      expect(await row.locator('td').allTextContents()).toEqual(['Closed']);
    }
    expect(await page.locator('tr[data-day="2011-10-29"] th').textContent()).toBe('Sat, 29 Oct 2011');
    expect(await page.locator('tr[data-day="2011-11-02"] .plan-event').textContent()).toBe('Autumn sale');
    expect(await page.locator('tr[data-event="Autumn sale"]').textContent()).toContain('×1.50');
    const chosen = plan.forecast.models.find((choice) => choice.figure === 'orders')!.chosen;
    const chosenRow = page.locator(`tr[data-model="orders:${chosen}"]`);
    expect(await chosenRow.locator('.badge').textContent()).toBe('chosen');
    expect(await page.locator('tr[data-model^="orders:"]').count()).toBe(3);
    // No held-out history: no "Sold" column, no held-out table.
    expect(await page.locator('.plan-held-out').count()).toBe(0);
  });

  it('marks the late stock, and keeps a name holding </script> as text', async () => {
    const heart = page.locator('tr[data-stock-sku="85123A"]');
    expect(await heart.getAttribute('class')).toContain('plan-late');
    expect(await heart.locator('.plan-order-by').textContent()).toBe('Mon, 17 Oct 2011Late');
    expect(await heart.locator('.plan-sku-name').textContent()).toBe(hostileName);
    expect(await page.locator('[data-late-count]').textContent()).toMatch(/^2 SKUs are late:/);
    expect(await page.evaluate(() => (globalThis as { escaped?: boolean }).escaped)).toBeUndefined();
    const bars = page.locator('tr[data-sku] .plan-bar');
    expect(await bars.count()).toBe(2);
  });

  it('shows the pickers and packers per day, and the headroom under 3× as a warning', async () => {
    expect(await page.locator('tr[data-staff-day]').count()).toBe(plan.staff.days.length);
    const monday = plan.staff.days.find((day) => day.date === '2011-10-24')!;
    const cells = await page.locator('tr[data-staff-day="2011-10-24"] td').allTextContents();
    expect(cells.slice(2, 4)).toEqual([String(monday.pickers), String(monday.packers)]);
    const warning = await page.locator('[data-headroom-warning]').textContent();
    expect(warning).toMatch(/^Headroom [\d.]+×, under 3×\./);
    expect(await page.locator('[data-figure="headroom"]').getAttribute('class')).toContain('tone-bad');
    expect(await page.locator('[data-figure="capacity"] .tile-value').textContent()).toBe('0.01 orders/s');
  });

  it('made no request and met no error', () => {
    expect(opened.requests).toEqual([]);
    expect(opened.consoleErrors).toEqual([]);
    expect(opened.tab.pageErrors).toEqual([]);
  });
});

describe('report.html of a back-test', () => {
  let opened: OpenedReport;

  beforeAll(async () => {
    // Trained to Sunday 9 October, scored on the two weeks the history still holds.
    const plan = await planOf({ window: { from: '2011-10-10', to: '2011-10-23' }, trainUntil: '2011-10-09' });
    opened = await openReport(plan, 'backtest');
  });

  afterAll(() => opened?.tab.close());

  it('draws what sold next to the forecast, and scores it against the held-out days', async () => {
    const { page } = opened;
    await page
      .getByRole('img', { name: /^Orders per day/ })
      .locator('canvas')
      .waitFor();
    expect(await page.locator('.plan-chart').first().locator('.legend-item').allTextContents()).toContain(
      'Sold',
    );
    expect(await page.locator('.plan-days thead th').allTextContents()).toContain('Sold');
    const heldOut = page.getByRole('table', { name: /^Against the history held out after Sun, 9 Oct 2011/ });
    expect(await heldOut.locator('tbody th').allTextContents()).toEqual(['Orders', 'Units', 'Revenue']);
    // No capacity given: no warning, the headroom unknown.
    expect(await page.locator('[data-headroom-warning]').count()).toBe(0);
    expect(await page.locator('[data-figure="capacity"] .tile-value').textContent()).toBe('not measured');
    expect(opened.requests).toEqual([]);
    expect(opened.tab.pageErrors).toEqual([]);
  });
});

describe('planHtml without the built page', () => {
  it('asks for `npm run build`', async () => {
    // The built module, alone in a tree with no dist/report: it looks for the page where it would.
    const lonely = join(directory, 'lonely', 'dist', 'planner', 'report');
    mkdirSync(lonely, { recursive: true });
    const copy = join(lonely, 'html.mjs');
    const built = readFileSync(new URL('../dist/planner/report/html.js', import.meta.url), 'utf8');
    // Without its source map, which stays behind.
    writeFileSync(copy, built.replace(/^\/\/# sourceMappingURL=.*$/m, ''));
    const module = (await import(pathToFileURL(copy).href)) as { planHtml: typeof planHtml };
    const plan = await planOf({});
    expect(() => module.planHtml(plan)).toThrow(/report page is not built .*run `npm run build`/);
  });
});

describe('the plan embedded in the page', () => {
  it('cannot break out of its script element, and reads back the same', () => {
    const value = { name: '</script><!-- & \u2028 <SCRIPT>' };
    const text = embeddedJson(value);
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
