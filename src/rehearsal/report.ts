/** The rehearsal's report: figures per operation and step, the capacity found, the audit, a chart. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdventFigures } from './advent-audit.js';
import type { Verdict } from './audit.js';
import type { DriveResult } from './load.js';
import type { Scaling, Scenario } from './scenario.js';
import { stepBounds } from './schedule.js';
import { type Cell, type LatencySummary, type OutcomeCounts, summarise } from './stats.js';

export interface OperationFigures {
  counts: OutcomeCounts;
  statuses: Record<string, number>;
  latency: LatencySummary;
  shed_latency: LatencySummary;
}

export interface StepFigures {
  name: string;
  rate_per_s: number;
  duration_s: number;
  answers: number;
  answers_per_s: number;
  counts: OutcomeCounts;
  /** Arrivals the driver could not send (too many in flight). */
  dropped: number;
  /** (errors + timeouts + shed + dropped) / (answers + dropped) */
  error_rate: number;
  latency: LatencySummary;
  sustained: boolean;
  operations: Record<string, { counts: OutcomeCounts; latency: LatencySummary }>;
}

export interface TimelinePoint {
  t_s: number;
  answers_per_s: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  shed: number;
}

export interface Capacity {
  target_p99_ms: number;
  error_rate_max: number;
  /** The highest arrival rate of a step sustained within the target; null when none was. */
  sustained_rate_per_s: number | null;
  sustained_step: string | null;
  /** The first step that broke the target, and why. */
  first_failure: { step: string; rate_per_s: number; reason: string } | null;
}

/** How long an order's new figures took to reach another channel's feed. */
export type ChannelLag =
  | {
      measured: true;
      /** Orders matched with the push that carried their figures. */
      lag: LatencySummary;
      /** Orders whose figures had not arrived when the rehearsal stopped waiting. */
      unmatched: number;
      target_p99_ms: number;
      within_target: boolean;
    }
  | { measured: false; reason: string };

