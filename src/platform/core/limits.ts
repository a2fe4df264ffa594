/** Every queue, batch, page, body, retry and timeout of Affluence has its named maximum here, with why. */
export const limits = {
  /** 1 MiB: the largest legitimate body (500-SKU availability, a 100-line order) is far below it. */
  bodyBytesMax: 1024 * 1024,
  /**
   * A request's headers must arrive within 10 s: a browser or a storefront sends them in one packet;
   * a client trickling them in holds a connection open for nothing (a slowloris).
   */
  headersTimeoutMs: 10_000,
  /** The whole request within 2 minutes: a 64 MiB import file at 0.6 MB/s; any other body is far faster. */
  requestTimeoutMs: 120_000,
  /** How often the server looks for connections past those two limits (Node's default is every 30 s). */
  connectionsCheckIntervalMs: 1_000,
  /** 16 KiB of headers, Node's default said out loud: a key and a few cookies are far below it. */
  headerBytesMax: 16 * 1024,
  /** An order of 100 distinct lines is a B2B pallet; past that a bulk import is the right tool. */
  orderLinesMax: 100,
  /** One line of 10,000 units is beyond any retail order and keeps totals far from 2^53. */
  lineQuantityMax: 10_000,
  /** The contract of `POST /v1/availability`: one storefront page of a catalogue at most. */
  availabilitySkusMax: 500,
  /** The contract of `POST /v1/prices`, as for availability: one storefront page. */
  storefrontPricesSkusMax: 500,
  /**
   * Rows of one `POST /v1/price-history/import`: a year of daily prices for 25 SKUs on two channels,
   * or a shop's catalogue at once, checked and written in one transaction. A file imports in one go
   * through the CLI, which has no such bound.
   */
  priceImportRowsMax: 20_000,
  /** Items of one sale: a soldes of a whole catalogue of mid-sized shop. */
  saleItemsMax: 10_000,
  /** Channels one sale applies on. */
  saleChannelsMax: 50,
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
  /**
   * Waiting order lines are looked at again this often for a purchase order gone past its date: a
   * late supplier shows in the operations room within the minute, and the query is cheap.
   */
  backorderReplanIntervalMs: 60_000,
  /** Lines of one purchase order or receipt: a supplier's whole range on one delivery. */
  purchaseOrderLinesMax: 1_000,
  /** Stock on hand per SKU and location; far above any warehouse bin, far below 2^53. */
  stockQuantityMax: 1_000_000_000,
  /** Idempotency keys as clients send them: a UUID or similar, never a document. */
  idempotencyKeyLengthMax: 255,
  /** Channels a location ships for, or a SKU is priced on: a shop sells on a handful, a marketplace hub on dozens. */
  channelsMax: 100,
  /** Codes (channel, location, SKU) are identifiers a person types; names are labels. */
  codeLengthMax: 64,
  /** A promo code is typed by a buyer: 40 characters is already more than anyone types by hand. */
  promoCodeLengthMax: 40,
  /** Codes one order may name: a storefront stacks two or three; past that it is a script probing. */
  promoCodesPerOrderMax: 5,
  /** Single-use codes one batch request makes: an advent door or a mailing's worth, answered as one CSV. */
  promoCodeBatchMax: 20_000,
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
   * Orders and holds committed in one transaction. Measured here (capture alone, two-line orders):
   * per order, SQLite 1,213 µs alone → 196 µs at 64 → 133 µs at 256 → 102 µs at 512 (a 52 ms
   * batch); PostgreSQL 12.6 ms → 448 µs → 256 µs → 276 µs. 256 is PostgreSQL's best and keeps a
   * batch near 35-65 ms; past it every order of the batch waits longer for little gain.
   */
  batchSizeMax: 256,
  /**
   * Order numbers each process's writer takes from the store's counter at once: at 2,000 orders a
   * second, a short transaction every half second instead of the counter's row locked through every
   * batch; a process that stops skips the rest of its block.
   */
  orderNumberBlockSize: 1_000,
  /** Commands waiting for the writer of one process; past it they are shed (503) at once. */
  intakeQueueLengthMax: 5_000,
  /** The wait in the intake queue we promise at most; an arrival that would wait longer is shed. */
  intakeQueueWaitBudgetMs: 200,
  /** Demo SKUs written per transaction: each is ~10 rows (SKU, search terms, prices and their history, event). */
  demoSkusPerTransactionMax: 250,
  /** Demo history steps per transaction: a step is 1 to 6 rows, so a transaction stays at a few hundred rows. */
  demoActionsPerTransactionMax: 300,
  /** Demo product codes have five digits (`AF-00001`): the catalog stops there. */
  demoProductsMax: 99_999,
  /** Longest history the demo plans: a year of orders is already ~72,000 of them. */
  demoHistoryDaysMax: 366,
  /** Each process reads the waiting room's state again this often: a switch flipped elsewhere applies within it. */
  roomStateCacheMs: 1_000,
  /** A place in the waiting room is kept this long: a visitor who leaves and comes back within it keeps it. */
  waitingTokenTtlS: 2 * 60 * 60,
  /** The fastest admission rate: beyond it the room admits everyone and only the intake's shedding protects. */
  admissionRatePerSMax: 100_000,
  /** Prepared SQLite statements kept per process: the hot path uses a few dozen texts; IN lists add more. */
  sqliteStatementCacheMax: 2_000,
  /** SKUs per coalesced availability query: far under both engines' bound-parameter limits. */
  availabilitySkusPerReadMax: 5_000,
  /** Bound parameters per statement: under SQLite's 32,766 and PostgreSQL's 65,535. */
  sqlParametersMax: 30_000,
  /**
   * PostgreSQL connections per process for transactions: the intake writer commits one batch at a
   * time; the rest serve receipts, cancels and the hold sweeper.
   */
  postgresWritePoolMax: 4,
  /** PostgreSQL connections per process for reads: coalesced reads need few; 2 processes use 24 in all. */
  postgresReadPoolMax: 8,
  /**
   * How long a request waits to open a PostgreSQL connection, or for a pooled one, before it is
   * answered 503 `store_unavailable`: a store that is down refuses at once, one unreachable must
   * not hang requests; a healthy pool hands a connection over in milliseconds even at a peak.
   */
  postgresConnectTimeoutMs: 5_000,
  /**
   * Retry-After of `store_unavailable` and `storage_full`: a PostgreSQL restart takes a few seconds;
   * sooner would only add retries to a store coming back up.
   */
  storeRetryAfterS: 2,
  /**
   * At most one log line per this span, per process, for what fails on a store away or full (the
   * requests, each sweeper): an outage at a peak must not flood the log it is diagnosed from.
   */
  storeFailureLogIntervalMs: 10_000,
  /**
   * The latency the door holds the requests it lets in to (the p90 of each window, orders and
   * storefront reads alike): the peak path promises p99 ≤ 100 ms to what it admits.
   */
  admissionLatencyTargetMs: 50,
  /** The door judges its limits this often: ten times a second follows a flood without chasing noise. */
  admissionWindowMs: 100,
  /**
   * Requests of one path in flight in one process at first: far above what a cold start or a burst
   * brings (so neither is shed), and brought down within a few windows by a flood.
   */
  admissionLimitInitial: 1_000,
  /** A path always lets this many in, so a flood never takes it to nothing. */
  admissionLimitMin: 16,
  /** The most a path's limit may grow to: the intake's queue bounds orders before it. */
  admissionLimitMax: 10_000,
  /**
   * The Retry-After of a request shed at the door: an overload passes in seconds, and most clients
   * do not wait anyway (the door is built for those that come straight back).
   */
  admissionRetryAfterS: 1,
  /**
   * Connections waiting to be accepted: at a flash sale's start thousands of buyers connect at once,
   * and a connection dropped from a full queue is retried by its client only after 1, 3, 7 s (Linux
   * caps it at net.core.somaxconn, 4,096 on current kernels). Node's default of 511 dropped them here.
   */
  listenBacklog: 4_096,
  /** The window rate limits count requests over. */
  rateLimitWindowMs: 60_000,
  /**
   * Requests per window from one client address without an API key (docs, health, refused keys
   * are cut before): a person or a monitor stays far below; a scanner does not.
   */
  rateLimitPerClientDefault: 600,
  /** Distinct keys and clients the limiter remembers per process, oldest forgotten first. */
  rateLimitEntriesMax: 10_000,
  /** Events per page of the outbox feed. */
  eventsPageMax: 1_000,
  /** Each process rewrites its row of the current minute this often: the live page moves every second. */
  figuresFlushIntervalMs: 1_000,
  /** Old figures are pruned this often: an hourly DELETE keeps the table at its retention. */
  figuresPruneIntervalMs: 60 * 60 * 1000,
  /** Figures are kept two weeks: a peak compared with the week before, and a little margin. */
  metricsRetentionDays: 14,
  /** Minutes one series answer may span: a day, 1,440 points, still one chart. */
  seriesMinutesMax: 24 * 60,
  /** The live page gets a new overview this often. */
  liveIntervalMs: 1_000,
  /** Overviews shared by every live page of a process within this age: ten walls cost one read. */
  overviewCacheMs: 1_000,
  /** Live streams one process serves at once: wall screens and a few laptops, not the public. */
  liveStreamsMax: 100,
  /**
   * The best sellers and stock-outs are read again at most this often: a join over the window's
   * order lines is the overview's dearest read, and best sellers change over minutes, not seconds.
   */
  sellersRefreshMs: 10_000,
  /** Best sellers are those of the last 15 minutes: "now" at a peak. */
  sellersWindowMinutes: 15,
  /**
   * At most the newest 5,000 orders of that window are read (about 10 ms on SQLite, which blocks
   * its process while it reads): at a peak's 2,400 orders a second the window holds 2 million,
   * and a sample of the last seconds says as well what sells and how fast. Reading the whole
   * window every 10 s, a bench's orders at a constant rate waited a second (p50) instead of 19 ms.
   */
  sellersOrdersMax: 5_000,
  /**
   * The shop's gauges (sold-out SKUs, live holds, the outbox backlog) are read this often: counting
   * sold-out SKUs scans the stock rows (9 ms for the demo's 26,000 on SQLite, which blocks the
   * process), too dear to repeat every second for a figure that moves slowly.
   */
  figuresGaugesIntervalMs: 5_000,
  /** Minutes of figures each alert evaluation reads: the longest baseline a rule may take, and its window. */
  alertSeriesMinutes: 120,
  /** SKUs shown per channel among the best sellers, and SKUs in the list of stock-outs to come. */
  topSkusPerChannelMax: 10,
  stockoutsListedMax: 10,
  /** Rules are evaluated this often in every process: a spike is seen within seconds. */
  alertEvaluationIntervalMs: 5_000,
  /** Evaluations in a row a condition must hold before its alert fires, and be clear before it resolves. */
  alertFireAfterEvaluations: 2,
  alertResolveAfterEvaluations: 3,
  /** Alert rules a shop may have: a contingency plan of dozens, not thousands evaluated every few seconds. */
  alertRulesMax: 200,
  /** Alert webhooks: a team's chat and an on-call pager or two. */
  alertWebhooksMax: 20,
  /** The contract's longest window of a rule: an hour; past it an alert comes too late to act on. */
  alertWindowMinutesMax: 60,
  /** The largest figure a threshold may name: far above any queue or backlog, far below 2^53. */
  alertFigureMax: 1_000_000_000,
  /** The largest ratio a spike or conversion rule may name: ×1,000 is already a different shop. */
  alertRatioMax: 1_000,
  /** Webhook URLs: a Slack or pager URL with its token is a few hundred characters. */
  webhookUrlLengthMax: 2_000,
  /**
   * A webhook delivery is tried this many times before it goes to the dead-letter list, waiting
   * 1 s, 2 s, 4 s… up to 15 min between attempts: about half an hour of an endpoint being down.
   */
  webhookAttemptsMax: 12,
  webhookBackoffMs: 1_000,
  webhookBackoffMaxMs: 15 * 60_000,
  /** Each attempt waits this long for an answer. */
  webhookTimeoutMs: 5_000,
  /** Every process looks for new events and due retries this often. */
  webhookPollMs: 100,
  /** Deliveries in flight at once per endpoint, each entity's one at a time. */
  webhookInFlightMax: 32,
  /** Deliveries in flight per endpoint while orders queue in the process: orders come first. */
  webhookInFlightWhileBusy: 4,
  /** Attempts ending within this long are written back in one transaction. */
  webhookRecordBatchMs: 10,
  /** Events turned into deliveries per transaction. */
  webhookEnqueueBatch: 500,
  /** After a failure, an endpoint is left alone at most this long (its delivery's own wait may be longer). */
  webhookCooldownMaxMs: 5_000,
  /** Attempts kept in a delivery's log. */
  webhookAttemptsLogged: 20,
  /** Delivered deliveries are kept a week, then forgotten; dead ones stay until replayed or the endpoint goes. */
  webhookDeliveriesKeptMs: 7 * 24 * 3_600_000,
  webhookPruneIntervalMs: 60_000,
  /** What a webhook's last error keeps of its answer: enough to recognise it, not a page of HTML. */
  webhookErrorLengthMax: 300,
  /** Each process looks for availability changes to push this often: the feeds' debounce. */
  feedPollMs: 250,
  /** Outbox events read per feed and round; a busier outbox is caught up over the next rounds. */
  feedEventsPerRound: 5_000,
  /** Figures per push: a full resync of 13,000 SKUs goes in 7 parts. */
  feedItemsPerPush: 2_000,
  /** Every feed is pushed in full this often, besides on demand and on resume. */
  feedResyncIntervalMs: 15 * 60_000,
  /** A failed push is tried again after 1 s, 2 s, 4 s… up to a minute: figures must not lag for long. */
  feedRetry: { attemptsMax: Number.POSITIVE_INFINITY, backoffMs: 1_000, backoffMaxMs: 60_000 },
  /** A feed's lag is kept per minute as long as the operations room's figures. */
  feedLagKeptMs: 14 * 24 * 3_600_000,
  /** Refused orders a pull's report lists one by one; the count says how many more. */
  pullRefusalsListedMax: 100,
  /** Order sources are looked at this often; each runs at its own interval. */
  pullPollMs: 1_000,
  /** Pages an endpoint is read per run: a backlog is caught up over the next runs. */
  pullPagesPerRun: 20,
  /** A request to a channel's endpoint waits this long. */
  pullTimeoutMs: 10_000,
  /** A file left in `processing/` this long belonged to a process that stopped: it is taken again. */
  pullStaleFileMs: 10 * 60_000,
  /** Order files larger than this are refused whole: 50 MB is hundreds of thousands of lines. */
  pullFileBytesMax: 64 * 1024 * 1024,
  /** The NATS relay publishes this many events per round, and looks for new ones this often. */
  natsRelayBatch: 500,
  natsRelayPollMs: 100,
  /** A relay that could not reach NATS tries again after this long. */
  natsReconnectMs: 5_000,
  /** JetStream drops a second publication of an event within this window: a relay's restart is well inside it. */
  natsDuplicateWindowMs: 10 * 60_000,
  /** Subscriptions a shop may have: a few channels and tools, not thousands posted for every event. */
  webhooksMax: 50,
  /** Event types or patterns one subscription names. */
  webhookEventTypesMax: 50,
  /** A runbook is a page or two of Markdown. */
  runbookLengthMax: 20_000,
  /** A timeline entry or a closing summary is a paragraph, not a report. */
  incidentTextLengthMax: 5_000,
  /** Each process reads the switches again this often: a switch flipped elsewhere applies within it. */
  switchesCacheMs: 1_000,
  /**
   * The Retry-After of a request refused by a switch (read-only, a paused channel): a person flips
   * it back after minutes, so clients come back every half minute rather than in a storm.
   */
  switchRetryAfterS: 30,
  /**
   * A provider event signed more than 5 minutes from now is refused: Stripe's and the Standard
   * Webhooks scheme's own default, enough for clock skew and a retry, too short to replay a capture.
   */
  webhookToleranceSeconds: 300,
  /** A provider's event, as Stripe sends one: a few kilobytes; a body past this is not an event. */
  webhookBodyBytesMax: 256 * 1024,
  /** Provider references and event ids: Stripe's are under 100 characters. */
  pspReferenceLengthMax: 255,
  /** Signing secrets: Stripe's `whsec_…` and Standard Webhooks' are well under 100 characters. */
  webhookSecretLengthMax: 500,
  /** Unpaid orders are looked for this often: an order leaves within seconds of its timeout. */
  paymentTimeoutSweepIntervalMs: 10_000,
  /** Orders cancelled per sweep transaction, to keep each short while a backlog drains. */
  paymentTimeoutBatchMax: 100,
  /** A payment timeout of a week at most: past it an unpaid order is a bank transfer, not abandoned. */
  paymentTimeoutMinutesMax: 7 * 24 * 60,
  /** Boxes and envelopes a warehouse keeps: a dozen is usual; 200 is every size a shop could stock. */
  packagingsMax: 200,
  /**
   * Zone rules per location: one per French département (about 100) or postal area of a few
   * countries; past 1,000 a location's table is a postcode list, not zones.
   */
  zonesPerLocationMax: 1_000,
  /** A scanned code: GTINs, tracking numbers and ids are under 50 characters; 100 leaves room. */
  scanLengthMax: 100,
  /** Parcels in exception, and orders short of stock, the operations room names: the newest 10; the count says how many more. */
  exceptionsListedMax: 10,
  /**
   * Order lines sold beyond stock and now late that the operations room names: the 10 that have
   * waited longest, the first customers to tell; the count says how many more.
   */
  delayedLinesListedMax: 10,
  /** Parcels on one pick list: a picker's trolley holds a few dozen orders. */
  pickListShipmentsMax: 200,
  /** A delivery promise of 30 working days at most: past it checkout promises nothing worth keeping. */
  deliveryDaysMax: 30,
  /** The payment failure rate is measured over the last 15 minutes: minutes enough to mean something. */
  paymentFailureWindowMinutes: 15,
  /**
   * Rows of one carriers import (both files): a card is a few dozen weight bands per zone, so a dozen
   * services over 20 zones with a few years of cards stays far below; the whole import is checked in
   * memory and written in one transaction that replaces every card.
   */
  carrierImportRowsMax: 10_000,
  /** A weight limit or band of a carrier: a tonne is past any parcel or pallet service; more is a unit slip. */
  carrierWeightGMax: 1_000_000,
  /**
   * A length or size limit of a carrier: the widest rule seen (length plus girth) is 300 to 400 cm;
   * 1,000 cm leaves room and refuses millimetres typed as centimetres.
   */
  carrierSizeCmMax: 1_000,
  /** A source URL or a note on a carrier's row: a link or a paragraph saying where a figure comes from. */
  carrierTextLengthMax: 2_000,
  /**
   * Orders one shipping-savings report reads (`GET /v1/fulfilment/savings`): 90 days of a mid-size
   * shop are ~18,000, a Christmas quarter of a larger one a few times that. An order costs ~0.15 ms
   * (the demo's 17,318 in about 3 s here), so the largest report answers in ~15 s; a longer period
   * is refused with its count, to be asked in parts.
   */
  savingsOrdersMax: 100_000,
  /**
   * Orders the report reads and assesses between two turns of the event loop: ~30 ms of work, the
   * longest other requests wait for it; their lines and SKUs come in one query each.
   */
  savingsOrdersPageMax: 200,
  /** SKUs without a size or weight the report names, the most frequent first: a to-do list, not an export. */
  savingsUnmeasuredSkusShownMax: 20,
  /**
   * Orders the planner reads from the store per page: each page is two queries (orders, then their
   * lines); a year of a busy shop, a few hundred thousand orders, is read in a few seconds.
   */
  plannerOrdersPageMax: 2_000,
  /** Top sellers one plan forecasts: each is a few model fits, about 20 ms; 200 take seconds. */
  plannerSkusMax: 200,
  /**
   * Rows of one bulk import (catalogue, stock counts, buffers): a catalogue of 250,000 SKUs, or the
   * stock of 13,000 SKUs in 19 locations. Every row is checked before any is written, so the rows
   * are held in memory (~100 MB at most) and written in one transaction (~40 s at this size on SQLite,
   * at the pace of the 13,000-SKU bench).
   */
  importRowsMax: 250_000,
  /** A file sent to `POST /v1/imports`: 250,000 catalogue rows with long names and a few prices are ~60 MB. */
  importBodyBytesMax: 64 * 1024 * 1024,
  /** A line of an import file: a name, a size and prices on 100 channels fit in 4 KB; past 64 KB it is not a row. */
  importLineCharsMax: 64 * 1024,
  /** Errors an import's report lists one by one; the count says how many more (a wrong file errs on every row). */
  importErrorsListedMax: 1_000,
  /** Rows checked, then written, per step of an import: progress between steps, statements far under the parameter limits. */
  importStepRowsMax: 1_000,
  /** Imports running at once in one process: each holds its rows in memory, and on SQLite they take turns anyway. */
  importJobsRunningMax: 2,
  /** A running job's row is written again at most this often while it reads: its progress seen from any process. */
  importProgressWriteIntervalMs: 1_000,
  /**
   * A job still `running` whose row has not moved for this long stopped with its process: longer than
   * the largest import's one write transaction, during which its row is not written.
   */
  importJobStaleMs: 10 * 60 * 1000,
  /** Customer segments a shop may have: a marketing team's dozens, each counted over every customer on demand. */
  segmentsMax: 200,
  /** Conditions of one segment: one of each kind and a few spends fit; more is a query, not a segment. */
  segmentConditionsMax: 10,
  /** "Ordered within" looks back ten years at most: past it the history says nothing about today. */
  segmentWithinDaysMax: 3_650,
  /** Product selections a shop may have: a banner or tab per page and campaign, not one per product. */
  selectionsMax: 500,
  /** Entries of one selection: one per segment a campaign speaks to, and the default. */
  selectionEntriesMax: 20,
  /** SKUs one selection answers or lists: a banner shows a dozen, a tab a few screens; 100 keeps the read small. */
  selectionSkusMax: 100,
  /** SKUs a rule answers when it names no limit: a banner's row or two. */
  selectionSkusDefault: 12,
  /** A best-sellers period of a year at most: longer ranks what sold in another season. */
  selectionDaysMax: 366,
  /**
   * Candidates a rule reads per round, and rounds per read: a banner read stays at a few queries
   * even when many candidates are sold out, and looks at 1,000 SKUs at most (past them, a rule
   * needs a narrower category).
   */
  selectionCandidatesPerRead: 200,
  selectionCandidateReadsMax: 5,
  /**
   * A best-sellers ranking is read again at most this often per process: it sums a period's order
   * lines, the dearest read of a banner, and moves over minutes; stock and prices are read every time.
   */
  selectionRankingKeptMs: 10_000,
  /** Rankings (channel, period, category) kept per process; all forgotten past it, so memory stays bounded. */
  selectionRankingsKeptMax: 100,
  /**
   * Items of one campaign: a banner per site, a mailing per segment and a few posts, over a handful
   * of sites and segments, stay far below; past it, it is several campaigns.
   */
  campaignItemsMax: 100,
  /** SKUs one item promotes or announces a price for: a mailing shows a dozen, a selection page a few screens. */
  campaignItemSkusMax: 200,
  /** An item's payload (JSON): the tool's template id, subject, text and image links; the content itself lives in the tool. */
  campaignPayloadBytesMax: 64 * 1024,
  /** The calendar and its conflicts are read a year at most at a time: the longest plan a team looks at. */
  campaignWindowDaysMax: 366,
  /** Campaigns one calendar read answers: a year of a busy shop's campaigns; past it the answer says it was cut. */
  campaignsPerWindowMax: 500,
  /** Conflicts one read lists; the count says how many more (a crowded plan conflicts pairwise). */
  campaignConflictsListedMax: 200,
  /** The sales rate a promoted SKU is judged by: a week holds both weekdays and a weekend, and little of last month. */
  campaignSalesRateDays: 7,
  /** Campaign items due are looked for this often: an item goes out within a second of its start. */
  campaignSweepIntervalMs: 1_000,
  /** Items published or ended per sweep: each is its own short transaction, and a backlog drains over a few sweeps. */
  campaignSweepBatchMax: 100,
  /** Days of an advent calendar: the 24 of December, or a month of doors at most. */
  adventDaysMax: 31,
  /** Winners of one draw door: a prize for many is a promo-code door. */
  adventWinnersMax: 10_000,
  /** A day's plays answered per page of `GET /v1/advent/{season}/days/{day}/plays`. */
  adventPlaysPageMax: 1_000,
  /** Advent calendars a shop keeps: one a season, over many years. */
  adventCalendarsMax: 100,
  /** A channel's return window when it sets none: the EU's 14 days of withdrawal (Directive 2011/83/EU, art. 9). */
  returnWindowDaysDefault: 14,
  /** The longest return window a channel may set: a year covers every "returns until January" offer. */
  returnWindowDaysMax: 365,
  /** Days a customer has to send the goods back once the return is authorised: the EU's 14 (art. 14). */
  returnSendBackDays: 14,
  /** Returns of one order: a parcel back per shipment or per change of mind stays far below; past it, it is abuse. */
  returnsPerOrderMax: 50,
  /** A return line's free-text note, and a damaged unit's reason: a few sentences, not a letter. */
  returnNoteLengthMax: 1_000,
  /** Weeks of one returns report: a year of weeks, each one bucket of the report's queries. */
  returnsReportWeeksMax: 53,
  /** The default returns report: a quarter of weeks, long enough to see the weeks after a peak. */
  returnsReportWeeksDefault: 13,
  /** SKUs a returns report lists, most returned first; the count says how many more had returns. */
  returnsReportSkusMax: 100,
  /** Weeks of returns the operations room shows: the peak and the weeks after it. */
  returnsRoomWeeks: 8,
  /** SKUs and reasons the operations room names: what a wall shows at a glance; the report has the rest. */
  returnsRoomTopMax: 5,
  /**
   * The operations room reads returns again at most this often: the weeks' deliveries are a scan of
   * their order lines, and a week's rate moves over hours, not seconds.
   */
  returnsRoomRefreshMs: 60_000,
  /**
   * A customer contact's topic: a help desk's subject line or tag, never the customer's message,
   * which stays in the help desk (the room needs what contacts are about, not what people wrote).
   */
  contactTopicLengthMax: 200,
  /** Topics of the last hour the operations room names, most frequent first: what a wall shows at a glance. */
  contactsRoomTopicsMax: 5,
  /**
   * The longest period a contact rate is counted over: a year and a month, so last year's peak
   * season is counted whole; both counts are index range scans, a second at most on a large shop.
   */
  contactRatePeriodDaysMax: 400,
} as const;

