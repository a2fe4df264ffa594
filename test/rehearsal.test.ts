/**
 * `affluence rehearse` end to end: scaled-down black-friday, flash-sale and advent runs against an
 * `affluence serve` they start themselves (from dist/), audited through the API; and the advent run
 * against an `affluence serve` on PostgreSQL, given by its URL.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { type RehearseOutcome, rehearse } from '../src/rehearsal/run.js';
import { startServer } from './support/server-process.js';
import { freshLocation } from './support/stores.js';

function quietOutput() {
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { output, text: () => text };
}

/** A few seconds of the advent rush: 45 players, 15 codes, enough openings to run them out. */
const adventScaling = { durationScale: 0.03, rateScale: 0.5, shopScale: 0.05 };

/** The advent audit passed, and the run did what it is for: codes ran out, two devices raced and agreed. */
function expectAdventRehearsed(outcome: RehearseOutcome, out: string, text: string) {
  expect(outcome.passed, text).toBe(true);
  const { audit, operations } = outcome.report;
  expect(audit.checks.map((check) => check.name)).toEqual(
    expect.arrayContaining([
      'advent_one_result_per_player',
      'advent_codes_within_door',
      'advent_answers_are_kept_plays',
    ]),
  );
  expect(audit.checks).toHaveLength(9);
  const advent = audit.advent!;
  expect(advent.codes).toBe(15);
  expect(advent.given).toBe(advent.codes);
  expect(advent.without_code).toBeGreaterThan(0);
  expect(advent.players).toBe(advent.given + advent.without_code);
  expect(advent.second_device_pairs).toBeGreaterThan(0);
  expect(advent.pairs_agreed).toBe(advent.second_device_pairs);
  expect(advent.reopenings).toBeGreaterThan(0);
  expect(operations.advent_open!.counts.ok).toBeGreaterThan(advent.players);
  expect(operations.order_with_code!.counts.ok).toBeGreaterThan(0);
  expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain(
    `${advent.given} of ${advent.codes} codes given`,
  );
  expect(text).toContain('Advent: ');
}

/** The folders the runs write their reports to, removed once the file is done. */
const reportFolders: string[] = [];
function reportFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'rehearsal-'));
  reportFolders.push(folder);
  return folder;
}
afterAll(() => {
  for (const folder of reportFolders) rmSync(folder, { recursive: true, force: true });
});

describe('affluence rehearse', () => {
  it('rehearses a scaled-down black friday: the audit passes and the report is written', async () => {
    const out = join(reportFolder(), 'bf');
    const { output, text } = quietOutput();
    const outcome = await rehearse({
      scenario: 'black-friday',
      scaling: { durationScale: 0.03, rateScale: 0.1, shopScale: 0.05 },
      out,
      output,
    });
    expect(outcome.passed, text()).toBe(true);
    for (const file of ['report.md', 'report.json', 'chart.svg'])
      expect(existsSync(join(out, file))).toBe(true);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.audit.passed).toBe(true);
    expect(report.audit.checks).toHaveLength(6);
    expect(report.steps).toHaveLength(9);
    expect(report.operations.order.counts.ok).toBeGreaterThan(0);
    expect(report.operations.availability_read.latency.p99_ms).toBeGreaterThan(0);
    expect(report.capacity.target_p99_ms).toBe(50);
    // Every order's figures reached the second channel's feed, each timed.
    expect(report.channel_lag).toMatchObject({ measured: true, unmatched: 0, target_p99_ms: 2_000 });
    expect(report.channel_lag.lag.count).toBe(report.audit.ordersAcknowledged);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('**Channel lag: p99');
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('## Verdict: PASSED');
    expect(readFileSync(join(out, 'chart.svg'), 'utf8')).toMatch(/^<svg[^>]*>[\s\S]*<polyline/);
    expect(text()).toContain('Audit: PASSED');
  });

  it('rehearses a scaled-down flash sale: exactly the units in stock are sold', async () => {
    const out = join(reportFolder(), 'flash');
    const { output, text } = quietOutput();
    const outcome = await rehearse({
      scenario: 'flash-sale',
      scaling: { durationScale: 0.2, rateScale: 0.15, shopScale: 1 },
      out,
      output,
    });
    expect(outcome.passed, text()).toBe(true);
    const [sale] = outcome.report.audit.sales;
    expect(sale!.startingOnHand).toBe(300);
    expect(sale!.soldUnits).toBe(300);
    expect(outcome.report.audit.ordersAcknowledged).toBe(300);
    expect(outcome.report.operations.order!.counts.rejected).toBeGreaterThan(0);
  });

  it('rehearses a scaled-down advent rush on SQLite: one result per player, no code given twice', async () => {
    const out = join(reportFolder(), 'advent');
    const { output, text } = quietOutput();
    const outcome = await rehearse({ scenario: 'advent', scaling: adventScaling, out, output });
    expectAdventRehearsed(outcome, out, text());
  });

  it('rehearses the advent rush against affluence serve on PostgreSQL', async () => {
    const place = await freshLocation('postgres');
    const adminKey = 'aff_test_rehearsal_advent_admin_key';
    const server = await startServer(place.location, adminKey);
    try {
      const out = join(reportFolder(), 'advent-pg');
      const { output, text } = quietOutput();
      const outcome = await rehearse({
        scenario: 'advent',
        url: server.url,
        adminKey,
        scaling: adventScaling,
        out,
        output,
      });
      expectAdventRehearsed(outcome, out, text());
      // The rehearsal takes its calendar away: the operations room shows the shop's own.
      const left = await fetch(`${server.url}/v1/advent`, {
        headers: { authorization: `Bearer ${adminKey}` },
      });
      expect(((await left.json()) as { data: unknown[] }).data).toEqual([]);
    } finally {
      await server.stop();
      await place.drop();
    }
  });
});
