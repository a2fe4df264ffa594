/**
 * Admission at the door of the peak path: each path (orders and holds; storefront reads) has its
 * own adaptive limit of requests in flight in this process, and reads yield to orders. A request
 * past its path's limit is shed before any work is spent on it: that is what keeps the goodput of
 * a flooded process near its maximum, when the clients do not honour `Retry-After`.
 */
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { limits } from '../../platform/core/limits.js';
import { PathLimit, type PathLimitSettings, type WindowSignals } from '../core/path-limit.js';

/** The paths that are limited; a route names its own in `config.admission`. Others always go in. */
export const admissionPaths = ['orders', 'reads'] as const;
export type AdmissionPath = (typeof admissionPaths)[number];

export type AdmissionSettings = Readonly<Record<AdmissionPath, PathLimitSettings>>;

const pathSettings: PathLimitSettings = {
  initial: limits.admissionLimitInitial,
  min: limits.admissionLimitMin,
  max: limits.admissionLimitMax,
  targetMs: limits.admissionLatencyTargetMs,
  windowMs: limits.admissionWindowMs,
};

export const defaultAdmissionSettings: AdmissionSettings = {
  // Orders never go below one full batch in flight: under it the group commit loses what it
  // amortises, and a PostgreSQL batch's round trips, not a queue, are most of each order's latency.
  orders: { ...pathSettings, min: limits.batchSizeMax },
  reads: pathSettings,
};

/** Who hears of each request shed: the metrics, and the waiting room that may open itself. */
export interface AdmissionObserver {
  shedAtDoor(path: AdmissionPath): void;
}

export interface PathStats {
  readonly limit: number;
  readonly inFlight: number;
}

/** How late the event loop comes round: sampled every 10 ms, read and restarted once per window. */
class LoopDelay {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private lastMs = 0;
  private readAtMs: number;

  constructor(
    private readonly windowMs: number,
    nowMs: number,
  ) {
    this.readAtMs = nowMs;
    this.histogram.enable();
  }

  /** The p90 delay of the window just ended, in ms: both paths ask as their windows end. */
  p90(nowMs: number): number {
    if (nowMs - this.readAtMs >= this.windowMs) {
      this.lastMs = this.histogram.count === 0 ? 0 : this.histogram.percentile(90) / 1e6;
      this.histogram.reset();
      this.readAtMs = nowMs;
    }
    return this.lastMs;
  }

  stop(): void {
    this.histogram.disable();
  }
}

export class Admission {
  private readonly paths: Readonly<Record<AdmissionPath, PathLimit>>;
  private readonly loopDelay: LoopDelay;
  private readonly signals: Readonly<Record<AdmissionPath, WindowSignals>>;

  constructor(
    settings: AdmissionSettings = defaultAdmissionSettings,
    private readonly observers: readonly AdmissionObserver[] = [],
  ) {
    const now = performance.now();
    this.paths = { orders: new PathLimit(settings.orders, now), reads: new PathLimit(settings.reads, now) };
    this.loopDelay = new LoopDelay(Math.min(settings.orders.windowMs, settings.reads.windowMs), now);
    const loopDelayMs = () => this.loopDelay.p90(performance.now());
    this.signals = {
      orders: { loopDelayMs },
      // Reads yield to orders: a storefront can show a page a moment later; a lost order is lost.
      reads: { loopDelayMs, morePressed: () => this.paths.orders.pressed() },
    };
  }

  /** Lets a request of `path` in, or says to shed it (and tells the observers). */
  admit(path: AdmissionPath): boolean {
    const admitted = this.paths[path].admit(performance.now(), this.signals[path]);
    if (!admitted) for (const observer of this.observers) observer.shedAtDoor(path);
    return admitted;
  }

  /** Stops sampling the event loop: the server is closing. */
  stop(): void {
    this.loopDelay.stop();
  }

  /** An admitted request of `path` is over after `latencyMs`. */
  done(path: AdmissionPath, latencyMs: number): void {
    this.paths[path].done(latencyMs);
  }

  stats(path: AdmissionPath): PathStats {
    const limit = this.paths[path];
    return {
      limit: limit.limit,
      inFlight: limit.inFlight,
    };
  }
}
