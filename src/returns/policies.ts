/**
 * A channel's return terms: its window, when the shipping is refunded, where parcels go back to;
 * the defaults when it set none. Days are the shop's days, in its time zone.
 */
import { DateTime } from 'luxon';
import { type AppContext, toIso } from '../platform/context.js';
import { fail, ok, type Result } from '../platform/core/errors.js';
import { shopTimeZone } from '../platform/shop-date.js';
import type { Repos } from '../platform/store/store.js';
import type { ReturnPolicy as ReturnPolicyView } from './contract.js';
import { defaultReturnPolicy, type ReturnPolicy } from './core/return-process.js';
import type { ReturnPolicyRow } from './return-repo.js';

function policyOfRow(row: ReturnPolicyRow | undefined): ReturnPolicy {
  if (row === undefined) return defaultReturnPolicy;
  return {
    windowDays: row.window_days,
    shippingRefund: {
      wholeOrder: row.refund_shipping_whole_order === 1,
      shopFault: row.refund_shipping_shop_fault === 1,
    },
    locationCode: row.location_code,
  };
}

export async function policyOf(tx: Repos, channel: string): Promise<ReturnPolicy> {
  return policyOfRow(await tx.returns.getPolicy(channel));
}

/**
 * The first instant a return is refused: the window counts whole days after the day of delivery (as
 * the EU's 14 days do), and its last day ends at the shop's midnight.
 */
export function windowClosesAt(deliveredAtMs: number, windowDays: number): number {
  return DateTime.fromMillis(deliveredAtMs, { zone: shopTimeZone })
    .startOf('day')
    .plus({ days: windowDays + 1 })
    .toMillis();
}

function policyView(channel: string, row: ReturnPolicyRow | undefined): ReturnPolicyView {
  const policy = policyOfRow(row);
  return {
    channel,
    window_days: policy.windowDays,
    refund_shipping: {
      whole_order: policy.shippingRefund.wholeOrder,
      shop_fault: policy.shippingRefund.shopFault,
    },
    location: policy.locationCode,
    default: row === undefined,
    updated_at: row === undefined ? null : toIso(row.updated_at),
  };
}

/** `GET /v1/return-policies/{channel}`: the channel's terms, or the defaults it has. */
export async function getReturnPolicy(ctx: AppContext, channel: string): Promise<Result<ReturnPolicyView>> {
  if ((await ctx.store.read.catalog.getChannel(channel)) === undefined) {
    return fail('unknown_channel', `No channel ${channel}.`, { channels: [channel] });
  }
  return ok(policyView(channel, await ctx.store.read.returns.getPolicy(channel)));
}

export interface PolicyInput {
  readonly window_days: number;
  readonly refund_shipping: { readonly whole_order: boolean; readonly shop_fault: boolean };
  readonly location?: string | null;
}

/** `PUT /v1/return-policies/{channel}`: sets the channel's terms; returns already authorised keep theirs. */
export async function putReturnPolicy(
  ctx: AppContext,
  channel: string,
  input: PolicyInput,
): Promise<Result<ReturnPolicyView>> {
  if ((await ctx.store.read.catalog.getChannel(channel)) === undefined) {
    return fail('unknown_channel', `No channel ${channel}.`, { channels: [channel] });
  }
  const location = input.location ?? null;
  if (location !== null && (await ctx.store.read.catalog.getLocation(location)) === undefined) {
    return fail('unknown_location', `No location ${location}.`, { locations: [location] });
  }
  const now = ctx.clock.now();
  const row: ReturnPolicyRow = {
    channel_code: channel,
    window_days: input.window_days,
    refund_shipping_whole_order: input.refund_shipping.whole_order ? 1 : 0,
    refund_shipping_shop_fault: input.refund_shipping.shop_fault ? 1 : 0,
    location_code: location,
    updated_at: now,
  };
  await ctx.store.transaction(async (tx) => {
    await tx.returns.putPolicy(row);
    await tx.events.append(
      [
        {
          type: 'return_policy.updated',
          // Not `channel`: that would make the availability feeds read every SKU again.
          entityType: 'return_policy',
          entityId: channel,
          payload: policyView(channel, row),
        },
      ],
      now,
    );
  });
  return ok(policyView(channel, row));
}
