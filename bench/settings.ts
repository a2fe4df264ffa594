/** What the benchmark runs, how long and how hard, and the targets of issue 4 it measures against. */

export interface BenchSettings {
  /** `--quick`: the same runs, shorter and on fewer SKUs, in about a minute; its figures are rougher. */
  readonly quick: boolean;
  /** `--cpu-prof`: every `affluence serve` runs under `node --cpu-prof`; figures are slower for it. */
  readonly cpuProfile: boolean;
  /** The client settings of every saturated run, the ceiling included: the 100 connections. */
  readonly connections: number;
  /**
   * Connections of the open-model runs (constant rate, overload), opened before each: enough that
   * arrivals at several times the capacity find one idle while the server answers in time.
   */
  readonly openConnections: number;
  /** Unmeasured load before each saturated run, so JIT and caches are warm when measuring starts. */
  readonly warmupDurationSeconds: number;
  /** Each measured run: saturated orders, constant-rate orders, availability reads, the ceiling. */
  readonly loadDurationSeconds: number;
  /** SKUs the sustained orders are spread over ("a few thousand"), each stocked at every location. */
  readonly skuCount: number;
  /** Units received per SKU and location: far more than any run sells, so no order is refused. */
  readonly stockPerLocation: number;
  /** The constant-rate run sends this fraction of the saturated order rate (the 70 %). */
  readonly constantRateFraction: number;
  /**
   * Orders placed at a constant rate, as a fraction of the saturated order rate, while availability
   * reads are measured: the reads must stay fast while orders pour in, not on an idle shop.
   */
  readonly backgroundOrderFraction: number;
  /** Each open run of the overload section: the flood of one path at one multiple of its capacity. */
  readonly overloadDurationSeconds: number;
  /** Multiples of each path's measured capacity the overload section offers (1× is the reference). */
  readonly overloadMultiples: readonly number[];
  /**
   * Beside a read flood, orders are placed at this fraction of their capacity: the orders of a
   * storefront that is being read far past what it can answer.
   */
  readonly ordersBesideReadFloodFraction: number;
  /**
   * After the largest flood of a path, arrivals go on for this long at this fraction of what the
   * process can serve (beside orders, both paths fall to it together).
   */
  readonly recoveryFraction: number;
  readonly recoveryDurationSeconds: number;
  /** PostgreSQL: the numbers of server processes the order rate is measured on, one after the other. */
  readonly scalingProcessCounts: readonly number[];
  readonly flashSaleUnits: number;
  readonly flashSaleBuyers: number;
  /** Requests in flight while the shop is set up through the API. */
  readonly setupConcurrency: number;
  /**
   * Time the whole bench may spend waiting, before a measured run, for other work on a shared
   * machine to calm down; past it, runs are measured anyway and the report shows the other load.
   */
  readonly quietWaitBudgetMs: number;
  /** …and at most this long before any one run, so a busy start does not spend it all. */
  readonly quietWaitPerRunMaxMs: number;
}

export function benchSettings(quick: boolean, cpuProfile: boolean): BenchSettings {
  return {
    quick,
    cpuProfile,
    connections: 100,
    openConnections: 1_000,
    warmupDurationSeconds: quick ? 1 : 2,
    loadDurationSeconds: quick ? 3 : 10,
    skuCount: quick ? 500 : 2_000,
    stockPerLocation: 1_000_000,
    constantRateFraction: 0.7,
    backgroundOrderFraction: 0.25,
    overloadDurationSeconds: quick ? 2 : 5,
    overloadMultiples: [1, 2, 5, 10],
    ordersBesideReadFloodFraction: 0.5,
    recoveryFraction: 0.5,
    recoveryDurationSeconds: 1,
    scalingProcessCounts: [1, 2, 3],
    // The flash sale is the same in both modes: its target is defined on 500 units and 20,000 buyers.
    flashSaleUnits: 500,
    flashSaleBuyers: 20_000,
    setupConcurrency: 32,
    quietWaitBudgetMs: quick ? 15_000 : 60_000,
    quietWaitPerRunMaxMs: quick ? 3_000 : 10_000,
  };
}

/** The targets of issue 4, section 4, on this 2-core machine. */
export const targets = {
  sqliteOrdersCeilingRatioMin: 0.3,
  postgresOrdersCeilingRatioMin: 0.2,
  constantRateLatencyMsP99Max: 50,
  flashSaleDurationMsMax: 3_000,
  sqliteReadsCeilingRatioMin: 0.5,
  postgresReadsCeilingRatioMin: 0.35,
  /** Issue 10: the order rate with a sale running on every SKU, over the rate without one. */
  saleOrdersRatioMin: 0.9,
  /** Issue 13: the order rate with every order naming one promo code, over the rate without. */
  promoCodeOrdersRatioMin: 0.9,
} as const;

/** The targets of issue 9, section 1: what "degrade, never collapse" means, measured. */
export const overloadTargets = {
  /** Goodput at 2×, 5× and 10× over the goodput at 1×, on each path. */
  goodputShareMin: 0.9,
  admittedLatencyMsP99Max: 100,
  shedLatencyMsMax: 5,
  /** Orders placed beside a read flood, over the rate they were offered at. */
  ordersBesideReadFloodShareMin: 0.8,
  fullServiceAfterSecondsMax: 1,
} as const;
