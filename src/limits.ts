/** Every queue, batch, page, body, retry and timeout of Affluence has its named maximum here, with why. */
export const limits = {
  /** 1 MiB: the largest legitimate body (500-SKU availability, a 100-line order) is far below it. */
  bodyBytesMax: 1024 * 1024,
  /** An order of 100 distinct lines is a B2B pallet; past that a bulk import is the right tool. */
  orderLinesMax: 100,
  /** One line of 10,000 units is beyond any retail order and keeps totals far from 2^53. */
  lineQuantityMax: 10_000,
  /** The contract of `POST /v1/availability`: one storefront page of a catalogue at most. */
  availabilitySkusMax: 500,
  /** Pages of lists: 100 by default keeps answers small; 1,000 lets exports page quickly. */
  pageSizeDefault: 100,
  pageSizeMax: 1_000,
  /** A checkout hold longer than two hours is stock taken hostage; shorter than a second is a bug. */
  holdTtlSecondsMin: 1,
  holdTtlSecondsMax: 2 * 60 * 60,
  /** Expired holds return their stock within this delay; availability counts them until then. */
  holdSweepIntervalMs: 1_000,
  /** Expired holds released per sweep transaction, to keep each transaction short. */
  holdSweepBatchMax: 500,
  /** Unit prices up to 10^9 minor units (10 million EUR) keep line and order totals exact integers. */
  unitPriceMinorMax: 1_000_000_000,
  /** Stock on hand per SKU and location; far above any warehouse bin, far below 2^53. */
  stockQuantityMax: 1_000_000_000,
  /** Idempotency keys as clients send them: a UUID or similar, never a document. */
  idempotencyKeyLengthMax: 255,
  /** Channels a location ships for, or a SKU is priced on: a shop sells on a handful, a marketplace hub on dozens. */
  channelsMax: 100,
  /** Codes (channel, location, SKU) are identifiers a person types; names are labels. */
  codeLengthMax: 64,
  nameLengthMax: 200,
  /** A search term longer than a product name cannot match anything. */
  searchQueryLengthMax: 200,
  /** Transactions retried after a PostgreSQL deadlock or serialization failure before giving up. */
  transactionRetriesMax: 5,
  /** Authenticated API keys are remembered this long per process; a revocation elsewhere takes effect within it. */
  apiKeyCacheTtlMs: 2_000,
  /** Distinct keys remembered per process; cleared past it (a flood of wrong keys must not grow memory). */
  apiKeyCacheEntriesMax: 10_000,
  /**
   * Orders and holds committed in one transaction. Past a few hundred the commit no longer gets
   * cheaper per order, while every order of the batch waits for the slowest part of it.
   */
  batchSizeMax: 256,
  /** Commands waiting for the writer of one process; past it they are shed (503) at once. */
  intakeQueueLengthMax: 5_000,
  /** The wait in the intake queue we promise at most; an arrival that would wait longer is shed. */
  intakeQueueWaitBudgetMs: 200,
  /** Demo SKUs written per transaction: each is ~10 rows (SKU, search terms, prices and their history, event). */
  demoSkusPerTransactionMax: 250,
  /** Demo history steps per transaction: a step is 1 to 6 rows, so a transaction stays at a few hundred rows. */
  demoActionsPerTransactionMax: 300,
  /** Longest history the demo plans: a year of orders is already ~72,000 of them. */
  demoHistoryDaysMax: 366,
  /** Each process reads the waiting room's state again this often: a switch flipped elsewhere applies within it. */
  roomStateCacheMs: 1_000,
  /** A place in the waiting room is kept this long: a visitor who leaves and comes back within it keeps it. */
  waitingTokenTtlS: 2 * 60 * 60,
  /** The fastest admission rate: beyond it the room admits everyone and only the intake's shedding protects. */
  admissionRatePerSMax: 100_000,
  /** Events per page of the outbox feed. */
  eventsPageMax: 1_000,
} as const;
