/**
 * Customer contacts, pure: the channels they come by, their counts per minute, the spike rule that
 * tells a delivery or payment problem from a shop's usual questions, and contacts per order. No
 * clock but the instants given, no I/O.
 */

import type { Reading } from './alerts.js';
import { minuteMs, minuteStart } from './figures.js';

/** How a customer got in touch: the help desk's phone, mail and chat, or a post social listening found. */
export const contactChannels = ['phone', 'email', 'chat', 'social'] as const;
export type ContactChannel = (typeof contactChannels)[number];

export function isContactChannel(value: string): value is ContactChannel {
  return (contactChannels as readonly string[]).includes(value);
}

/** Contacts by one channel in one minute (minutes with any), as the store counts them. */
export interface ContactMinute {
  /** The minute's start, UTC epoch ms. */
  readonly atMs: number;
  readonly channel: ContactChannel;
  readonly contacts: number;
}

export type ContactsByChannel = Record<ContactChannel, number>;

export function noContacts(): ContactsByChannel {
  return { phone: 0, email: 0, chat: 0, social: 0 };
}

/** One minute of contacts, every channel counted, quiet ones too. */
export interface ContactPoint {
  readonly atMs: number;
  readonly contacts: number;
  readonly byChannel: ContactsByChannel;
}

/**
 * One point per minute from the minute of `fromMs` to that of `toMs` (inclusive), quiet minutes
 * filled in, minutes outside left out: a chart shows every minute of its span, and only those.
 */
export function contactSeries(
  minutes: readonly ContactMinute[],
  fromMs: number,
  toMs: number,
): ContactPoint[] {
  const firstMs = minuteStart(fromMs);
  const lastMs = minuteStart(toMs);
  if (lastMs < firstMs) throw new Error(`a series from ${fromMs} back to ${toMs}`);
  const byMinute = new Map<number, ContactsByChannel>();
  for (let at = firstMs; at <= lastMs; at += minuteMs) byMinute.set(at, noContacts());
  for (const minute of minutes) {
    if (!isContactChannel(minute.channel))
      throw new Error(`a contact by an unknown channel ${minute.channel}`);
    const counts = byMinute.get(minuteStart(minute.atMs));
    if (counts !== undefined) counts[minute.channel] += minute.contacts;
  }
  return [...byMinute].map(([atMs, byChannel]) => ({ atMs, contacts: total(byChannel), byChannel }));
}

export function total(byChannel: ContactsByChannel): number {
  return contactChannels.reduce((sum, channel) => sum + byChannel[channel], 0);
}

/** Contacts per order placed over a period; null without any order, when there is nothing to divide by. */
export function contactsPerOrder(contacts: number, orders: number): number | null {
  if (!Number.isSafeInteger(contacts) || contacts < 0) throw new Error(`${contacts} contacts`);
  if (!Number.isSafeInteger(orders) || orders < 0) throw new Error(`${orders} orders`);
  return orders === 0 ? null : contacts / orders;
}

/**
 * Customer contacts spiking: at least `min_contacts` over the last `window_minutes`, at a rate a
 * minute at least `ratio` times that of the `baseline_minutes` before. A carrier losing parcels, a
 * payment page failing or a mailing with a wrong price shows in the help desk before anywhere else;
 * below `min_contacts` a few calls to a quiet shop make no trend.
 */
export interface ContactsSpikeCondition {
  readonly kind: 'contacts_spike';
  readonly ratio: number;
  readonly window_minutes: number;
  readonly baseline_minutes: number;
  readonly min_contacts: number;
}

/** One decimal below 10 ("0.4 a minute" must not read as none), whole above. */
function rounded(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return value < 10 ? String(Math.round(value * 10) / 10) : String(Math.round(value));
}

/**
 * The window's contacts a minute against the baseline's, as the promo codes' surge reads its
 * minutes: a minute counts in the window when it starts within it, in the baseline when it starts
 * within the baseline. A baseline without a contact has no rate to multiply: reaching the floor is
 * the spike.
 */
export function readContactsSpike(
  condition: ContactsSpikeCondition,
  minutes: readonly ContactMinute[],
  nowMs: number,
): Reading {
  const windowFromMs = nowMs - condition.window_minutes * minuteMs;
  const baselineFromMs = windowFromMs - condition.baseline_minutes * minuteMs;
  const recent = noContacts();
  let before = 0;
  for (const minute of minutes) {
    if (minute.atMs < baselineFromMs || minute.atMs > nowMs) continue;
    if (minute.atMs >= windowFromMs) recent[minute.channel] += minute.contacts;
    else before += minute.contacts;
  }
  const count = total(recent);
  const rate = count / condition.window_minutes;
  const usual = before / condition.baseline_minutes;
  const ratio = usual > 0 ? rate / usual : count > 0 ? Number.POSITIVE_INFINITY : 0;
  const channels = [...contactChannels]
    .filter((channel) => recent[channel] > 0)
    .sort((a, b) => recent[b] - recent[a])
    .map((channel) => `${channel} ${recent[channel]}`)
    .join(', ');
  const figures = `${count} in ${condition.window_minutes} min, ${rounded(rate)} a minute against ${rounded(usual)} the ${condition.baseline_minutes} min before`;
  const times = !Number.isFinite(ratio) ? 'from none' : ratio >= 100 ? 'over ×100' : `×${rounded(ratio)}`;
  if (count >= condition.min_contacts && ratio >= condition.ratio) {
    return {
      state: 'breached',
      // A ratio out of nothing has no figure: the rule's own ratio is what it crossed.
      value: Number.isFinite(ratio) ? ratio : condition.ratio,
      message: `Customer contacts ${times} (${figures}; ${channels}): a delivery, payment or site problem shows here first`,
    };
  }
  return {
    state: 'clear',
    value: Number.isFinite(ratio) ? ratio : null,
    message:
      count === 0
        ? `No customer contact in ${condition.window_minutes} min`
        : `Customer contacts ${times} (${figures})`,
  };
}
