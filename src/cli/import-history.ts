/**
 * `affluence import history FILE [--channel CODE] [--dry-run]`: an order history in the UCI Online
 * Retail format (`.csv` or `.csv.gz`) brought in as past orders, straight on the store, with a
 * progress bar over both readings of the file; then what was read, created, skipped and why.
 */
import cliProgress from 'cli-progress';
import { Command, type Option } from 'commander';
import type { HistoryReport } from '../channels/index.js';
import { createContext } from '../platform/context.js';

function count(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function counts(entries: Iterable<readonly [string, number]>): string {
  return [...entries]
    .filter(([, value]) => value > 0)
    .map(([name, value]) => `${name} ${count(value)}`)
    .join(', ');
}

/** The report as a person reads it on a terminal. */
export function formatHistoryReport(file: string, report: HistoryReport): string {
  const { invoices, lines } = report.file;
  const would = report.dryRun ? 'would be ' : '';
  const skipped = Object.values(lines.skipped).reduce((total, value) => total + value, 0);
  const rows: [string, number, string][] = [
    [
      'invoices read',
      invoices.sale + invoices.cancellation + invoices.adjustment,
      `${count(invoices.sale)} sales, ${count(invoices.cancellation)} cancellations, ${count(invoices.adjustment)} adjustments`,
    ],
    [
      `orders ${would}created`,
      report.orders.created,
      `${count(report.orders.cancelled)} of them cancelled, by a cancellation of the whole invoice`,
    ],
    [
      'already imported',
      report.orders.alreadyImported,
      'invoices the channel has as orders: left as they are',
    ],
    ['sales without goods', report.orders.withoutGoods, 'fees, postage or skipped lines only: no order'],
    [
      `cancellations ${would}applied`,
      report.cancellations.applied,
      `already applied ${count(report.cancellations.alreadyApplied)}; without a matching order ${count(report.cancellations.withoutOrder)} (part of an invoice, or fees)`,
    ],
    [
      'lines read',
      lines.read,
      `${count(lines.goods)} on orders, ${count(lines.onCancellations)} on cancellations, ${count(skipped)} skipped`,
    ],
    ['skipped by reason', skipped, counts(Object.entries(lines.skipped))],
    [
      'skipped by code',
      [...lines.skippedByCode.values()].reduce((total, value) => total + value, 0),
      counts(lines.skippedByCode),
    ],
    [
      `SKUs ${would}created`,
      report.skusCreated,
      'named after their first line; no weight, size or price yet',
    ],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  const figures = Math.max(...rows.map(([, value]) => count(value).length));
  return [
    `History of ${file} on channel ${report.channel}${report.dryRun ? ' (dry run: nothing written)' : ''}:`,
    ...rows.map(([name, value, detail]) =>
      `  ${name.padEnd(width)}  ${count(value).padStart(figures)}  ${detail}`.trimEnd(),
    ),
  ].join('\n');
}

export async function importHistoryFile(
  db: string,
  file: string,
  options: { readonly channel?: string; readonly dryRun: boolean },
): Promise<void> {
  const [{ openStore }, { importHistory }] = await Promise.all([
    import('../server/index.js'),
    import('../channels/index.js'),
  ]);
  const store = await openStore(db);
  const bar = new cliProgress.SingleBar(
    {
      format: ' {phase} [{bar}] {percentage}%{detail}',
      noTTYOutput: true,
      notTTYSchedule: 5_000,
    },
    cliProgress.Presets.shades_classic,
  );
  let phase: string | undefined;
  try {
    const result = await importHistory(createContext(store), file, {
      ...options,
      onProgress: (progress) => {
        const label = progress.phase === 'check' ? 'checking' : options.dryRun ? 'counting' : 'writing ';
        if (phase !== label) {
          if (phase !== undefined) bar.stop();
          bar.start(progress.bytesTotal, 0, { phase: label, detail: '' });
          phase = label;
        }
        bar.update(progress.bytesRead, {
          detail: progress.phase === 'check' ? '' : ` | ${count(progress.invoices)} invoices`,
        });
      },
    });
    bar.stop();
    if (!result.ok) {
      const errors = (result.details?.errors ?? []) as { line: number; field: string; message: string }[];
      for (const error of errors)
        process.stderr.write(`${file}:${error.line}: ${error.field}: ${error.message}\n`);
      const more = Number(result.details?.count ?? errors.length) - errors.length;
      if (more > 0) process.stderr.write(`… and ${count(more)} more.\n`);
      throw new Error(result.message);
    }
    process.stdout.write(`${formatHistoryReport(file, result.value)}\n`);
  } finally {
    bar.stop();
    await store.close();
  }
}

/** The `import history` command, its store option given by the command line's root. */
export function importHistoryCommand(dbOption: Option): Command {
  return new Command('history')
    .description(
      'import an order history in the UCI Online Retail format (.csv or .csv.gz) as past orders: delivered or cancelled, touching no stock; importing it again creates nothing',
    )
    .argument('<file>')
    .option(
      '--channel <code>',
      'the channel the orders go on, which must sell in GBP (default: the shop’s first)',
    )
    .option('--dry-run', 'check every line and say what would be imported, writing nothing')
    .addOption(dbOption)
    .action((file: string, options: { channel?: string; dryRun?: boolean; db: string }) =>
      importHistoryFile(options.db, file, { channel: options.channel, dryRun: options.dryRun === true }),
    );
}
