/** The figures as a table beside the targets: printed as text, and written as Markdown and JSON. */
import type { RunAudit } from './audit.js';
import type { CpuShares, Metered } from './cpu.js';
import type { LoadFigures } from './load.js';
import { type FloodRun, offeredPerSecond } from './overload.js';
import type { ProfileSummary } from './profile.js';
import { type BenchSettings, overloadTargets, targets } from './settings.js';
import type { StoreFigures } from './store-runs.js';

/** One measurement of the bare-http ceiling, and when in the bench it was taken. */
export type Ceiling = Metered<LoadFigures> & { readonly when: string };

export interface BenchResult {
  readonly startedAt: string;
  readonly durationSeconds: number;
  readonly machine: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly node: string;
    readonly commit: string;
  };
  readonly settings: BenchSettings;
  /** Before the first store, between the stores, and after the last. */
  readonly ceilings: readonly Ceiling[];
  /** Each with the ceiling its ratios are over: the mean of the two measured around it. */
  readonly stores: readonly (StoreFigures & { readonly ceilingPerSecond: number })[];
  readonly profiles: readonly ProfileSummary[];
}

export type Verdict = 'pass' | 'miss' | '';

export interface Row {
  readonly measure: string;
  readonly figure: string;
  readonly ratio: string;
  readonly target: string;
  readonly verdict: Verdict;
  /** The share of the machine busy with other work while the figure was measured. */
  readonly otherLoad: string;
}

const count = (value: number) => Math.round(value).toLocaleString('en-US');
const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
const ms = (value: number) => (value < 10 ? value.toFixed(1) : count(value));
const latency = (figures: LoadFigures) =>
  `p50 ${ms(figures.latencyMsP50)} ms · p99 ${ms(figures.latencyMsP99)} ms`;
const verdict = (ok: boolean): Verdict => (ok ? 'pass' : 'miss');
const otherLoad = (cpu: CpuShares | undefined) =>
  cpu === undefined ? '' : `${Math.round(cpu.elsewhere * 100)} %`;