export interface Report {
  scenario: { name: string; description: string; scaling: Scaling; steps: Scenario['steps'] };
  target: { url: string; self_started: boolean };
  run: {
    run_id: string;
    started_at: string;
    duration_ms: number;
    arrivals_sent: number;
    arrivals_dropped: number;
    flows_abandoned: number;
    send_lag: LatencySummary;
  };
  operations: Record<string, OperationFigures>;
  steps: StepFigures[];
  timeline: TimelinePoint[];
  capacity: Capacity;
  channel_lag: ChannelLag;
  audit: Verdict;
  passed: boolean;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Errors, timeouts, shed answers and arrivals the driver dropped, over all of them. */
function failureRate(cell: Cell, dropped: number): number {
  const total = cell.total + dropped;
  return total === 0 ? 0 : (cell.counts.error + cell.counts.timeout + cell.counts.shed + dropped) / total;
}

/**
 * The capacity found: the highest arrival rate a step held within the target, below every rate at
 * which a step broke it. A rate that failed once is no capacity, whatever held at higher rates
 * (a server that sheds its first 40 requests at 10/s has not shown it holds 400/s).
 */
export function findCapacity(scenario: Scenario, steps: readonly StepFigures[]): Capacity {
  const measured = steps.filter((step) => step.rate_per_s > 0);
  const failed = measured.filter((step) => !step.sustained);
  const lowestFailedRate = Math.min(...failed.map((step) => step.rate_per_s));
  let best: StepFigures | null = null;
  for (const step of measured) {
    if (
      step.sustained &&
      step.rate_per_s < lowestFailedRate &&
      (best === null || step.rate_per_s > best.rate_per_s)
    )
      best = step;
  }
  const first = failed[0];
  let firstFailure: Capacity['first_failure'] = null;
  if (first !== undefined) {
    const reasons: string[] = [];
    if (first.answers === 0) reasons.push('no answers');
    if (first.latency.p99_ms > scenario.target.p99_ms)
      reasons.push(`p99 ${first.latency.p99_ms} ms > ${scenario.target.p99_ms} ms`);
    if (first.error_rate > scenario.target.error_rate_max)
      reasons.push(
        `errors ${round(first.error_rate * 100)} % > ${round(scenario.target.error_rate_max * 100)} %`,
      );
    firstFailure = { step: first.name, rate_per_s: first.rate_per_s, reason: reasons.join(', ') };
  }
  return {
    target_p99_ms: scenario.target.p99_ms,
    error_rate_max: scenario.target.error_rate_max,
    sustained_rate_per_s: best === null ? null : round(best.rate_per_s),
    sustained_step: best?.name ?? null,
    first_failure: firstFailure,
  };
}

export function buildReport(input: {
  scenario: Scenario;
  scaling: Scaling;
  url: string;
  selfStarted: boolean;
  runId: string;
  startedAt: Date;
  result: DriveResult;
  verdict: Verdict;
  channelLag: ChannelLag;
}): Report {
  const { scenario, result } = input;
  const { stats } = result;
  const operations: Record<string, OperationFigures> = {};
  for (const [operation, cell] of stats.byOperation) {
    operations[operation] = {
      counts: { ...cell.counts },
      statuses: Object.fromEntries([...cell.statuses].sort()),
      latency: summarise(cell.latency),
      shed_latency: summarise(cell.shedLatency),
    };
  }
  const steps: StepFigures[] = scenario.steps.map((step, index) => {
    const total = stats.stepTotals[index]!;
    const latency = summarise(total.latency);
    const dropped = stats.droppedByStep[index]!;
    const errorRate = failureRate(total, dropped);
    return {
      name: step.name,
      rate_per_s: round(step.rate_per_s),
      duration_s: round(step.duration_s),
      answers: total.total,
      answers_per_s: round(total.total / step.duration_s),
      counts: { ...total.counts },
      dropped,
      error_rate: round(errorRate, 4),
      latency,
      sustained:
        total.total > 0 &&
        latency.p99_ms <= scenario.target.p99_ms &&
        errorRate <= scenario.target.error_rate_max,
      operations: Object.fromEntries(
        [...stats.byStep[index]!].map(([operation, cell]) => [
          operation,
          { counts: { ...cell.counts }, latency: summarise(cell.latency) },
        ]),
      ),
    };
  });
  const bucketS = stats.bucketMs / 1000;
  const timeline = stats.timeline.map((cell, index) => ({
    t_s: round(index * bucketS, 1),
    answers_per_s: round(cell.total / bucketS, 1),
    p50_ms: cell.latency.totalCount === 0 ? 0 : round(cell.latency.getValueAtPercentile(50) / 1000, 3),
    p99_ms: cell.latency.totalCount === 0 ? 0 : round(cell.latency.getValueAtPercentile(99) / 1000, 3),
    errors: cell.counts.error + cell.counts.timeout,
    shed: cell.counts.shed,
  }));
  return {
    scenario: {
      name: scenario.name,
      description: scenario.description,
      scaling: input.scaling,
      steps: scenario.steps,
    },
    target: { url: input.url, self_started: input.selfStarted },
    run: {
      run_id: input.runId,
      started_at: input.startedAt.toISOString(),
      duration_ms: Math.round(result.durationMs),
      arrivals_sent: result.arrivalsSent,
      arrivals_dropped: stats.dropped,
      flows_abandoned: result.abandoned,
      send_lag: summarise(stats.sendLag),
    },
    operations,
    steps,
    timeline,
    capacity: findCapacity(scenario, steps),
    channel_lag: input.channelLag,
    audit: input.verdict,
    passed: input.verdict.passed,
  };
}

const fmt = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** A driver that sends late adds its own lag to every latency: say so when it is a sizeable part of the target. */
export function lagWarning(report: Report): string | null {
  const lag = report.run.send_lag.p99_ms;
  return lag > report.capacity.target_p99_ms / 5
    ? `The load generator sent requests up to ${lag} ms late (p99): it shares this machine's CPU with the server, and its lag is part of the latencies measured.`
    : null;
}

/** The channel lag in a sentence or two: the figure the feeds are held to. */
export function channelLagLines(lag: ChannelLag): string[] {
  if (!lag.measured) return [`**Channel lag: not measured** (${lag.reason}).`];
  const { lag: figures } = lag;
  return [
    `**Channel lag: p99 ${fmt(figures.p99_ms)} ms** (target ≤ ${fmt(lag.target_p99_ms)} ms: ${lag.within_target ? 'met' : '**missed**'}) — from an order placed on the rehearsal's channel to its new figures received by another channel's availability feed, over ${fmt(figures.count)} orders: p50 ${fmt(figures.p50_ms)} ms, p90 ${fmt(figures.p90_ms)} ms, max ${fmt(figures.max_ms)} ms.${lag.unmatched > 0 ? ` ${fmt(lag.unmatched)} orders' figures had not arrived when the rehearsal stopped waiting.` : ''}`,
  ];
}

/** The advent calendar's figures in a sentence: who played, what the door gave, whether two devices agreed. */
export function adventLine(advent: AdventFigures): string {
  return [
    `Advent: ${fmt(advent.players)} players opened today's door`,
    `${fmt(advent.given)} of ${fmt(advent.codes)} codes given${advent.without_code > 0 ? `, ${fmt(advent.without_code)} players came once they had run out` : ''}`,
    `${fmt(advent.second_device_pairs)} openings from two devices at once, ${fmt(advent.pairs_agreed)} answered alike`,
    `${fmt(advent.reopenings)} later openings answered; ${fmt(advent.answers)} answers in all.`,
  ].join('; ');
}

export function markdown(report: Report): string {
  const lines: string[] = [];
  const { capacity, audit } = report;
  lines.push(`# Rehearsal: ${report.scenario.name}`, '');
  lines.push(`${report.scenario.description}`, '');
  lines.push(
    `- Target: ${report.target.url}${report.target.self_started ? ' (started for this rehearsal, fresh embedded SQLite)' : ''}`,
    `- Run ${report.run.run_id}, started ${report.run.started_at}, lasted ${fmt(report.run.duration_ms / 1000)} s`,
    `- Scaling: durations × ${report.scenario.scaling.durationScale}, rates × ${report.scenario.scaling.rateScale}`,
    `- Arrivals sent: ${fmt(report.run.arrivals_sent)}; dropped by the driver: ${report.run.arrivals_dropped}; abandoned at the end: ${report.run.flows_abandoned}`,
    `- Driver send lag behind schedule: p50 ${report.run.send_lag.p50_ms} ms, p99 ${report.run.send_lag.p99_ms} ms, max ${report.run.send_lag.max_ms} ms`,
    '',
  );
  const warning = lagWarning(report);
  if (warning !== null) lines.push(`> ${warning}`, '');
  lines.push(`## Verdict: ${audit.passed ? 'PASSED' : 'FAILED'}`, '');
  lines.push(
    capacity.sustained_rate_per_s === null
      ? `**Capacity found: none** — no step held p99 ≤ ${capacity.target_p99_ms} ms with errors ≤ ${fmt(capacity.error_rate_max * 100)} %.`
      : `**Capacity found: ${fmt(capacity.sustained_rate_per_s)} arrivals/s** (step "${capacity.sustained_step}"), with p99 ≤ ${capacity.target_p99_ms} ms and errors ≤ ${fmt(capacity.error_rate_max * 100)} %.`,
  );
  if (capacity.first_failure !== null)
    lines.push(
      `First step over the target: "${capacity.first_failure.step}" at ${fmt(capacity.first_failure.rate_per_s)}/s (${capacity.first_failure.reason}).`,
    );
  lines.push('', '![throughput and latency over time](chart.svg)', '');
  lines.push(...channelLagLines(report.channel_lag), '');

  lines.push('## Audit', '', '| check | result | checked | breaches |', '| --- | --- | ---: | ---: |');
  for (const item of audit.checks)
    lines.push(
      `| ${item.title} | ${item.passed ? 'pass' : '**FAIL**'} | ${item.checked} | ${item.breachCount} |`,
    );
  lines.push(
    '',
    `Orders acknowledged: ${fmt(audit.ordersAcknowledged)}; listed: ${fmt(audit.ordersListed)}; units sold (orders not cancelled): ${fmt(audit.unitsSold)}.`,
  );
  if (audit.advent !== null) lines.push('', adventLine(audit.advent));
  for (const item of audit.checks.filter((candidate) => !candidate.passed)) {
    lines.push('', `### Breaches: ${item.title}`, '');
    for (const breach of item.breaches) lines.push(`- ${breach}`);
    if (item.breachCount > item.breaches.length)
      lines.push(`- … and ${item.breachCount - item.breaches.length} more`);
  }

  lines.push('', '## Steps', '');
  lines.push(
    '| step | rate/s | s | answers/s | ok | rejected | shed | timeout | error | p50 ms | p90 ms | p99 ms | max ms | sustained |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  );
  for (const step of report.steps) {
    const c = step.counts;
    const l = step.latency;
    lines.push(
      `| ${step.name} | ${fmt(step.rate_per_s)} | ${fmt(step.duration_s)} | ${fmt(step.answers_per_s)} | ${c.ok} | ${c.rejected} | ${c.shed} | ${c.timeout} | ${c.error} | ${l.p50_ms} | ${l.p90_ms} | ${l.p99_ms} | ${l.max_ms} | ${step.sustained ? 'yes' : 'no'} |`,
    );
  }

  lines.push('', '## Operations', '');
  lines.push(
    '| operation | ok | rejected | shed | timeout | error | statuses | p50 ms | p90 ms | p99 ms | max ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |',
  );
  for (const [operation, figures] of Object.entries(report.operations)) {
    const c = figures.counts;
    const l = figures.latency;
    const statuses = Object.entries(figures.statuses)
      .map(([status, count]) => `${status}×${count}`)
      .join(' ');
    lines.push(
      `| ${operation} | ${c.ok} | ${c.rejected} | ${c.shed} | ${c.timeout} | ${c.error} | ${statuses} | ${l.p50_ms} | ${l.p90_ms} | ${l.p99_ms} | ${l.max_ms} |`,
    );
  }

  lines.push('', '## Latency per step and operation (p50 / p90 / p99 / max, ms)', '');
  for (const step of report.steps) {
    const cells = Object.entries(step.operations)
      .map(
        ([operation, { latency: l, counts }]) =>
          `${operation} ${l.p50_ms} / ${l.p90_ms} / ${l.p99_ms} / ${l.max_ms} (${counts.ok + counts.rejected + counts.error + counts.timeout + counts.shed})`,
      )
      .join('; ');
    lines.push(`- **${step.name}**: ${cells || 'no answers'}`);
  }

  const sold = [...audit.sales].sort((a, b) => b.soldUnits - a.soldUnits).slice(0, 10);
  lines.push(
    '',
    '## Best sellers',
    '',
    '| SKU | stock at start | sold | on hand | reserved |',
    '| --- | ---: | ---: | ---: | ---: |',
  );
  for (const item of sold)
    lines.push(
      `| ${item.sku} | ${item.startingOnHand} | ${item.soldUnits} | ${item.onHand} | ${item.reserved} |`,
    );
  lines.push(
    '',
    'Latency is measured from the time each request was scheduled (open model: arrivals do not wait for answers), so a server that falls behind shows it. Shed answers (503/429) are counted apart and their latency kept out of the percentiles above.',
    '',
  );
  return lines.join('\n');
}

const escapeXml = (text: string) => text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const factor of [1, 2, 2.5, 5, 10]) if (value <= factor * magnitude) return factor * magnitude;
  return 10 * magnitude;
}

