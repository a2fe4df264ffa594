/**
 * `affluence rehearse` end to end: scaled-down black-friday and flash-sale runs against an
 * `affluence serve` they start themselves (from dist/), audited through the API.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { rehearse } from '../src/rehearsal/run.js';

function quietOutput() {
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { output, text: () => text };
}

describe('affluence rehearse', () => {
  it('rehearses a scaled-down black friday: the audit passes and the report is written', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rehearsal-')), 'bf');
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
    const out = join(mkdtempSync(join(tmpdir(), 'rehearsal-')), 'flash');
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
});