function storeRows(store: StoreFigures, ceilingPerSecond: number): Row[] {
  const sqlite = store.engine === 'sqlite';
  const label = sqlite ? 'SQLite, 1 process' : `PostgreSQL, ${store.processCount} processes`;
  const ordersRatio = store.sustained.okPerSecond / ceilingPerSecond;
  const ordersMin = sqlite ? targets.sqliteOrdersCeilingRatioMin : targets.postgresOrdersCeilingRatioMin;
  const readsRatio = store.reads.okPerSecond / ceilingPerSecond;
  const readsMin = sqlite ? targets.sqliteReadsCeilingRatioMin : targets.postgresReadsCeilingRatioMin;
  const flash = store.flashSale;
  const flashOk =
    flash.durationMs < targets.flashSaleDurationMsMax &&
    flash.acknowledged === flash.units &&
    flash.soldThroughOrders === flash.units &&
    flash.reservedThroughStock === flash.units &&
    flash.availableAfter === 0;
  const auditsOk = store.audits.every((audit) => audit.ok);
  const meanRate = (runs: readonly LoadFigures[]) =>
    runs.reduce((total, run) => total + run.okPerSecond, 0) / runs.length;
  const saleRatio = meanRate(store.sale.during) / meanRate(store.sale.without);
  const promoCodeRatio = meanRate(store.promoCode.during) / meanRate(store.promoCode.without);
  const acknowledged = store.audits.reduce((sum, audit) => sum + audit.acknowledged, 0);
  return [
    {
      measure: `${label}: orders, saturated`,
      figure: `${count(store.sustained.okPerSecond)} orders/s · ${latency(store.sustained)}`,
      ratio: percent(ordersRatio),
      target: `≥ ${percent(ordersMin)}`,
      verdict: verdict(ordersRatio >= ordersMin),
      otherLoad: otherLoad(store.sustained.cpu),
    },
    {
      measure: `${label}: orders, saturated, with a sale running on every SKU, against without (runs in the order with, without, without, with)`,
      figure: `${store.sale.during.map((run) => count(run.okPerSecond)).join(' · ')} orders/s with; ${store.sale.without.map((run) => count(run.okPerSecond)).join(' · ')} without`,
      ratio: `${percent(saleRatio)} of without`,
      target: `≥ ${percent(targets.saleOrdersRatioMin)}`,
      verdict: verdict(saleRatio >= targets.saleOrdersRatioMin),
      otherLoad: otherLoad(store.sale.during[0]?.cpu),
    },
    {
      measure: `${label}: orders, saturated, each naming one promo code (a usage and a per-customer limit), against none (runs in the order with, without, without, with)`,
      figure: `${store.promoCode.during.map((run) => count(run.okPerSecond)).join(' · ')} orders/s with; ${store.promoCode.without.map((run) => count(run.okPerSecond)).join(' · ')} without`,
      ratio: `${percent(promoCodeRatio)} of without`,
      target: `≥ ${percent(targets.promoCodeOrdersRatioMin)}`,
      verdict: verdict(promoCodeRatio >= targets.promoCodeOrdersRatioMin),
      otherLoad: otherLoad(store.promoCode.during[0]?.cpu),
    },
    {
      measure: `${label}: orders at a constant ${count(store.constantRate.ratePerSecond)}/s (70 %)`,
      figure: `${latency(store.constantRate)} · ${count(store.constantRate.okPerSecond)} placed/s`,
      ratio: '',
      target: `p99 ≤ ${targets.constantRateLatencyMsP99Max} ms`,
      verdict: verdict(
        store.constantRate.latencyMsP99 <= targets.constantRateLatencyMsP99Max &&
          store.constantRate.answered === store.constantRate.sent &&
          store.constantRate.okPerSecond > 0,
      ),
      otherLoad: otherLoad(store.constantRate.cpu),
    },
    {
      measure: `${label}: availability reads, ${count(store.backgroundOrders.okPerSecond)} orders/s placed meanwhile (their p99 ${ms(store.backgroundOrders.latencyMsP99)} ms)`,
      figure: `${count(store.reads.okPerSecond)} reads/s · ${latency(store.reads)}`,
      ratio: percent(readsRatio),
      target: `≥ ${percent(readsMin)}`,
      verdict: verdict(readsRatio >= readsMin),
      otherLoad: otherLoad(store.reads.cpu),
    },
    {
      measure: `${label}: flash sale, ${count(flash.units)} units to ${count(flash.buyers)} buyers`,
      figure: `${(flash.durationMs / 1_000).toFixed(2)} s · ${flash.acknowledged} × 201 · ${flash.soldThroughOrders} sold · ${flash.availableAfter} left`,
      ratio: '',
      target: `< ${targets.flashSaleDurationMsMax / 1_000} s, exactly ${flash.units} sold`,
      verdict: verdict(flashOk),
      otherLoad: otherLoad(flash.cpu),
    },
    {
      measure: `${label}: audit of ${store.audits.length} runs`,
      figure: `${count(acknowledged)} × 201 = orders stored; ${store.audits.reduce((sum, audit) => sum + audit.skusChecked, 0)} SKU reconciliations`,
      ratio: '',
      target: 'no oversell, no duplicate',
      verdict: verdict(auditsOk),
      otherLoad: '',
    },
  ];
}

/** PostgreSQL on 1, 2, … processes: the saturated order rate and how it grows from one. */
function scalingRows(store: StoreFigures, ceilingPerSecond: number): Row[] {
  const one = store.scaling[0]?.sustained.okPerSecond ?? 0;
  return store.scaling.map((run) => ({
    measure: `PostgreSQL, ${run.processCount} process${run.processCount === 1 ? '' : 'es'}: orders, saturated`,
    figure: `${count(run.sustained.okPerSecond)} orders/s${one > 0 ? ` (${(run.sustained.okPerSecond / one).toFixed(2)} × one process)` : ''} · ${latency(run.sustained)}`,
    ratio: percent(run.sustained.okPerSecond / ceilingPerSecond),
    target: '',
    verdict: '',
    otherLoad: otherLoad(run.sustained.cpu),
  }));
}

function ceilingRow(ceiling: Ceiling): Row {
  return {
    measure: `Ceiling, bare Node http answering a fixed JSON (${ceiling.when})`,
    figure: `${count(ceiling.okPerSecond)} req/s · ${latency(ceiling)}`,
    ratio: '',
    target: '',
    verdict: '',
    otherLoad: otherLoad(ceiling.cpu),
  };
}

export function summaryRows(result: BenchResult): Row[] {
  const rows: Row[] = [];
  result.stores.forEach((store, index) => {
    const before = result.ceilings[index];
    if (before !== undefined) rows.push(ceilingRow(before));
    rows.push(...storeRows(store, store.ceilingPerSecond), ...scalingRows(store, store.ceilingPerSecond));
  });
  const last = result.ceilings[result.stores.length];
  if (last !== undefined) rows.push(ceilingRow(last));
  return rows;
}

export function allAuditsOk(result: BenchResult): boolean {
  return result.stores.every((store) => store.audits.every((audit) => audit.ok));
}

