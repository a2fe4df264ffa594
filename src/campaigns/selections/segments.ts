/** Customer segments: written by the back office, counted over every customer, and asked which a customer is in. */
import { type AppContext, inTransaction, notFound, toIso } from '../../platform/context.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';
import {
  type CustomerHistory,
  channelsNamed,
  historyOf,
  matchesSegment,
  normaliseEmail,
  validateSegment,
} from '../core/segments.js';
import type {
  CustomerSegments,
  Segment,
  SegmentCondition,
  SegmentInput,
  SegmentWithCount,
} from './contract.js';
import type { SegmentRow } from './selection-repo.js';

/** A stored segment's conditions: written only after `validateSegment`, so read back as they are. */
export function conditionsOf(row: SegmentRow): SegmentCondition[] {
  return JSON.parse(row.conditions) as SegmentCondition[];
}

function segmentView(row: SegmentRow): Segment {
  return {
    code: row.code,
    name: row.name,
    conditions: conditionsOf(row),
    created_at: toIso(row.created_at),
    updated_at: toIso(row.updated_at),
  };
}

export async function putSegment(
  ctx: AppContext,
  code: string,
  input: SegmentInput,
): Promise<Result<Segment>> {
  const valid = validateSegment(input);
  if (!valid.ok) return valid;
  return inTransaction(ctx, async (tx) => {
    const channels = channelsNamed(input.conditions);
    const existing = await tx.catalog.existingChannels(channels);
    const unknown = channels.filter((channel) => !existing.has(channel));
    if (unknown.length > 0)
      return fail('unknown_channel', 'The conditions name channels that do not exist.', {
        channels: unknown,
      });
    const existed = (await tx.selections.getSegment(code)) !== undefined;
    if (!existed && (await tx.selections.count('segments')) >= limits.segmentsMax)
      return fail('limit_reached', `A shop may have ${limits.segmentsMax} segments.`, {
        limit: limits.segmentsMax,
      });
    const now = ctx.clock.now();
    await tx.selections.upsertSegment(
      { code, name: input.name, conditions: JSON.stringify(input.conditions) },
      now,
    );
    await tx.events.append(
      [
        {
          type: existed ? 'segment.updated' : 'segment.created',
          entityType: 'segment',
          entityId: code,
          payload: { code, ...input },
        },
      ],
      now,
    );
    return ok(segmentView((await tx.selections.getSegment(code))!));
  });
}

export async function listSegments(ctx: AppContext): Promise<Segment[]> {
  return (await ctx.store.read.selections.listSegments()).map(segmentView);
}

/** The segment with how many customers it holds now: every customer's history, summed in one read. */
export async function getSegment(ctx: AppContext, code: string): Promise<Result<SegmentWithCount>> {
  const read = ctx.store.read;
  const row = await read.selections.getSegment(code);
  if (row === undefined) return notFound('segment', code);
  const conditions = conditionsOf(row);
  const nowMs = ctx.clock.now();
  let customers = 0;
  for (const rows of (await read.selections.everyCustomerHistory()).values()) {
    if (matchesSegment(conditions, historyOf(rows), nowMs)) customers += 1;
  }
  return ok({ ...segmentView(row), customers });
}

/** A customer's history, by email in any case: a customer without orders has an empty one. */
export async function historyOfCustomer(ctx: AppContext, email: string): Promise<CustomerHistory> {
  return historyOf(await ctx.store.read.selections.customerHistory(normaliseEmail(email)));
}

export async function customerSegments(ctx: AppContext, email: string): Promise<CustomerSegments> {
  const [history, segments] = await Promise.all([
    historyOfCustomer(ctx, email),
    ctx.store.read.selections.listSegments(),
  ]);
  const nowMs = ctx.clock.now();
  return {
    email: normaliseEmail(email),
    orders: history.orders,
    spend: Object.fromEntries(history.spendMinor),
    channels: [...history.channels].sort(),
    last_order_at: history.lastOrderAtMs === null ? null : toIso(history.lastOrderAtMs),
    segments: segments
      .filter((row) => matchesSegment(conditionsOf(row), history, nowMs))
      .map((row) => ({ code: row.code, name: row.name })),
  };
}
