/**
 * The contingency plan a new shop starts with: thirteen alert rules, each with its runbook in Markdown
 * (what the alert means at a peak, what to check, which switch to flip). Written once, on the
 * shop's first start; from then on the rules are the shop's to change or delete.
 */

import { type AppContext, inTransaction } from '../../platform/context.js';
import { ok } from '../../platform/core/errors.js';
import type { Repos } from '../../platform/store/store.js';
import { type AlertRuleInput, validateRule } from '../core/alerts.js';

/** Remembered in `settings`: a shop that deleted a default rule must not get it back at its next start. */
const seededKey = 'alert_rules_seeded';

const openIncident = `Open an incident from the alert (\`POST /v1/incidents {"alert_id": "…", "title": "…", "severity": "sev2"}\`) and name an owner: every switch you flip while it is open goes on its timeline.`;

export const defaultAlertRules: readonly (AlertRuleInput & { readonly id: string })[] = [
  {
    id: 'checkout-slow',
    name: 'Checkout is slow',
    severity: 'critical',
    enabled: true,
    condition: {
      kind: 'threshold',
      metric: 'latency_p99_ms',
      op: 'above',
      value: 500,
      resolve_value: 300,
      window_minutes: 1,
    },
    runbook: `## Checkout is slow (p99 above 500 ms)

**What it means at a peak.** One request in a hundred waits more than half a second. Buyers notice
past a second and leave; a storefront that retries on timeouts doubles the load. The usual causes are
more traffic than the servers hold, a slow database (locks, a long query, a backup), or a SKU so hot
that every order queues on its stock row.

**Check, in this order.**
1. \`GET /v1/ops/overview\`: is \`requests_per_s\` far above the same hour last week? Is
   \`intake_queue_length\` growing? Then it is load, go to *Act*.
2. \`GET /v1/ops/series\`: did latency rise with traffic (load) or alone (the database)? Alone: look
   at the database server (CPU, I/O, locks, a running backup or migration).
3. \`top_skus\` in the overview: one SKU with most of the orders is a flash sale on one row.

**Act.**
- Open the waiting room at a rate the shop held in its rehearsal:
  \`PUT /v1/waiting-room {"enabled": true, "admission_rate_per_s": 200, "reason": "p99 above 500 ms"}\`.
  Lower the rate by a quarter every few minutes until p99 is back under 300 ms.
- On PostgreSQL, add serving processes (\`affluence serve --workers N\`, or another host behind the
  load balancer): they share the database safely.
- If one channel brings the load (a marketplace syncing hard), stop its orders for a while:
  \`PUT /v1/switches/channels/{code} {"orders_stopped": true, "reason": "…"}\`.

${openIncident}

**When it is over.** Raise the admission rate step by step, then close the room
(\`{"enabled": false}\`). Note the rate that held in the incident's summary: it is next peak's plan.`,
  },
  {
    id: 'errors-high',
    name: 'Requests are failing',
    severity: 'critical',
    enabled: true,
    condition: {
      kind: 'threshold',
      metric: 'error_rate',
      op: 'above',
      value: 0.02,
      resolve_value: 0.005,
      window_minutes: 2,
    },
    runbook: `## Requests are failing (errors above 2 %)

**What it means at a peak.** More than one request in fifty gets a 5xx other than shedding: something
is broken, not merely busy. Orders already answered \`201\` are safe; the failing ones never were
taken, and their buyers are retrying or leaving.

**Check.**
1. The server logs (\`request failed\` lines): one error repeated points at its cause.
2. The database: is it reachable, is its disk full, did it fail over? A failover shows as a burst of
   errors and then recovery.
3. Did something change? A deployment, a migration, a new price list, a fault-injection drill left on
   (\`GET /v1/switches\`).

**Act.**
- If the database is failing over or cannot take writes, switch to read-only so that buyers get a
  clear answer instead of errors, and the catalogue and availability stay readable:
  \`PUT /v1/switches/read-only {"on": true, "reason": "database failover"}\`.
- If one channel's orders fail (a malformed feed), stop that channel only:
  \`PUT /v1/switches/channels/{code} {"orders_stopped": true, "reason": "…"}\`.
- A deployment that went wrong: roll it back first, investigate after.

${openIncident}

**When it is over.** Switch read-only off (\`{"on": false, "reason": "…"}\`), restart a stopped channel,
and check \`GET /v1/orders\` for the last minutes: every acknowledged order is there.`,
  },
  {
    id: 'refusals-high',
    name: 'Buyers are being turned away',
    severity: 'warning',
    enabled: true,
    condition: {
      kind: 'threshold',
      metric: 'refusal_rate',
      op: 'above',
      value: 0.1,
      resolve_value: 0.05,
      window_minutes: 2,
    },
    runbook: `## Buyers are being turned away (refusals above 10 %)

**What it means at a peak.** One request in ten is answered 429 or 503: the intake sheds orders
(\`overloaded\`), rate limits bite (\`rate_limited\`), the waiting room queues visitors, or a switch
refuses (\`read_only\`, \`channel_paused\`). Shedding is the system protecting itself, by design; but
every shed order is a buyer who has to try again.

**Check.**
1. \`GET /v1/switches\`: is a switch on that nobody meant to leave on? Read-only mode or a stopped
   channel refuses every order it sees.
2. \`GET /v1/waiting-room\`: open with a low \`admission_rate_per_s\`? Then the refusals are the room
   doing its job; check that the rate is not lower than what the servers hold.
3. \`intake_queue_length\` in the overview: near its maximum means the intake sheds.

**Act.**
- Shedding without a waiting room: open it, so that buyers wait their turn in order instead of
  retrying at random: \`PUT /v1/waiting-room {"enabled": true, "admission_rate_per_s": 200, "reason": "…"}\`.
  With \`"auto_enable": true\` it opens itself the next time the intake sheds.
- A room with a rate far below what p99 allows: raise the rate a quarter at a time.
- On PostgreSQL, more serving processes raise what the shop holds.

${openIncident}`,
  },
  {
    id: 'traffic-spike',
    name: 'Traffic spike',
    severity: 'warning',
    enabled: true,
    condition: { kind: 'spike', ratio: 3, window_minutes: 5, baseline_minutes: 30, min_requests_per_s: 5 },
    runbook: `## Traffic spike (×3 in 5 minutes against the 30 before)

**What it means at a peak.** Requests per second tripled within minutes: a newsletter or a TV spot,
an influencer, the start of a flash sale — or bots (scalpers, a scraper, an attack). A frenzy is
good news the servers must survive; an attack must not take the buyers' place.

**Check.**
1. \`GET /v1/ops/overview\`: do \`orders_per_min\` rise with the traffic? Frenzy. Traffic up and orders
   flat, with availability reads exploding: scraping or bots.
2. \`latency_p99_ms\` and \`refusal_rate\`: is the shop still holding?
3. The marketing calendar: was something planned that nobody told the team about?

**Act.**
- A frenzy the servers struggle with: open the waiting room before latency goes
  (\`PUT /v1/waiting-room {"enabled": true, "admission_rate_per_s": 200, "reason": "traffic spike"}\`).
- Bots: rate-limit per client at the load balancer or CDN; Affluence's per-key budget
  (\`--rate-limit-per-key\`) caps a storefront key that went wild.
- If a hot SKU sells faster than stock can be trusted on a marketplace, freeze that channel's
  availability so that it is not shown more than it had:
  \`PUT /v1/switches/channels/{code} {"availability_frozen": true, "reason": "…"}\`.

The alert resolves on its own once the traffic settles or becomes the new normal.`,
  },
  {
    id: 'conversion-drop',
    name: 'Conversion dropped',
    severity: 'critical',
    enabled: true,
    condition: {
      kind: 'conversion_drop',
      drop_ratio: 0.5,
      traffic_ratio: 0.8,
      window_minutes: 10,
      baseline_minutes: 60,
      min_requests_per_s: 2,
    },
    runbook: `## Conversion dropped (orders per request halved while traffic holds)

**What it means at a peak.** Buyers keep coming but far fewer orders go through. The servers may look
healthy: the break is often outside them — the payment provider, the storefront's checkout page, a
promo code that fails, prices that went wrong, or every best seller out of stock.

**Check.**
1. Place a test order through the storefront, end to end, as a buyer would.
2. The payment provider's status page; the storefront's error tracking.
3. \`refusal_rate\` and \`error_rate\`: orders refused by the API point at Affluence (a stopped channel,
   \`GET /v1/switches\`); none refused points at the storefront or payment.
4. \`stockouts\` and \`top_skus\` in the overview: the products people came for may be gone.

**Act.**
- A stopped channel or read-only mode left on: switch it back.
- Payment down: put a banner on the storefront; orders taken now can be paid later if the storefront
  supports it. Do not stop the channel, buyers would lose their baskets.
- Prices or a promo gone wrong on a channel: stop its orders while you fix them, orders at a wrong
  price are worse than none: \`PUT /v1/switches/channels/{code} {"orders_stopped": true, "reason": "…"}\`.

${openIncident}`,
  },
  {
    id: 'sale-running-with-failing-check',
    name: 'A sale runs with a failing check',
    severity: 'warning',
    enabled: true,
    condition: { kind: 'sale_check_failed' },
    runbook: `## A sale runs with a failing check

**What it means at a peak.** A sale has started whose check, made when it was scheduled, found
problems: a reduction announced from a price that is not the lowest of the 30 days before it (a
price raised before the sale), a sale price that is no reduction, or for the soldes a SKU not held
for a month. The storefronts show the lawful reference price whatever the check says; what is at
risk is what the shop itself announces (banners, emails, marketplaces' "-30 %").

**Check.**
1. \`GET /v1/sales\` and the Sales page: which sale, and its problems.
2. \`GET /v1/sales/{id}/compliance\`: for each SKU, the reference price, what it rests on, and what a
   naive "price just before the sale" would have announced.

**Act.**
- A reduction announced from a raised price: correct the announcement to the reduction the
  compliance report shows, or end the sale: \`POST /v1/sales/{id}/end {"reason": "…"}\`.
- Orders at a wrong price on one channel while you fix it: stop its orders,
  \`PUT /v1/switches/channels/{code} {"orders_stopped": true, "reason": "…"}\`.

${openIncident}`,
  },
  {
    id: 'payment-failures-high',
    name: 'Payments are failing',
    severity: 'critical',
    enabled: true,
    condition: {
      kind: 'payment_failures',
      rate: 0.2,
      resolve_rate: 0.1,
      window_minutes: 15,
      min_attempts: 20,
    },
    runbook: `## Payments are failing (more than 20 % of attempts in 15 minutes)

**What it means at a peak.** More than one payment attempt in five fails (declined, errored, timed
out at the provider). A few percent of declined cards is normal; a fifth is a provider incident, a
3-D Secure step that breaks, or a fraud rule that went too strict. Orders stay \`placed\` and hold
their stock until they are paid or their channel's payment timeout cancels them.

**Check.**
1. \`GET /v1/ops/overview\`: \`payments\` gives failures and attempts over the last 15 minutes.
2. The payment provider's status page and dashboard: an incident, a rise of one decline code
   (\`do_not_honor\`, \`authentication_required\`), one card network or one country.
3. The storefront's checkout: a release today? Place a test order and pay it end to end.
4. \`GET /v1/orders/{id}/payments\` for a few failed orders: the same card brand or amount?

**Act.**
- A provider incident: if the storefront can switch provider or offer another method, do it;
  otherwise put a banner up and keep orders: unpaid ones return their stock at the channel's
  timeout (\`PUT /v1/channels/{code}\` with \`payment_timeout_minutes\`), so lengthen it for the
  incident rather than lose baskets to it.
- A marketplace or channel whose payments all fail: stop its orders while it is fixed,
  \`PUT /v1/switches/channels/{code} {"orders_stopped": true, "reason": "…"}\`.
- Too many buyers at once for the provider's rate limits: open the waiting room,
  \`PUT /v1/waiting-room {"enabled": true, "admission_rate_per_s": 200, "reason": "payments failing"}\`.

${openIncident}`,
  },
  {
    id: 'promo-code-leaked',
    name: 'A promo code is broken or leaked',
    severity: 'warning',
    enabled: true,
    condition: {
      kind: 'promo_code_surge',
      ratio: 5,
      window_minutes: 5,
      baseline_minutes: 60,
      min_uses_per_minute: 10,
    },
    runbook: `## A promo code is broken or leaked (its use jumped ×5 in 5 minutes)

**What it means at a peak.** One code is suddenly used far more than before: it was posted on a
coupon site or a forum, a single-use batch was shared, or a code was made wrong (a percentage where
an amount was meant, no end date, no usage limit). Every order with it sells at a discount the shop
did not plan; at a peak it can cost a day's margin in an hour.

**Check.**
1. The alert names the code. \`GET /v1/promo-codes/{code}\`: its terms, its uses and what is left.
   A wrong value or channel, a missing limit or end: it is broken. Sound terms: it has leaked.
2. The marketing calendar: did a mailing or a post with this code go out in the last minutes?
   Then the jump is the campaign working: resolve the alert and watch the usage limit.
3. \`GET /v1/orders?q=…\` for the last orders: many new customers, or one customer under many
   spellings of one email (the per-customer limit already counts \`ann+1@\` as \`ann@\`)?

**Act.**
- Stop it at once, in every process, with the kill switch (the Promotions page has the button):
  \`POST /v1/promo-codes/{code}/disable {"reason": "posted on a coupon site"}\`. Orders already
  accepted keep their discount; the next ones are refused \`promo_code_inactive\`, so the storefront
  can tell the buyer. For a leaked batch of single-use codes, disable its template: all go at once.
- A broken code: disable it, create the right one under a new name, and tell the customers it was
  meant for.
- Orders already taken at a wrong discount are the shop's to honour or to cancel with the customer;
  a cancelled order gives its use back.

${openIncident}`,
  },
  {
    id: 'backorders-delayed',
    name: 'Orders sold beyond stock are late',
    severity: 'warning',
    enabled: true,
    condition: { kind: 'backorders_delayed', min_lines: 1 },
    runbook: `## Orders sold beyond stock are late (a purchase order late or closed short)

**What it means after a peak.** Orders were taken beyond stock, each waiting line promised the date
its purchase order was expected. That purchase order is now past its date with units still to come,
or it was closed short: the lines it no longer serves by their promise were dated again against what
else is incoming, or left without a date when nothing covers them. After a peak this is the usual
trouble: suppliers are slow with everyone's reorders at once, and a customer who hears nothing asks
for a refund, or for a chargeback.

**Check.**
1. \`GET /v1/backorders?delayed=true\`: each late line with its order, SKU and units, the date
   promised and the date now expected (\`null\`: nothing incoming covers it). The live page's
   "Sold beyond stock" panel shows the first of them; the Incoming page has them all.
2. \`GET /v1/purchase-orders?status=open\`: those marked \`late\` are past their date with units still
   to come; \`?status=closed\` lists those closed short (\`received\` below \`ordered\`). Which supplier,
   and has it given a new date?
3. \`GET /v1/stock/{sku}\` for each SKU: stock at another location, another purchase order on its way.

**Act.**
- The supplier gives a new date: reschedule its purchase order,
  \`PATCH /v1/purchase-orders/{id} {"expected_on": "…"}\`. The waiting lines are dated again at
  once; those it now serves by their promise are no longer late.
- Tell each customer, with the new date, before they ask: the order's \`order.backorder_delayed\`
  event carries it, for a webhook that writes to them.
- Offer cancellation: \`POST /v1/orders/{id}/cancel\` gives the waiting units back; refund what was
  paid.
- Find stock elsewhere: another supplier's purchase order (\`POST /v1/purchase-orders\`) delivered
  where the channel ships from; its receipt serves the waiting lines first come, first served.
- While no date can be kept, stop selling beyond stock: pause the terms, the units already waiting
  still waiting and served as stock arrives:
  \`PUT /v1/backorder-terms/{sku}/{channel} {"mode": "backorder", "limit": …, "paused": true}\`.

${openIncident}

**When it is over.** The alert resolves once no waiting line is late: served, cancelled, or dated
within its promise again.`,
  },
  {
    id: 'contacts-spike',
    name: 'Customer contacts are spiking',
    severity: 'warning',
    enabled: true,
    condition: {
      kind: 'contacts_spike',
      ratio: 3,
      window_minutes: 15,
      baseline_minutes: 60,
      min_contacts: 10,
    },
    runbook: `## Customer contacts are spiking (×3 in 15 minutes against the hour before)

**What it means at a peak.** Customers call, write, chat and post about the shop three times as
often as an hour ago. Something they all meet went wrong, and they say so before any figure moves:
most often a delivery (a carrier losing or holding parcels, a warehouse behind, dates promised and
missed), then a payment page failing, a promo code or a price that does not do what the mailing
said, or the site itself. Every contact is a customer about to cancel, to ask for a refund, or to
post it for everyone to see.

**Check, in this order.**
1. What the topics say: the live page's "Customer contacts" panel lists the topics of the last hour,
   the most frequent first, and the channel they come by; \`GET /v1/contacts?from=…\` lists the
   contacts themselves, newest first, with the order each is about.
2. Deliveries, where a problem shows here first: in \`GET /v1/ops/overview\`, \`fulfilment\`'s parcels
   in exception (lost, damaged, refused) and the paid orders not yet shipped by age, and
   \`backorders.delayed_lines\`; for the orders the contacts name, \`GET /v1/orders/{id}/shipments\`:
   one carrier's service, one location, parcels stuck at \`handed_over\`?
3. The orders' statuses: \`GET /v1/orders/{id}\` and \`…/events\` for the orders named; many still
   \`placed\` (payments failing: \`payments.failure_rate\` in the overview), \`cancelled\` by the payment
   timeout, or short of stock?
4. The other alerts firing: payments failing, a promo code leaked, checkout slow or failing say
   which part broke.

**Act.**
- A carrier failing: tell the customers waiting on it before they ask (a webhook on
  \`shipment.*\` events, a mailing), with a new date. So that the next shipments choose another
  service, import the carriers' cards again without its services (\`POST /v1/carriers/import\`,
  with \`dry_run\` first).
- Orders a channel can no longer deliver as promised: stop taking them there until it is fixed,
  \`PUT /v1/switches/channels/{code} {"orders_stopped": true, "reason": "carrier down"}\`.
- A promo code or price the topics name: see the runbook of "A promo code is broken or leaked",
  \`POST /v1/promo-codes/{code}/disable {"reason": "…"}\`.
- Give the help desk one answer for all: a notice on the storefront and a post on the social
  accounts says it faster than a thousand replies.

${openIncident}

**When it is over.** The alert resolves once contacts are back under three times the rate of the
hour before it. Note what the topics were in the incident's summary: the next peak's plan checks it
first.`,
  },
  {
    id: 'top-seller-sold-out',
    name: 'A best seller sold out',
    severity: 'warning',
    enabled: true,
    condition: { kind: 'top_sku_out', top_n: 10 },
    runbook: `## A best seller sold out (one of the top 10 of the last 15 minutes)

**What it means at a peak.** A SKU that brought many of the last 15 minutes' orders has nothing left to
promise on a channel. Sales of it stop — which is right, Affluence never oversells — but buyers still
land on its page, and marketplaces may keep listing it until their next sync.

**Check.**
1. \`GET /v1/stock/{sku}\`: is there stock at another location that does not ship for this channel,
   or reserved by holds that will expire (\`holds_active\`)?
2. A receipt expected today? A channel buffer (\`PUT /v1/channels/{code}/buffers/{sku}\`) holding
   units back from this channel that could be released?
3. \`stockouts\` in the overview: which sellers are next, and in how many minutes.

**Act.**
- Move or receive stock if you have it (\`POST /v1/stock/receipts\`); availability follows at once.
- Tell marketing: pull the product from the newsletter, the homepage and paid ads now.
- A marketplace that keeps selling past zero: freeze the channel's availability so that what it is
  shown never grows back by mistake:
  \`PUT /v1/switches/channels/{code} {"availability_frozen": true, "reason": "…"}\`.`,
  },
  {
    id: 'outbox-backlog',
    name: 'Events are piling up',
    severity: 'warning',
    enabled: true,
    condition: {
      kind: 'threshold',
      metric: 'outbox_backlog',
      op: 'above',
      value: 10_000,
      resolve_value: 1_000,
      window_minutes: 1,
    },
    runbook: `## Events are piling up (outbox backlog above 10,000)

**What it means at a peak.** The slowest consumer of the outbox (the ERP sync, the warehouse feed,
a marketplace connector) is more than 10,000 events behind. Orders are safe and counted, but the
warehouse may not see them to pack, and channels may show availability that is minutes old.

**Check.**
1. \`GET /v1/events/cursors\`: which consumer lags, and since when (\`updated_at\`)? A cursor that
   stopped moving is a consumer that died; one that moves slowly is one that cannot keep up.
2. The consumer's own logs and the system it writes to.

**Act.**
- Restart a dead consumer; it resumes from its cursor, nothing is lost.
- A consumer that cannot keep up: give it bigger pages (\`GET /v1/events?after=…&limit=1000\`) or
  run it closer to the database.
- If channels are oversold because their availability is stale, freeze the worst one's
  availability until the feed catches up:
  \`PUT /v1/switches/channels/{code} {"availability_frozen": true, "reason": "…"}\`.
- A consumer retired for good still holds the backlog: move its cursor to the last event
  (\`PUT /v1/events/cursors/{name} {"position": …}\`).`,
  },
  {
    id: 'intake-queue-long',
    name: 'Orders are queueing',
    severity: 'warning',
    enabled: true,
    condition: {
      kind: 'threshold',
      metric: 'intake_queue_length',
      op: 'above',
      value: 2_000,
      resolve_value: 500,
      window_minutes: 1,
    },
    runbook: `## Orders are queueing (intake queue above 2,000)

**What it means at a peak.** Orders and holds arrive faster than a process commits them: its queue
holds more than 2,000. Past its maximum (or 200 ms of promised wait) the intake sheds with
\`503 overloaded\`: this alert is the warning before buyers are turned away.

**Check.**
1. \`latency_p99_ms\`: a queue with low latency is a burst being absorbed; with high latency it is
   the database's commit rate that caps the shop.
2. \`top_skus\`: one hot SKU makes every batch wait on its row; that is the flash-sale case.
3. The database server: commit latency, CPU, disk.

**Act.**
- Open the waiting room before the intake sheds, at a rate below what the queue drains:
  \`PUT /v1/waiting-room {"enabled": true, "admission_rate_per_s": 200, "reason": "intake queue"}\`,
  or set \`"auto_enable": true\` so that it opens itself at the first shed order.
- If a marketplace floods the intake with its own retries, stop that channel for a few minutes:
  \`PUT /v1/switches/channels/{code} {"orders_stopped": true, "reason": "…"}\`.
- On PostgreSQL, more serving processes each bring their own intake.

${openIncident}`,
  },
];

