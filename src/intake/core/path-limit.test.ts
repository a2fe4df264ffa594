/** The door's adaptive limit: it sheds only past its limit, follows latency window by window, and lets go. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PathLimit, type PathLimitSettings, type WindowSignals } from './path-limit.js';

const settings: PathLimitSettings = { initial: 100, min: 10, max: 1_000, targetMs: 50, windowMs: 100 };
/** An event loop that comes round at once: all latency is the path's own queueing. */
const quickLoop: WindowSignals = { loopDelayMs: () => 0 };

/** Runs one window: `arrivals` requests come at once, the admitted ones end after `latencyMs`. */
function window(
  limit: PathLimit,
  startMs: number,
  arrivals: number,
  latencyMs: number,
  signals: WindowSignals = quickLoop,
): { admitted: number; shed: number } {
  let admitted = 0;
  for (let i = 0; i < arrivals; i++) if (limit.admit(startMs, signals)) admitted++;
  for (let i = 0; i < admitted; i++) limit.done(latencyMs);
  return { admitted, shed: arrivals - admitted };
}

/** Ends the window before `atMs` by letting one quick request in then: a window is judged when the next begins. */
function settle(limit: PathLimit, atMs: number, signals: WindowSignals = quickLoop): void {
  if (limit.admit(atMs, signals)) limit.done(0);
}

/** Runs windows back to back from `fromMs`; returns each window's outcome and the time after them. */
function windows(limit: PathLimit, fromMs: number, count: number, arrivals: number, latencyMs: number) {
  const outcomes = [];
  for (let i = 0; i < count; i++)
    outcomes.push(window(limit, fromMs + i * settings.windowMs, arrivals, latencyMs));
  return { outcomes, endMs: fromMs + count * settings.windowMs };
}

