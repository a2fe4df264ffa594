/**
 * `affluence report returns [--from] [--to] [--channel] [--json]`: the return rates the API reports
 * (`GET /v1/returns/analytics`), straight on the store, as tables by week, reason and SKU, or as the
 * API's JSON.
 */
import { createContext } from '../platform/context.js';
import type { ReturnsAnalytics } from '../returns/contract.js';
import { returnsAnalytics } from '../returns/index.js';
import { openStore } from '../server/index.js';

export interface ReturnsReportOptions {
  readonly from?: string;
  readonly to?: string;
  readonly channel?: string;
  readonly json?: boolean;
}

type Figures = ReturnsAnalytics['totals'];

function count(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `28.61 %` from 2861 basis points, in integers; `—` when nothing was delivered. */
function rate(bp: number | null): string {
  return bp === null ? '—' : `${Math.trunc(bp / 100)}.${String(bp % 100).padStart(2, '0')} %`;
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

const figureHeader = ['delivered', 'returned', 'received', 'rate'];
const figureCells = (row: Figures) => [
  count(row.delivered),
  count(row.returned),
  count(row.received),
  rate(row.rate_bp),
];

/** The report as a person reads it on a terminal. */
export function formatReturnsReport(report: ReturnsAnalytics): string {
  const { totals } = report;
  const lines = [
    `Returns, weeks of ${report.from} to ${report.to} (${report.time_zone}), ${report.channel === null ? 'all channels' : `channel ${report.channel}`}`,
    `Returned ${count(totals.returned)} of ${count(totals.delivered)} units delivered: ${rate(totals.rate_bp)}; ${count(totals.received)} received back so far.`,
    '',
    table(
      ['week', 'from', ...figureHeader],
      report.by_week.map((row) => [row.week, row.starts_on, ...figureCells(row)]),
    ),
    '',
    table(
      ['reason', ...figureHeader],
      report.by_reason.map((row) => [row.reason, ...figureCells(row)]),
    ),
    '',
    table(
      ['sku', ...figureHeader],
      report.by_sku.map((row) => [`${row.sku} (${row.name})`, ...figureCells(row)]),
    ),
  ];
  if (report.by_sku.length === 0) lines.push('No SKU was returned in these weeks.');
  if (report.skus_more > 0) lines.push(`… and ${count(report.skus_more)} more SKUs returned.`);
  return `${lines.join('\n')}\n`;
}

export async function reportReturns(db: string, options: ReturnsReportOptions): Promise<void> {
  const store = await openStore(db);
  try {
    const { json, ...query } = options;
    const result = await returnsAnalytics(createContext(store), query);
    if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
    process.stdout.write(
      json === true ? `${JSON.stringify(result.value, null, 2)}\n` : formatReturnsReport(result.value),
    );
  } finally {
    await store.close();
  }
}