/** The rules of the first plan, before a plan's mark named its rules: a shop seeded then has these. */
const firstPlanRuleIds = [
  'checkout-slow',
  'errors-high',
  'refusals-high',
  'traffic-spike',
  'conversion-drop',
  'sale-running-with-failing-check',
  'top-seller-sold-out',
  'outbox-backlog',
  'intake-queue-long',
];

interface SeedMark {
  readonly seeded_at: number;
  readonly by: string;
  /** The rules this seeding wrote; absent on a mark from before rules were named. */
  readonly rules?: readonly string[];
}

async function writeRules(tx: Repos, rules: typeof defaultAlertRules, now: number): Promise<void> {
  for (const { id, ...rule } of rules) {
    const valid = validateRule(rule);
    if (!valid.ok) throw new Error(`default alert rule ${id} is not valid: ${valid.message}`);
    await tx.alerts.putRule({
      id,
      name: rule.name,
      enabled: 1,
      severity: rule.severity,
      condition: JSON.stringify(rule.condition),
      runbook: rule.runbook,
      created_at: now,
      updated_at: now,
    });
  }
  await tx.events.append(
    rules.map(({ id, ...rule }) => ({
      type: 'alert_rule.created',
      entityType: 'alert_rule',
      entityId: id,
      payload: { id, ...rule },
    })),
    now,
  );
}

