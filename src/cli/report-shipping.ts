/**
 * `affluence report shipping [--since] [--until] [--channel] [--baseline-box] [--baseline-service]`:
 * what choosing each parcel's box and service saved over a period's orders against always the same
 * box and service, straight on the store, with a progress bar while it reads the orders, then as a
 * table. The prices are labelled when they are sample data.
 */
import cliProgress from 'cli-progress';
import { type SavingsQuery, shippingSavings } from '../fulfilment/index.js';
import type { ShippingSavings } from '../fulfilment/savings/contract.js';
import { createContext } from '../platform/context.js';
import { openStore } from '../server/index.js';

type Comparison = ShippingSavings['totals'];

/** `1,234.56` from 123456 minor units, sign first, in integers (the cards' EUR has 100 minor units). */
function amount(amountMinor: number): string {
  const magnitude = Math.abs(amountMinor);
  const units = String(Math.trunc(magnitude / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${amountMinor < 0 ? '-' : ''}${units}.${String(magnitude % 100).padStart(2, '0')}`;
}

/** `28.61 %` from 2861 basis points, in integers. */
function share(bp: number): string {
  const magnitude = Math.abs(bp);
  return `${bp < 0 ? '-' : ''}${Math.trunc(magnitude / 100)}.${String(magnitude % 100).padStart(2, '0')} %`;
}

function count(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Columns padded to their widest cell, the first to the left and the figures to the right. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

const comparisonHeader = ['orders', 'smart', 'always the same', 'saved', 'share'];
const comparisonCells = (row: Comparison) => [
  count(row.orders),
  amount(row.smart.total),
  amount(row.baseline.total),
  amount(row.saved),
  share(row.saved_bp),
];

/** The report as a person reads it on a terminal. */
export function formatShippingSavings(report: ShippingSavings): string {
  const { baseline, orders, totals, currency } = report;
  const serviceWhy = baseline.service.default ? ' (the service the most orders could take)' : '';
  const lines = [
    `Shipping: what choosing box and service saved, ${report.since} to ${report.until}, ${report.channel === null ? 'all channels' : `channel ${report.channel}`}, in ${currency}`,
  ];
  if (report.notice !== null) lines.push(`SAMPLE PRICES. ${report.notice}`);
  lines.push(
    `Smart: the smallest box that fits, then the cheapest service to the destination. Always the same: ${baseline.box.code} (${baseline.box.name})${baseline.box.default ? ' (the largest packaging)' : ''} with ${baseline.service.name}${serviceWhy}.`,
    '',
    table(
      ['orders', 'count'],
      [
        ['in the period (cancelled left out)', count(orders.read)],
        ['compared below', count(orders.compared)],
        ['apart: a SKU without size or weight', count(orders.unmeasured)],
        ['apart: no box holds them', count(orders.no_box)],
        ['apart: no service carries the parcel', count(orders.no_service)],
        [
          `apart: not possible with ${baseline.box.code} and ${baseline.service.name}`,
          count(orders.baseline_impossible),
        ],
      ],
    ),
    '',
    table(
      ['', 'boxes', 'shipping', 'total'],
      [
        ['smart', amount(totals.smart.box), amount(totals.smart.shipping), amount(totals.smart.total)],
        [
          'always the same',
          amount(totals.baseline.box),
          amount(totals.baseline.shipping),
          amount(totals.baseline.total),
        ],
      ],
    ),
    `Saved ${amount(totals.saved)} ${currency}, ${share(totals.saved_bp)} of always the same.`,
    '',
    table(
      ['by service chosen', ...comparisonHeader],
      report.by_service.map((row) => [row.name, ...comparisonCells(row)]),
    ),
    '',
    table(
      ['by box chosen', ...comparisonHeader],
      report.by_box.map((row) => [`${row.code} (${row.name})`, ...comparisonCells(row)]),
    ),
  );
  if (report.unmeasured_skus.length > 0) {
    lines.push(
      '',
      `To measure (size and weight): ${report.unmeasured_skus.map((row) => `${row.sku} (${count(row.orders)})`).join(', ')}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export async function reportShipping(db: string, query: SavingsQuery): Promise<void> {
  const store = await openStore(db);
  const bar = new cliProgress.SingleBar(
    {
      format: ' reading orders [{bar}] {percentage}% | {value}/{total} orders',
      noTTYOutput: true,
      notTTYSchedule: 5_000,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  try {
    const result = await shippingSavings(createContext(store), query, (done, total) => {
      if (done === 0) bar.start(total, 0);
      else bar.update(done);
    });
    bar.stop();
    if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
    process.stdout.write(formatShippingSavings(result.value));
  } finally {
    bar.stop();
    await store.close();
  }
}
