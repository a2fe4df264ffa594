/**
 * Promo codes, pure: who may use a code, and what it takes off an order. A code is checked against
 * the order (its channel, the instant, the basket) and its counts (uses in all, uses by this
 * customer); its discount is spread over the lines it applies to with `prorate`, so the lines'
 * discounts add up to the code's exactly. The capture decides orders in arrival order and counts
 * the uses of its batch on top of the stored ones: that is what makes a usage limit exact.
 *
 * Rules, each a decision written down:
 * - codes are compared case-insensitively: they are stored and shown upper-case, trimmed;
 * - a customer is their email, trimmed and lower-cased, with any `+tag` dropped from the local part
 *   (`ann+promo@shop.fr` is `ann@shop.fr`): a per-customer limit that a `+` defeats limits nothing;
 * - the minimum basket is the lines' total before any code, in the channel's prices;
 * - a code that does not stack with sales leaves the lines on sale alone, and applies to the rest;
 * - several codes apply in the order given, each to what the ones before it left;
 * - a percentage is rounded in the buyer's favour (up to the minor unit), as sale prices are;
 *   an amount never takes more than the lines it applies to.
 */
import { type Failure, fail, ok, type Result } from '../../platform/core/errors.js';
import { assertAmountMinor, prorate, sum } from '../../platform/core/money.js';

export const promoCodeKinds = ['amount', 'percent'] as const;
export type PromoCodeKind = (typeof promoCodeKinds)[number];

/** What the order's check needs of a stored code. */
export interface PromoCodeTerms {
  /** Normalised (see `normalisePromoCode`). */
  readonly code: string;
  readonly kind: PromoCodeKind;
  /** Minor units of the channel's currency for `amount`; whole percent (1–100) for `percent`. */
  readonly value: number;
  readonly minBasketMinor: number | null;
  readonly channels: readonly string[];
  readonly startsAtMs: number | null;
  readonly endsAtMs: number | null;
  readonly usageLimit: number | null;
  readonly perCustomerLimit: number | null;
  readonly stacksWithSales: boolean;
  /** Uses of orders not cancelled, as stored. */
  readonly usedCount: number;
  /**
   * It made a batch of single-use codes: it is their template, and no order may use it itself (a
   * template that leaked would otherwise be a code for everyone).
   */
  readonly template: boolean;
  /** Set by the kill switch: no order may use the code from then on. */
  readonly disabledAtMs: number | null;
}

/** A line as priced before any code: what it costs, and whether a sale set its price. */
export interface GrossLine {
  readonly totalMinor: number;
  readonly saleId: string | null;
}

export interface AppliedCode {
  readonly code: string;
  readonly discountMinor: number;
}

export interface Promotion {
  /** Each line's share of every code's discount, in the order of the lines. */
  readonly lineDiscountsMinor: readonly number[];
  readonly codes: readonly AppliedCode[];
}

export const noPromotion = (lineCount: number): Promotion => ({
  lineDiscountsMinor: Array.from({ length: lineCount }, () => 0),
  codes: [],
});

export const promoCodeStatuses = ['active', 'disabled', 'not_started', 'ended', 'used_up'] as const;
export type PromoCodeStatus = (typeof promoCodeStatuses)[number];

/**
 * What a code is at `nowMs`, as people read it: the kill switch first, then its period, then its
 * uses (a template's are its batch's).
 */
export function promoCodeStatus(
  code: Pick<PromoCodeTerms, 'disabledAtMs' | 'startsAtMs' | 'endsAtMs' | 'usageLimit' | 'usedCount'>,
  batch: { readonly made: number; readonly used: number } | null,
  nowMs: number,
): PromoCodeStatus {
  if (code.disabledAtMs !== null) return 'disabled';
  if (code.startsAtMs !== null && nowMs < code.startsAtMs) return 'not_started';
  if (code.endsAtMs !== null && nowMs >= code.endsAtMs) return 'ended';
  const usedUp =
    batch === null
      ? code.usageLimit !== null && code.usedCount >= code.usageLimit
      : batch.made > 0 && batch.used >= batch.made;
  return usedUp ? 'used_up' : 'active';
}

export function normalisePromoCode(code: string): string {
  return code.trim().toUpperCase();
}

export function customerKey(email: string): string {
  const lower = email.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at <= 0) return lower;
  const local = lower.slice(0, at);
  const plus = local.indexOf('+');
  return plus > 0 ? `${local.slice(0, plus)}${lower.slice(at)}` : lower;
}