/**
 * Writes the default rules on the shop's first start and remembers it; on a later start, only the
 * default rules added to Affluence since (a shop upgraded gets the new ones, never one it deleted
 * back). Returns how many it wrote. Several processes starting at once write each rule once: the
 * first to take the settings key (the plan's, or a later rule's own) does.
 */
export async function ensureDefaultAlertRules(ctx: AppContext): Promise<number> {
  const written = await inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const by = ctx.newId('seed');
    const mark: SeedMark = { seeded_at: now, by, rules: defaultAlertRules.map((rule) => rule.id) };
    const held = await tx.settings.putIfAbsent<SeedMark>(seededKey, mark, now);
    if (held.by === by) {
      await writeRules(tx, defaultAlertRules, now);
      return ok(defaultAlertRules.length);
    }
    const seeded = new Set(held.rules ?? firstPlanRuleIds);
    const added = [];
    for (const rule of defaultAlertRules.filter((rule) => !seeded.has(rule.id))) {
      const own = await tx.settings.putIfAbsent(`${seededKey}:${rule.id}`, { seeded_at: now, by }, now);
      if (own.by === by && (await tx.alerts.getRule(rule.id)) === undefined) added.push(rule);
    }
    await writeRules(tx, added, now);
    return ok(added.length);
  });
  if (!written.ok) throw new Error(`could not write the default alert rules: ${written.message}`);
  return written.value;
}