/** Two panels over time: answers/s against the offered rate, then p50 and p99 against the target. */
export function chartSvg(report: Report): string {
  const width = 900;
  const panelHeight = 200;
  const left = 60;
  const right = 20;
  const top = 30;
  const gap = 50;
  const height = top + panelHeight * 2 + gap + 40;
  const points = report.timeline;
  const bounds = stepBounds({ steps: report.scenario.steps } as Scenario);
  const totalS = Math.max(
    bounds.at(-1)!.endMs / 1000,
    (points.at(-1)?.t_s ?? 0) + (points.length > 1 ? points[1]!.t_s - points[0]!.t_s : 1),
  );
  const bucketS = points.length > 1 ? points[1]!.t_s - points[0]!.t_s : 1;
  const x = (seconds: number) => left + ((width - left - right) * seconds) / totalS;
  const maxRate = niceMax(
    Math.max(...points.map((p) => p.answers_per_s), ...report.scenario.steps.map((s) => s.rate_per_s)),
  );
  const maxLatency = niceMax(Math.max(...points.map((p) => p.p99_ms), report.capacity.target_p99_ms * 1.2));
  const y1 = (rate: number) => top + panelHeight - (panelHeight * rate) / maxRate;
  const y2Top = top + panelHeight + gap;
  const y2 = (ms: number) => y2Top + panelHeight - (panelHeight * Math.min(ms, maxLatency)) / maxLatency;
  const line = (values: [number, number][], color: string, dash = '') =>
    values.length === 0
      ? ''
      : `<polyline fill="none" stroke="${color}" stroke-width="1.5"${dash ? ` stroke-dasharray="${dash}"` : ''} points="${values.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ')}"/>`;
  const offered: [number, number][] = [];
  report.scenario.steps.forEach((step, index) => {
    offered.push(
      [x(bounds[index]!.startMs / 1000), y1(step.rate_per_s)],
      [x(bounds[index]!.endMs / 1000), y1(step.rate_per_s)],
    );
  });
  const mid = (p: TimelinePoint) => x(p.t_s + bucketS / 2);
  const axis = (yTop: number, max: number, unit: string) => {
    const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
      const yy = yTop + panelHeight - panelHeight * f;
      return `<line x1="${left}" x2="${width - right}" y1="${yy}" y2="${yy}" stroke="#e5e5e5"/><text x="${left - 6}" y="${yy + 4}" text-anchor="end">${fmt(max * f)}</text>`;
    });
    return `${ticks.join('')}<text x="${left}" y="${yTop - 8}" font-weight="bold">${escapeXml(unit)}</text>`;
  };
  const timeTicks: string[] = [];
  const stepS = niceMax(totalS / 8);
  for (let t = 0; t <= totalS + 1e-9; t += stepS)
    timeTicks.push(`<text x="${x(t)}" y="${height - 20}" text-anchor="middle">${fmt(t)}</text>`);
  const target = report.capacity.target_p99_ms;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">