describe('the adaptive limit of a path', () => {
  it('lets in up to its limit at once, sheds past it, and frees a place for each request answered', () => {
    const limit = new PathLimit(settings, 0);
    const admitted = Array.from({ length: 120 }, () => limit.admit(1, quickLoop));
    expect(admitted.filter(Boolean)).toHaveLength(100);
    expect(limit.admit(2, quickLoop)).toBe(false);
    limit.done(5);
    expect(limit.admit(3, quickLoop)).toBe(true);
    expect(limit.inFlight).toBe(100);
  });

  it('never sheds a burst on a cold start, however slow the first requests are', () => {
    const limit = new PathLimit(settings, 0);
    // A first window of slow answers (cold caches, connections opening) shrinks the limit...
    const first = window(limit, 0, 40, 400);
    expect(first.shed).toBe(0);
    // ...but far above what a quiet shop has in flight: the next burst is served whole.
    expect(window(limit, 100, 40, 5).shed).toBe(0);
    expect(limit.limit).toBeGreaterThanOrEqual(50);
  });

  it('shrinks in proportion to how far the p90 passed the target, at most halving it per window', () => {
    const limit = new PathLimit(settings, 0);
    window(limit, 0, 100, 80);
    settle(limit, 100);
    expect(limit.limit).toBe(Math.floor(100 * (50 / 80)));
    const before = limit.limit;
    window(limit, 200, 100, 1_000);
    settle(limit, 300);
    expect(limit.limit).toBe(Math.floor(before * 0.5));
  });

  it('holds between half the target and the target, and grows only when it turned requests away', () => {
    const limit = new PathLimit(settings, 0);
    // Shedding at 40 ms: under the target, over its half: the limit holds.
    const held = windows(limit, 0, 5, 150, 40);
    expect(limit.limit).toBe(100);
    // Fast, and nothing shed: no reason to grow.
    const idle = windows(limit, held.endMs, 5, 50, 5);
    expect(limit.limit).toBe(100);
    // Fast while shedding: it grows by a quarter each window.
    windows(limit, idle.endMs, 2, 150, 5);
    settle(limit, idle.endMs + 200);
    expect(limit.limit).toBe(Math.floor((100 * 1.25 + 1) * 1.25 + 1));
  });

  it('does not take the slow loop of a flood for its own queue: only what its requests add shrinks it', () => {
    const limit = new PathLimit(settings, 0);
    // Answers take 80 ms, 75 of them waiting for the loop to come round (a flood being shed):
    // shedding more of this path would not make them faster.
    const slowLoop: WindowSignals = { loopDelayMs: () => 75 };
    for (let i = 0; i < 10; i++) window(limit, i * 100, 150, 80, slowLoop);
    settle(limit, 1_000, slowLoop);
    const kept = limit.limit;
    expect(kept).toBeGreaterThanOrEqual(100);
    // The same 80 ms spent in the path's own queue: that is its doing, and it shrinks.
    window(limit, 1_100, 150, 80);
    settle(limit, 1_200);
    expect(Math.abs(limit.limit - kept * (50 / 80))).toBeLessThan(1);
  });

  it('yields to a more critical path that is pressed, and never goes below its minimum', () => {
    const limit = new PathLimit(settings, 0);
    const pressed: WindowSignals = { ...quickLoop, morePressed: () => true };
    for (let i = 0; i < 30; i++) window(limit, i * 100, 20, 5, pressed);
    expect(limit.limit).toBe(settings.min);
    expect(window(limit, 3_000, 20, 5, pressed).admitted).toBe(settings.min);
  });

  it('is pressed when it sheds, or when a busy loop makes it slow, but not by a slowness of its own', () => {
    const limit = new PathLimit(settings, 0);
    const slowLoop: WindowSignals = { loopDelayMs: () => 40 };
    // Answers in 120 ms with a quick loop: a PostgreSQL batch's round trips, no one else to blame.
    window(limit, 0, 20, 120);
    settle(limit, 100);
    expect(limit.pressed()).toBe(false);
    // The same 120 ms while the loop comes round 40 ms late: the process is too busy to serve it.
    window(limit, 200, 20, 120, slowLoop);
    settle(limit, 300, slowLoop);
    expect(limit.pressed()).toBe(true);
    // Fast again: no longer pressed...
    window(limit, 400, 20, 5, slowLoop);
    settle(limit, 500, slowLoop);
    expect(limit.pressed()).toBe(false);
    // ...until it turns a request away.
    window(limit, 600, limit.limit + 1, 5);
    expect(limit.pressed()).toBe(true);
  });

  it('is back to full service within a second once a flood ends', () => {
    const limit = new PathLimit(settings, 0);
    // A flood ten times the limit, answered slowly: the limit falls to its minimum...
    const flood = windows(limit, 0, 20, 1_000, 500);
    expect(limit.limit).toBe(settings.min);
    // ...and the shop's ordinary traffic, five times the minimum in flight at once, answered fast,
    // is served whole again within ten windows: one second.
    const after = windows(limit, flood.endMs, 10, 5 * settings.min, 5);
    expect(after.outcomes.at(-1)?.shed).toBe(0);
    expect(after.endMs - flood.endMs).toBeLessThanOrEqual(1_000);
  });

  it('grows back to where it was within half a second once the path it yielded to lets go', () => {
    const limit = new PathLimit(settings, 0);
    // Orders are pressed for two seconds: reads, with their full hundred in flight, yield to the minimum...
    const pressed: WindowSignals = { loopDelayMs: () => 0, morePressed: () => true };
    for (let i = 0; i < 20; i++) window(limit, i * settings.windowMs, 100, 5, pressed);
    expect(limit.limit).toBe(settings.min);
    // ...and the same hundred at once are served whole again from the fourth window on, not the
    // tenth a quarter per window would take; past where it was, it grows by quarters again.
    const after = windows(limit, 2_000, 5, 100, 5);
    expect(after.outcomes.map((outcome) => outcome.shed > 0)).toEqual([true, true, true, false, false]);
    windows(limit, after.endMs, 1, 200, 5);
    settle(limit, after.endMs + settings.windowMs);
    expect(limit.limit).toBe(Math.floor(100 * 1.25 + 1));
  });

  it('whatever comes: lets in only under the limit, sheds only at it, and keeps the limit within its bounds', () => {
    const step = fc.record({
      arrivals: fc.integer({ min: 0, max: 300 }),
      latencyMs: fc.integer({ min: 0, max: 2_000 }),
      advanceMs: fc.integer({ min: 0, max: 250 }),
      pressed: fc.boolean(),
      loopDelayMs: fc.integer({ min: 0, max: 500 }),
      answered: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const limit = new PathLimit(settings, 0);
        let nowMs = 0;
        for (const { arrivals, latencyMs, advanceMs, pressed, loopDelayMs, answered } of steps) {
          nowMs += advanceMs;
          let admitted = 0;
          for (let i = 0; i < arrivals; i++) {
            // Let in only with room under the limit; shed only without it.
            if (limit.admit(nowMs, { loopDelayMs: () => loopDelayMs, morePressed: () => pressed })) {
              admitted++;
              expect(limit.inFlight).toBeLessThanOrEqual(limit.limit);
            } else expect(limit.inFlight).toBeGreaterThanOrEqual(limit.limit);
            expect(limit.limit).toBeGreaterThanOrEqual(settings.min);
            expect(limit.limit).toBeLessThanOrEqual(settings.max);
          }
          // Some of what is in flight is answered; the rest stays, as slow requests do.
          const ending = Math.floor(limit.inFlight * answered);
          for (let i = 0; i < ending; i++) limit.done(latencyMs);
          expect(limit.inFlight).toBeGreaterThanOrEqual(0);
          expect(admitted).toBeLessThanOrEqual(arrivals);
        }
      }),
    );
  });
});
