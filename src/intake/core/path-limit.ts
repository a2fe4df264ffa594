/**
 * The adaptive limit of one path of the peak path (orders, storefront reads): how many of its
 * requests one process lets in at once. A request past the limit is shed at the door, before any
 * work is spent on it, so that the requests let in keep their latency whatever arrives.
 *
 * After adaptive concurrency limits (Netflix's concurrency-limits, Envoy's adaptive concurrency
 * filter), the limit follows the queueing its admitted requests meet, judged once per window. A
 * request of one process cannot be answered faster than the event loop comes round to it; what
 * the path's own queue adds is the window's p90 latency less the loop's delay (Vegas's "RTT less
 * its minimum", with the loop as the minimum):
 * - a window whose own queueing passes the target shrinks the limit in proportion (target / delay,
 *   at most halving it): a flood of the path is brought under control in a few windows;
 * - a window in which a more critical path was pressed shrinks it by a fifth: orders come first.
 *   A path is pressed when it turned requests away, or when its latency passed the target while
 *   the loop's delay was at least half the target: the process is too busy to serve it in time.
 *   Latency alone does not press: a PostgreSQL batch's round trips make orders slower than reads
 *   without any queue, and reads yielding to that would lose reads and win no order;
 * - a window in which the limit turned requests away while its own queueing stayed under half the
 *   target grows it by a quarter: once an overload ends the limit is back within a second. A limit
 *   that yielded grows back twice as fast, up to where it was before yielding: its own capacity
 *   was never the cause, and from the minimum a quarter per window takes over a second;
 * - in between it holds: the hysteresis that keeps it from flapping.
 * Neither utilisation nor the loop's delay alone shrinks a limit: answering shed requests keeps a
 * process busy and its loop slow, and a limit that read that as its own doing would fall to its
 * minimum and stay there while a flood lasts, shedding what the process could have served.
 *
 * Pure: the caller passes the time, so tests drive it window by window.
 */

export interface PathLimitSettings {
  /** Where the limit starts: high enough that a cold start or a burst is never shed. */
  readonly initial: number;
  /** It never shrinks below this, so a path always serves some requests. */
  readonly min: number;
  readonly max: number;
  /** The p90 latency of admitted requests the limit holds them to. */
  readonly targetMs: number;
  readonly windowMs: number;
}

/** What the owner of a limit tells it when a window ends. */
export interface WindowSignals {
  /** How late the event loop came round in the window just ended (its p90, ms). */
  loopDelayMs(): number;
  /** Whether a more critical path is pressed: this one yields. */
  morePressed?(): boolean;
}

/** Fewer samples than this in a window say nothing of its latency: the limit holds. */
const samplesForVerdictMin = 5;
/** The most one window may take off the limit, and what a pressed critical path takes. */
const shrinkFactorMin = 0.5;
const yieldFactor = 0.8;
const growFactor = 1.25;

export class PathLimit {
  /** The limit as a real number, so small steps add up; `admit` compares with its floor. */
  private current: number;
  private inFlightCount = 0;
  private windowStartMs: number;
  private latencies: number[] = [];
  private shedInWindow = 0;
  /** The last window turned requests away, or was slowed by a busy loop: a less critical path yields. */
  private pressedLastWindow = false;
  /** The limit before it began to yield, while it grows back to it. */
  private beforeYield: number | undefined;

  constructor(
    private readonly settings: PathLimitSettings,
    nowMs: number,
  ) {
    this.current = settings.initial;
    this.windowStartMs = nowMs;
  }

  get limit(): number {
    return Math.floor(this.current);
  }

  get inFlight(): number {
    return this.inFlightCount;
  }

  /** Whether this path is pressed now: its last window was, or it sheds in this one. */
  pressed(): boolean {
    return this.pressedLastWindow || this.shedInWindow > 0;
  }

  /** Lets a request in, or says to shed it; `signals` are asked only when a window ends. */
  admit(nowMs: number, signals: WindowSignals): boolean {
    this.roll(nowMs, signals);
    if (this.inFlightCount >= Math.floor(this.current)) {
      this.shedInWindow++;
      return false;
    }
    this.inFlightCount++;
    return true;
  }

  /** An admitted request is answered (or its client gone) after `latencyMs`. */
  done(latencyMs: number): void {
    this.inFlightCount = Math.max(0, this.inFlightCount - 1);
    this.latencies.push(latencyMs);
  }

  /**
   * The next limit of a window that turned requests away without queueing them: twice the limit
   * while below where it was before yielding (never past it), a quarter more once back there.
   */
  private regrown(): number {
    const before = this.beforeYield;
    if (before !== undefined && this.current < before) return Math.min(before, this.current * 2 + 1);
    this.beforeYield = undefined;
    return this.current * growFactor + 1;
  }

  private roll(nowMs: number, signals: WindowSignals): void {
    if (nowMs - this.windowStartMs < this.settings.windowMs) return;
    const { targetMs, min, max } = this.settings;
    const p90 = this.latencies.length < samplesForVerdictMin ? undefined : percentile90(this.latencies);
    const loopDelayMs = signals.loopDelayMs();
    const own = p90 === undefined ? undefined : Math.max(0, p90 - loopDelayMs);
    const queued = own !== undefined && own > targetMs;
    if (queued) {
      this.current *= Math.max(shrinkFactorMin, targetMs / own);
      // Its own queue says what it can take now: it grows back from here by quarters.
      this.beforeYield = undefined;
    } else if (signals.morePressed?.() === true) {
      this.beforeYield ??= this.current;
      this.current *= yieldFactor;
    } else if (own !== undefined && own <= targetMs / 2 && this.shedInWindow > 0) {
      this.current = this.regrown();
    }
    this.current = Math.min(max, Math.max(min, this.current));
    const slowedByLoop = p90 !== undefined && p90 > targetMs && loopDelayMs >= targetMs / 2;
    this.pressedLastWindow = this.shedInWindow > 0 || slowedByLoop;
    this.latencies = [];
    this.shedInWindow = 0;
    this.windowStartMs = nowMs;
  }
}

function percentile90(values: number[]): number {
  values.sort((a, b) => a - b);
  return values[Math.min(values.length - 1, Math.floor(values.length * 0.9))]!;
}