/** Every maximum of the rehearsal (load, audit, report), with why: a rehearsal is bounded in count and time. */
export const rehearsalLimits = {
  /** One scenario may not plan more arrivals than this: 10 million is hours at a peak's rate, still bounded. */
  arrivalsMax: 10_000_000,
  /** A scenario lasts at most a day: a soak longer than that is a different tool. */
  durationSecondsMax: 24 * 60 * 60,
  /** Arrival rate of one step: past 100 k/s one Node process cannot send on time, whatever the server. */
  ratePerSecondMax: 100_000,
  /** Steps of a scenario: a ramp of a few dozen steps is plenty to find the knee. */
  stepsMax: 200,
  /** Connections of the pool: enough for an open model at peak rate, far below the fd limit. */
  connectionsMax: 1_024,
  /**
   * Requests in flight at once. Past it the driver drops arrivals (counted and reported) instead of
   * queueing them: a queue in the load generator would hide the server's latency.
   */
  inFlightMax: 20_000,
  /** SKUs a scenario creates: thousands like a real catalogue, bounded so set-up stays under a minute. */
  skusMax: 20_000,
  /** Locations of the rehearsal shop. */
  locationsMax: 10,
  /** Requests of the set-up and of the audit sent at once: quick, without flooding the server. */
  setupConcurrency: 32,
  /** Retries of a shed request (503/429), honouring Retry-After each time. */
  shedRetriesMax: 5,
  /** A Retry-After longer than this is capped: the rehearsal must end in bounded time. */
  retryAfterMsMax: 10_000,
  /** Retries of an order whose answer never came (client timeout or lost answer), with the same key. */
  timeoutRetriesMax: 3,
  /** After the last arrival, answers and follow-ups (cancel, release, order from a hold) get this long. */
  drainMsMax: 30_000,
  /** After the load, the other channel's feed gets this long to bring every order's figures. */
  feedCatchUpMsMax: 15_000,
  /** The channel lag a rehearsal is held to, at p99: a channel seconds behind sells what is gone. */
  channelLagP99TargetMs: 2_000,
  /** Orders the audit reads one by one (GET /v1/orders/{id}); past it, the listing alone is checked. */
  auditOrderReadsMax: 100_000,
  /** Pages of the order listing the audit reads (1,000 orders each): 1 million orders. */
  auditListingPagesMax: 1_000,
  /** Points of the time series in the report and chart: one per second up to this, then wider buckets. */
  timelinePointsMax: 600,
  /** Highest latency a histogram records: one hour in microseconds (a request never waits longer). */
  latencyMicrosMax: 3_600_000_000,
  /** Breaches listed one by one per audit check; the count says how many more there were. */
  breachesListedMax: 50,
} as const;