<rect width="100%" height="100%" fill="white"/>
<title>${escapeXml(`Rehearsal ${report.scenario.name}: throughput and latency over time`)}</title>
${axis(top, maxRate, 'answers/s (solid) and offered arrivals/s (dashed)')}
${line(offered, '#999', '5,4')}
${line(
  points.map((p) => [mid(p), y1(p.answers_per_s)]),
  '#1f77b4',
)}
${axis(y2Top, maxLatency, `latency ms: p50 (green), p99 (red), target ${target} ms (dashed)`)}
<line x1="${left}" x2="${width - right}" y1="${y2(target)}" y2="${y2(target)}" stroke="#d62728" stroke-dasharray="4,4" opacity="0.6"/>
${line(
  points.filter((p) => p.answers_per_s > 0).map((p) => [mid(p), y2(p.p50_ms)]),
  '#2ca02c',
)}
${line(
  points.filter((p) => p.answers_per_s > 0).map((p) => [mid(p), y2(p.p99_ms)]),
  '#d62728',
)}
${timeTicks.join('')}
<text x="${(left + width - right) / 2}" y="${height - 5}" text-anchor="middle">seconds</text>
</svg>
`;
}

/** Writes report.md, report.json and chart.svg into `dir`; returns their paths. */
export function writeReport(dir: string, report: Report): { markdown: string; json: string; chart: string } {
  mkdirSync(dir, { recursive: true });
  const paths = {
    markdown: join(dir, 'report.md'),
    json: join(dir, 'report.json'),
    chart: join(dir, 'chart.svg'),
  };
  writeFileSync(paths.json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(paths.markdown, markdown(report));
  writeFileSync(paths.chart, chartSvg(report));
  return paths;
}