/** A code and a customer, as one key: where per-customer uses are counted. */
export function customerUseKey(code: string, customer: string): string {
  return `${code}\u0000${customer}`;
}

/** What a code cannot be used for right now, if anything, before its counts are looked at. */
export function checkTerms(
  terms: PromoCodeTerms,
  order: { readonly channel: string; readonly atMs: number; readonly basketMinor: number },
): Failure | undefined {
  const { code } = terms;
  if (terms.disabledAtMs !== null)
    return fail('promo_code_inactive', `The promo code ${code} is disabled.`, {
      promo_code: code,
      reason: 'disabled',
    });
  if (terms.template)
    return fail('promo_code_not_applicable', `The promo code ${code} only makes single-use codes.`, {
      promo_code: code,
      reason: 'batch_template',
    });
  if (terms.startsAtMs !== null && order.atMs < terms.startsAtMs)
    return fail('promo_code_inactive', `The promo code ${code} is not valid yet.`, {
      promo_code: code,
      reason: 'not_started',
    });
  if (terms.endsAtMs !== null && order.atMs >= terms.endsAtMs)
    return fail('promo_code_inactive', `The promo code ${code} has ended.`, {
      promo_code: code,
      reason: 'ended',
    });
  if (!terms.channels.includes(order.channel))
    return fail('promo_code_not_applicable', `The promo code ${code} is not valid on ${order.channel}.`, {
      promo_code: code,
      reason: 'channel',
    });
  if (terms.minBasketMinor !== null && order.basketMinor < terms.minBasketMinor)
    return fail('promo_code_not_applicable', `The promo code ${code} needs a larger basket.`, {
      promo_code: code,
      reason: 'min_basket',
      min_basket: terms.minBasketMinor,
    });
  return undefined;
}

/** Whether one more use fits the code's limits, given its uses so far (stored and in this batch). */
export function checkUses(
  terms: PromoCodeTerms,
  uses: { readonly total: number; readonly byCustomer: number },
): Failure | undefined {
  if (terms.usageLimit !== null && uses.total >= terms.usageLimit)
    return fail('promo_code_exhausted', `The promo code ${terms.code} has been used up.`, {
      promo_code: terms.code,
      limit: 'usage',
      usage_limit: terms.usageLimit,
    });
  if (terms.perCustomerLimit !== null && uses.byCustomer >= terms.perCustomerLimit)
    return fail('promo_code_exhausted', `This customer has already used the promo code ${terms.code}.`, {
      promo_code: terms.code,
      limit: 'per_customer',
      per_customer_limit: terms.perCustomerLimit,
    });
  return undefined;
}

/** A percentage of an amount, rounded up to the minor unit: the buyer never gets less than announced. */
function percentOf(amountMinor: number, percent: number): number {
  return Number((BigInt(amountMinor) * BigInt(percent) + 99n) / 100n);
}

/**
 * Spreads the codes' discounts over the lines, in the order the codes are given. Each code must
 * already have passed `checkTerms` and `checkUses`; a code left with no line to apply to (every
 * line on sale, a code that does not stack) is refused, never applied as nothing.
 */
export function applyPromoCodes(
  lines: readonly GrossLine[],
  codes: readonly PromoCodeTerms[],
): Result<Promotion> {
  const netMinor = lines.map((line) => assertAmountMinor(line.totalMinor));
  const applied: AppliedCode[] = [];
  for (const terms of codes) {
    const eligible = lines.flatMap((line, position) =>
      (terms.stacksWithSales || line.saleId === null) && netMinor[position]! > 0 ? [position] : [],
    );
    if (eligible.length === 0) {
      return fail(
        'promo_code_not_applicable',
        `The promo code ${terms.code} applies to no line of this order.`,
        {
          promo_code: terms.code,
          reason: terms.stacksWithSales ? 'nothing_left' : 'sale_items_only',
        },
      );
    }
    const weights = eligible.map((position) => netMinor[position]!);
    const baseMinor = sum(weights);
    const discountMinor =
      terms.kind === 'percent' ? percentOf(baseMinor, terms.value) : Math.min(terms.value, baseMinor);
    const shares = prorate(discountMinor, weights);
    eligible.forEach((position, index) => {
      netMinor[position] = netMinor[position]! - shares[index]!;
    });
    applied.push({ code: terms.code, discountMinor });
  }
  return ok({
    lineDiscountsMinor: lines.map((line, position) => line.totalMinor - netMinor[position]!),
    codes: applied,
  });
}
