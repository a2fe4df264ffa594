/** Money is an integer amount of minor units in an ISO 4217 currency; nothing here ever uses a float. */

export interface Money {
  readonly amountMinor: number;
  readonly currency: string;
}

const currencyPattern = /^[A-Z]{3}$/;

export function isCurrencyCode(value: string): boolean {
  return currencyPattern.test(value);
}

/** Asserts the invariant of every amount: a safe integer. A breach is a bug, not a business outcome. */
export function assertAmountMinor(amountMinor: number): number {
  if (!Number.isSafeInteger(amountMinor)) {
    throw new Error(`money invariant broken: ${amountMinor} is not a safe integer of minor units`);
  }
  return amountMinor;
}

export function money(amountMinor: number, currency: string): Money {
  if (!isCurrencyCode(currency))
    throw new Error(`money invariant broken: ${currency} is not an ISO 4217 code`);
  return { amountMinor: assertAmountMinor(amountMinor), currency };
}

/** Multiplies a unit price by a quantity, exactly. */
export function multiply(unitPriceMinor: number, quantity: number): number {
  return assertAmountMinor(assertAmountMinor(unitPriceMinor) * assertAmountMinor(quantity));
}

export function sum(amountsMinor: readonly number[]): number {
  let total = 0;
  for (const amount of amountsMinor) total = assertAmountMinor(total + assertAmountMinor(amount));
  return total;
}

/**
 * Splits `amountMinor` in proportion to `weights`, exactly: the parts add up to the amount, and the
 * remainder left by rounding down goes one unit at a time to the largest fractional parts.
 */
export function prorate(amountMinor: number, weights: readonly number[]): number[] {
  assertAmountMinor(amountMinor);
  if (weights.length === 0) throw new Error('prorate needs at least one weight');
  const weightTotal = sum(weights);
  if (weightTotal <= 0 || weights.some((weight) => weight < 0)) {
    throw new Error('prorate needs non-negative weights with a positive total');
  }
  const sign = amountMinor < 0 ? -1 : 1;
  const absolute = Math.abs(amountMinor);
  const shares = weights.map((weight, index) => {
    // BigInt keeps amount × weight exact even past 2^53.
    const numerator = BigInt(absolute) * BigInt(weight);
    const floor = Number(numerator / BigInt(weightTotal));
    const remainder = Number(numerator % BigInt(weightTotal));
    return { index, floor, remainder };
  });
  let leftover = absolute - sum(shares.map((share) => share.floor));
  const byRemainder = [...shares].sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const share of byRemainder) {
    if (leftover === 0) break;
    share.floor += 1;
    leftover -= 1;
  }
  // `|| 0` keeps a zero share from becoming -0 when the amount is negative.
  return shares.map((share) => sign * share.floor || 0);
}
