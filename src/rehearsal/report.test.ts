import { describe, expect, it } from 'vitest';
import { findCapacity, type StepFigures } from './report.js';
import { loadScenario } from './scenario.js';

const step = (
  name: string,
  rate: number,
  p99: number,
  errorRate: number,
  sustained: boolean,
): StepFigures => ({
  name,
  rate_per_s: rate,
  duration_s: 10,
  answers: rate * 10,
  answers_per_s: rate,
  counts: { ok: rate * 10, rejected: 0, shed: 0, timeout: 0, error: 0 },
  dropped: 0,
  error_rate: errorRate,
  latency: { count: rate * 10, p50_ms: 1, p90_ms: 2, p99_ms: p99, max_ms: p99 * 2 },
  sustained,
  operations: {},
});

describe('the capacity found', () => {
  const scenario = loadScenario('black-friday');

  it('is the highest arrival rate of a step within the target, and names the first step that broke it', () => {
    const capacity = findCapacity(scenario, [
      step('calm', 100, 5, 0, true),
      step('busy', 500, 20, 0.001, true),
      step('peak', 1000, 80, 0, false),
      step('crest', 2000, 30, 0.2, false),
      step('back', 300, 10, 0, true),
    ]);
    expect(capacity.sustained_rate_per_s).toBe(500);
    expect(capacity.sustained_step).toBe('busy');
    expect(capacity.first_failure).toEqual({ step: 'peak', rate_per_s: 1000, reason: 'p99 80 ms > 50 ms' });
  });

  it('never sits above a rate that failed: a failed first step leaves no capacity, whatever held later', () => {
    const coldStart = findCapacity(scenario, [
      step('night', 10, 5, 0.05, false),
      step('morning', 100, 5, 0, true),
      step('peak', 400, 20, 0, true),
    ]);
    expect(coldStart.sustained_rate_per_s).toBeNull();
    expect(coldStart.first_failure).toEqual({ step: 'night', rate_per_s: 10, reason: 'errors 5 % > 1 %' });
    // A later failure at a lower rate than a held step bounds the capacity too.
    const lateFailure = findCapacity(scenario, [
      step('morning', 100, 5, 0, true),
      step('peak', 1000, 20, 0, true),
      step('evening', 500, 90, 0, false),
    ]);
    expect(lateFailure.sustained_rate_per_s).toBe(100);
  });

  it('is none when no step held the target', () => {
    const capacity = findCapacity(scenario, [step('crest', 2000, 30, 0.2, false)]);
    expect(capacity.sustained_rate_per_s).toBeNull();
    expect(capacity.first_failure!.reason).toBe('errors 20 % > 1 %');
  });
});