const auditHeader = ['run', '201s', 'orders stored', 'unanswered (stored)', 'SKUs reconciled', 'result'];

function auditCells(audit: RunAudit): string[] {
  const problems = [
    audit.acknowledgedMissing > 0 ? `${audit.acknowledgedMissing} lost` : '',
    audit.refusedStored > 0 ? `${audit.refusedStored} refused but stored` : '',
    audit.duplicateKeys > 0 ? `${audit.duplicateKeys} duplicated` : '',
    audit.unknownOrders > 0 ? `${audit.unknownOrders} unknown` : '',
    audit.unbalancedSkus.length > 0 ? `unbalanced ${audit.unbalancedSkus.slice(0, 5).join(' ')}` : '',
    audit.oversoldSkus.length > 0 ? `oversold ${audit.oversoldSkus.slice(0, 5).join(' ')}` : '',
  ].filter((problem) => problem !== '');
  return [
    audit.run,
    count(audit.acknowledged),
    count(audit.ordersFound),
    `${audit.unanswered} (${audit.unansweredStored})`,
    count(audit.skusChecked),
    audit.ok ? 'ok' : `FAILED: ${problems.join(', ') || 'orders stored ≠ 201s + unanswered stored'}`,
  ];
}

function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((width) => '─'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const overloadHeader = [
  'store · flood',
  'asked',
  'offered (reached)',
  'served/s',
  'of 1×',
  'admitted p99',
  '503s · p50 · p99',
  'with Retry-After',
  'dropped by generator',
  'cpu: generator · servers',
  'full service after',
  'result',
];

const storeName = (store: StoreFigures) =>
  store.engine === 'sqlite' ? 'SQLite' : `PostgreSQL ×${store.processCount}`;

/**
 * What missed among the targets of a flood (empty when all held), for a multiple above 1. Reads
 * beside orders are not held to the goodput of reads alone: orders come first, and take their share.
 */
function overloadMisses(run: FloodRun): string[] {
  const { flood } = run;
  const shed = flood.countByStatus['503'] ?? 0;
  const goodputShare = flood.okPerSecond / run.referencePerSecond;
  const misses = [
    run.ordersBeside === undefined && goodputShare < overloadTargets.goodputShareMin ? 'goodput' : '',
    flood.okLatencyMsP99 > overloadTargets.admittedLatencyMsP99Max ? 'admitted p99' : '',
    shed > 0 && flood.shedLatencyMsP99 >= overloadTargets.shedLatencyMsMax ? '503 time' : '',
    flood.shedWithRetryAfter < shed ? 'Retry-After' : '',
    flood.recovery !== undefined &&
    flood.recovery.fullServiceAfterSeconds > overloadTargets.fullServiceAfterSecondsMax
      ? 'recovery'
      : '',
  ];
  if (run.ordersBeside !== undefined) {
    const share = run.ordersBeside.okPerSecond / run.ordersBeside.ratePerSecond;
    if (share < overloadTargets.ordersBesideReadFloodShareMin) misses.push('orders beside');
  }
  return misses.filter((miss) => miss !== '');
}

function overloadCells(store: StoreFigures): string[][] {
  const share = (value: number) => `${Math.round(value * 100)} %`;
  return store.overload.runs.flatMap((run) => {
    const { flood } = run;
    const offered = offeredPerSecond(flood);
    const misses = overloadMisses(run);
    const result =
      run.multiple === 1 ? 'reference' : misses.length === 0 ? 'pass' : `miss: ${misses.join(', ')}`;
    const cells = [
      `${storeName(store)} · ${run.path} ${run.multiple}×`,
      `${count(run.askedPerSecond)}/s`,
      `${count(offered)}/s (${(offered / run.capacityPerSecond).toFixed(1)}×)`,
      count(flood.okPerSecond),
      share(flood.okPerSecond / run.referencePerSecond),
      `${ms(flood.okLatencyMsP99)} ms`,
      `${count(flood.countByStatus['503'] ?? 0)} · ${ms(flood.shedLatencyMsP50)} ms · ${ms(flood.shedLatencyMsP99)} ms`,
      count(flood.shedWithRetryAfter),
      count(flood.dropped),
      flood.cpu === undefined ? '' : `${share(flood.cpu.bench)} · ${share(flood.cpu.servers)}`,
      flood.recovery === undefined ? '' : `${flood.recovery.fullServiceAfterSeconds.toFixed(2)} s`,
      result,
    ];
    const beside = run.ordersBeside;
    if (beside === undefined) return [cells];
    return [
      cells,
      [
        `${storeName(store)} · orders beside reads ${run.multiple}×`,
        `${count(beside.ratePerSecond)}/s`,
        `${count(offeredPerSecond(beside))}/s`,
        count(beside.okPerSecond),
        `${share(beside.okPerSecond / beside.ratePerSecond)} of asked`,
        `${ms(beside.okLatencyMsP99)} ms`,
        `${count(beside.countByStatus['503'] ?? 0)} · ${ms(beside.shedLatencyMsP50)} ms · ${ms(beside.shedLatencyMsP99)} ms`,
        count(beside.shedWithRetryAfter),
        count(beside.dropped),
        '',
        beside.recovery === undefined ? '' : `${beside.recovery.fullServiceAfterSeconds.toFixed(2)} s`,
        '',
      ],
    ];
  });
}

const overloadNotes = (connections: number) => [
  `Overload: open-model arrivals at multiples of each path's capacity (reads: saturated reads alone; orders: the saturated order rate), on ${count(connections)} connections per flood, clients that never honour Retry-After.`,
  '"offered": arrivals the generator put on a connection, per second; "reached" is that over the capacity (the generator shares the 2 cores: where it is below the multiple asked, that is the highest it reached).',
  '"of 1×": served per second over the same path\'s served per second at 1× with the same generator (target ≥ 90 % at 2×, 5×, 10×; reads beside orders: shown, not judged, as orders come first; orders beside a read flood: over the rate asked, target ≥ 80 %).',
  '"admitted p99": latency of the answers 200/201 from when each was due (target ≤ 100 ms); 503s: how many, and how long they took (target < 5 ms); "full service after": after the largest flood, the load falls to half of what the process can serve for 1 s (beside orders, reads and orders both fall), and from when every arrival was served (target ≤ 1 s; 1.00 s: not within the second).',
];

const summaryHeader = ['measure', 'figure', 'of ceiling', 'target', 'result', 'other load'];
const summaryCells = (row: Row) => [
  row.measure,
  row.figure,
  row.ratio,
  row.target,
  row.verdict,
  row.otherLoad,
];

const notes = [
  '"of ceiling": each store\'s rate over the mean of the two ceilings measured just before and after it.',
  '"other load": the share of the machine (all cores) busy with neither the bench nor the servers under test',
  '(with their PostgreSQL backends) while the figure was measured; above a few % the figures are low and noisy.',
];

function title(result: BenchResult): string {
  return `Affluence benchmark, ${result.startedAt}: ${result.machine.cpus} × ${result.machine.cpuModel}, Node ${result.machine.node}, commit ${result.machine.commit}, ${result.settings.quick ? 'quick' : 'full'} run in ${Math.round(result.durationSeconds)} s`;
}

function profileLines(result: BenchResult, table: (header: string[], rows: string[][]) => string): string[] {
  return result.profiles.flatMap((profile) => [
    '',
    `CPU profile ${profile.file}, during the saturated order run (${count(profile.busyMs)} ms busy in ${count(profile.windowMs)} ms), self time:`,
    '',
    table(
      ['function', 'where', 'self ms', 'of busy'],
      profile.top.map((hot) => [hot.name, hot.where, count(hot.selfMs), percent(hot.selfShare)]),
    ),
    '',
    table(
      ['component', 'self ms', 'of busy'],
      profile.byComponent.map((part) => [part.component, count(part.selfMs), percent(part.selfShare)]),
    ),
  ]);
}

function overloadLines(result: BenchResult, table: (header: string[], rows: string[][]) => string): string[] {
  const rows = result.stores.flatMap(overloadCells);
  if (rows.length === 0) return [];
  return ['', table(overloadHeader, rows), ...overloadNotes(result.settings.openConnections)];
}

export function renderText(result: BenchResult): string {
  return [
    title(result),
    '',
    textTable(summaryHeader, summaryRows(result).map(summaryCells)),
    ...notes,
    ...overloadLines(result, textTable),
    '',
    textTable(
      auditHeader,
      result.stores.flatMap((store) => store.audits.map(auditCells)),
    ),
    ...profileLines(result, textTable),
  ].join('\n');
}

export function renderMarkdown(result: BenchResult): string {
  return [
    `# ${title(result)}`,
    '',
    markdownTable(summaryHeader, summaryRows(result).map(summaryCells)),
    '',
    notes.join(' '),
    '',
    '## Overload',
    ...overloadLines(result, markdownTable),
    '',
    '## Audits',
    '',
    markdownTable(
      auditHeader,
      result.stores.flatMap((store) => store.audits.map(auditCells)),
    ),
    ...profileLines(result, markdownTable),
    '',
  ].join('\n');
}
