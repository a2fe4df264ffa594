/**
 * Plans made on the store's own history and kept there: `POST /v1/plans` and `affluence plan
 * --store` read the orders, the stock and purchase orders, make the plan and keep it whole, so the
 * back office shows the latest. Plans from a history file are not kept: the file is not the shop's.
 */
import { contactRate } from '../ops/index.js';
import { type AppContext, toIso } from '../platform/context.js';
import { fail, ok, type Result } from '../platform/core/errors.js';
import { shopDate } from '../platform/shop-date.js';
import { type PlanRequest, type PlanSummary, planDefaults, type StoredPlan } from './contract.js';
import { demandFromStore } from './history/store-demand.js';
import { makePlan, storeStock } from './plan.js';
import { staffAssumptions } from './staff-plan.js';

/** A year of contacts: last season's peak and the ordinary weeks alike. */
const contactRateDays = 365;
const dayMs = 86_400_000;

export async function planOnStore(
  ctx: AppContext,
  request: PlanRequest,
  onProgress: {
    reading?: (done: number, total: number) => void;
    fitting?: (done: number, total: number) => void;
  } = {},
): Promise<Result<StoredPlan>> {
  const nowMs = ctx.clock.now();
  const source = await demandFromStore(ctx, onProgress.reading);
  // The help desk's contacts of the last year, per order placed: the rate the agents are staffed for.
  const rate = await contactRate(ctx, { from: toIso(nowMs - contactRateDays * dayMs), to: toIso(nowMs) });
  const measured = rate.ok && rate.value.contacts > 0 ? rate.value.contacts_per_order : null;
  const made = await makePlan(source, {
    window: request.window,
    trainUntil: request.train_until ?? null,
    openWeekdays: request.open_weekdays === undefined ? null : new Set(request.open_weekdays),
    closedDates: new Set(request.closed_dates ?? []),
    events: (request.events ?? []).map((event) => ({ ...event, uplift: event.uplift ?? null })),
    skusTop: request.top ?? planDefaults.skusTop,
    serviceLevel: request.service_level ?? planDefaults.serviceLevel,
    leadTimeDays: request.lead_time_days ?? planDefaults.leadTimeDays,
    stock: storeStock(ctx),
    capacity:
      request.capacity_orders_per_s === undefined
        ? null
        : { ordersPerS: request.capacity_orders_per_s, source: 'given' },
    today: shopDate(nowMs),
    generatedAt: toIso(nowMs),
    staff: staffAssumptions(request.staffing, measured),
    onProgress: onProgress.fitting,
  });
  if (!made.ok) return made;
  const stored: StoredPlan = { id: ctx.newId('plan'), created_at: toIso(nowMs), ...made.value };
  await ctx.store.transaction((tx) =>
    tx.plans.insert({
      id: stored.id,
      created_at: nowMs,
      window_from: request.window.from,
      window_to: request.window.to,
      body: JSON.stringify(stored),
    }),
  );
  return ok(stored);
}

export async function getPlan(ctx: AppContext, id: string): Promise<Result<StoredPlan>> {
  const row = await ctx.store.read.plans.get(id);
  return row === undefined
    ? fail('not_found', `No plan ${id}.`, { id })
    : ok(JSON.parse(row.body) as StoredPlan);
}

export async function latestPlan(ctx: AppContext): Promise<Result<StoredPlan>> {
  const row = await ctx.store.read.plans.latest();
  return row === undefined
    ? fail('not_found', 'No plan was made yet: POST /v1/plans, or `affluence plan --store`.')
    : ok(JSON.parse(row.body) as StoredPlan);
}

export async function listPlans(ctx: AppContext, limit: number): Promise<PlanSummary[]> {
  const rows = await ctx.store.read.plans.list(limit);
  return rows.map((row) => ({
    id: row.id,
    created_at: toIso(row.created_at),
    window: { from: row.window_from, to: row.window_to },
  }));
}
