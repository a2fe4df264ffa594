/**
 * `affluence report shipping`, through the function the command runs, on a small demo shop: the
 * progress while it reads the orders, then the report the API gives as a table, the sample prices
 * labelled; a baseline named; an unknown one refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportShipping } from '../src/cli/report-shipping.js';
import { seedDemo } from '../src/demo/seed.js';
import { shippingSavings } from '../src/fulfilment/index.js';
import type { ShippingSavings } from '../src/fulfilment/savings/contract.js';
import { createContext } from '../src/platform/context.js';
import { openStore } from '../src/server/index.js';
import { captureOutput } from './support/output.js';

const directory = mkdtempSync(join(tmpdir(), 'affluence-report-shipping-'));
const db = join(directory, 'shop.db');
/** The demo's history ends here; the report is asked for its days, whatever today is. */
const now = Date.parse('2025-11-28T15:00:00Z');
const period = { since: '2025-11-20', until: '2025-11-28' };

/** `1,234.56` as the command writes amounts of minor units. */
function amount(amountMinor: number): string {
  const units = String(Math.trunc(Math.abs(amountMinor) / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${amountMinor < 0 ? '-' : ''}${units}.${String(Math.abs(amountMinor) % 100).padStart(2, '0')}`;
}

async function apiReport(query: Parameters<typeof shippingSavings>[1]): Promise<ShippingSavings> {
  const store = await openStore(db);
  try {
    const report = await shippingSavings(createContext(store, { now: () => now }), query);
    if (!report.ok) throw new Error(report.message);
    return report.value;
  } finally {
    await store.close();
  }
}

describe('affluence report shipping', () => {
  const output = captureOutput();
  beforeAll(async () => {
    const store = await openStore(db);
    try {
      await seedDemo(createContext(store, { now: () => now }), { skuCount: 150, historyDays: 3, seed: 11 });
    } finally {
      await store.close();
    }
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('reads the orders with a progress bar, then prints the totals, the groups apart and the breakdowns', async () => {
    await reportShipping(db, period);
    const report = await apiReport(period);
    expect(report.orders.compared).toBeGreaterThan(0);
    expect(output.err()).toContain(`${report.orders.read}/${report.orders.read} orders`);
    expect(output.out()).toContain(
      'Shipping: what choosing box and service saved, 2025-11-20 to 2025-11-28, all channels, in EUR',
    );
    expect(output.out()).toContain('SAMPLE PRICES. Sample data: public counter prices');
    expect(output.out()).toContain(
      'Always the same: BOX-L (Box L) (the largest packaging) with Colissimo domicile sans signature (the service the most orders could take).',
    );
    expect(output.out()).toMatch(
      new RegExp(`in the period \\(cancelled left out\\) +${report.orders.read.toLocaleString('en')}\\n`),
    );
    expect(output.out()).toMatch(new RegExp(`apart: no box holds them +${report.orders.no_box}\\n`));
    const { smart, baseline, saved } = report.totals;
    expect(output.out()).toMatch(
      new RegExp(`smart +${amount(smart.box)} +${amount(smart.shipping)} +${amount(smart.total)}\\n`),
    );
    expect(output.out()).toMatch(
      new RegExp(
        `always the same +${amount(baseline.box)} +${amount(baseline.shipping)} +${amount(baseline.total)}\\n`,
      ),
    );
    expect(output.out()).toContain(`Saved ${amount(saved)} EUR, `);
    expect(output.out()).toMatch(/by box chosen +orders +smart +always the same +saved +share\n/);
    for (const row of report.by_box) expect(output.out()).toContain(`${row.code} (${row.name})`);
  });

  it('compares against the baseline named', async () => {
    const query = { ...period, baselineBox: 'BOX-M', baselineService: 'Colissimo/domicile_sans_signature' };
    await reportShipping(db, query);
    const report = await apiReport(query);
    expect(output.out()).toContain('Always the same: BOX-M (Box M) with Colissimo domicile sans signature.');
    expect(output.out()).toMatch(
      new RegExp(
        `apart: not possible with BOX-M and Colissimo domicile sans signature +${report.orders.baseline_impossible}\\n`,
      ),
    );
    expect(output.out()).toContain(`Saved ${amount(report.totals.saved)} EUR, `);
  });

  it('refuses an unknown baseline, printing nothing', async () => {
    await expect(reportShipping(db, { ...period, baselineBox: 'CRATE' })).rejects.toThrow(
      /unknown_packaging: No packaging CRATE/,
    );
    await expect(reportShipping(db, { ...period, baselineService: 'DHL/express' })).rejects.toThrow(
      /unknown_service/,
    );
    expect(output.out()).toBe('');
  });
});
