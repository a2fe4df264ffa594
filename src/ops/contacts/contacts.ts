/**
 * Customer contacts: recorded as the help desk or social listening reports them, listed, counted per
 * minute for the operations room, and counted per order placed for the planner.
 */

import { type AppContext, inTransaction, notFound, pageOf, toIso } from '../../platform/context.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';
import type { Page } from '../../platform/http/schemas.js';
import {
  type ContactChannel,
  type ContactPoint,
  type ContactsByChannel as CoreByChannel,
  contactChannels,
  contactSeries,
  contactsPerOrder,
  isContactChannel,
  noContacts,
  total,
} from '../core/contacts.js';
import { minuteMs, minuteStart } from '../core/figures.js';
import type { ContactRow } from './contacts-repo.js';
import type { Contact, ContactInput, ContactMinute, ContactRate, ContactsRoom } from './contract.js';

const dayMs = 24 * 60 * 60 * 1000;

export function contactView(row: ContactRow): Contact {
  // The table's CHECK holds the channels to the core's list: another is a broken invariant.
  if (!isContactChannel(row.channel))
    throw new Error(`contact ${row.id} has an unknown channel ${row.channel}`);
  return {
    id: row.id,
    channel: row.channel,
    topic: row.topic,
    order_id: row.order_id,
    created_at: toIso(row.created_at),
  };
}

function minuteView(point: ContactPoint): ContactMinute {
  return { at: toIso(point.atMs), contacts: point.contacts, by_channel: point.byChannel };
}

/** The same report again: a retry must not count a customer twice, nor a different report be taken for it. */
function sameReport(row: ContactRow, input: ContactInput): boolean {
  return (
    row.channel === input.channel &&
    row.topic === (input.topic ?? null) &&
    row.order_id === (input.order_id ?? null)
  );
}

/**
 * `POST /v1/contacts`: records a customer contact, stamped by the server. An `order_id` must name an
 * order (404 otherwise, nothing written). With an Idempotency-Key, the same key of the same API key
 * answers the contact it recorded (`created: false`), or 422 `idempotency_key_reused` for another.
 */
export async function recordContact(
  ctx: AppContext,
  input: ContactInput,
  apiKeyId: string,
  idempotencyKey?: string,
): Promise<Result<{ contact: Contact; created: boolean }>> {
  const earlier = (row: ContactRow | undefined) => {
    if (row === undefined) throw new Error(`the contact of key ${idempotencyKey} is gone`);
    if (!sameReport(row, input)) {
      return fail('idempotency_key_reused', 'This Idempotency-Key recorded another contact.', {
        contact_id: row.id,
      });
    }
    return ok({ contact: contactView(row), created: false });
  };
  return inTransaction<{ contact: Contact; created: boolean }>(ctx, async (tx) => {
    if (idempotencyKey !== undefined) {
      const known = await tx.contacts.byIdempotencyKey(apiKeyId, idempotencyKey);
      if (known !== undefined) return earlier(known);
    }
    if (input.order_id !== undefined && (await tx.orders.getOrder(input.order_id)) === undefined) {
      return notFound('order', input.order_id);
    }
    const now = ctx.clock.now();
    const row: ContactRow = {
      id: ctx.newId('ctc'),
      channel: input.channel,
      topic: input.topic ?? null,
      order_id: input.order_id ?? null,
      api_key_id: apiKeyId,
      idempotency_key: idempotencyKey ?? null,
      created_at: now,
    };
    if (!(await tx.contacts.insert(row))) {
      // Only the unique index of Idempotency-Keys can leave a new contact out: ids are never reused.
      if (idempotencyKey === undefined) throw new Error(`contact ${row.id} was left out without a key`);
      // A retry racing this one wrote it first: answer what it wrote.
      return earlier(await tx.contacts.byIdempotencyKey(apiKeyId, idempotencyKey));
    }
    const contact = contactView(row);
    await tx.events.append(
      [{ type: 'contact.recorded', entityType: 'contact', entityId: row.id, payload: contact }],
      now,
    );
    return ok({ contact, created: true });
  });
}

/** An instant of a query, in epoch ms; a string the schema let through but no date names is refused. */
function instant(field: string, value: string): Result<number> {
  const ms = Date.parse(value);
  return Number.isNaN(ms)
    ? fail('validation_failed', `${field}: ${value} is not an instant.`, { field, value })
    : ok(ms);
}

/** A period [from, to) of instants, from before to; either end may be left open. */
function periodOf(query: { from?: string; to?: string }): Result<{ fromMs?: number; toMs?: number }> {
  const from = query.from === undefined ? undefined : instant('from', query.from);
  const to = query.to === undefined ? undefined : instant('to', query.to);
  if (from !== undefined && !from.ok) return from;
  if (to !== undefined && !to.ok) return to;
  const fromMs = from?.value;
  const toMs = to?.value;
  if (fromMs !== undefined && toMs !== undefined && toMs <= fromMs) {
    return fail('validation_failed', `from (${query.from}) must come before to (${query.to}).`, {
      from: query.from,
      to: query.to,
    });
  }
  return ok({ fromMs, toMs });
}

/** `GET /v1/contacts`: newest first, of a period [from, to) and one channel, or all. */
export async function listContacts(
  ctx: AppContext,
  query: { from?: string; to?: string; channel?: ContactChannel; cursor?: string; limit: number },
): Promise<Result<Page<Contact>>> {
  const period = periodOf(query);
  if (!period.ok) return period;
  const found = await ctx.store.read.contacts.list({
    ...period.value,
    channel: query.channel,
    cursor: query.cursor,
    limit: query.limit + 1,
  });
  const { rows, next_cursor } = pageOf(found, query.limit, (row) => row.id);
  return ok({ data: rows.map(contactView), next_cursor });
}

/**
 * `GET /v1/contacts/per-minute`: one point per minute from `from` to `to` (by default the last 60
 * minutes, this one last), quiet minutes included, at most `seriesMinutesMax` of them.
 */
export async function contactsPerMinute(
  ctx: AppContext,
  query: { from?: string; to?: string },
): Promise<Result<{ data: ContactMinute[] }>> {
  const period = periodOf(query);
  if (!period.ok) return period;
  const toMs = period.value.toMs ?? ctx.clock.now();
  const fromMs = period.value.fromMs ?? minuteStart(toMs) - 59 * minuteMs;
  const minutes = (minuteStart(toMs) - minuteStart(fromMs)) / minuteMs + 1;
  if (fromMs > toMs || minutes > limits.seriesMinutesMax) {
    return fail(
      'validation_failed',
      `A series runs forward and spans at most ${limits.seriesMinutesMax} minutes.`,
      {
        from: toIso(fromMs),
        to: toIso(toMs),
        minutes_max: limits.seriesMinutesMax,
      },
    );
  }
  // Whole minutes, the first and the last, as the figures' series count them.
  const rows = await ctx.store.read.contacts.perMinute(minuteStart(fromMs), minuteStart(toMs) + minuteMs);
  return ok({ data: contactSeries(rows, fromMs, toMs).map(minuteView) });
}

function byChannelOf(counts: ReadonlyMap<string, number>): CoreByChannel {
  const byChannel = noContacts();
  for (const channel of contactChannels) byChannel[channel] = counts.get(channel) ?? 0;
  return byChannel;
}

/**
 * What the operations room shows of contacts: the last 60 seconds, the last 60 minutes one point a
 * minute (this one last, partial), and their topics most given. Three reads of the last hour's
 * rows off the index on their instant: every second, whatever the peak.
 */
export async function contactsRoom(ctx: AppContext): Promise<ContactsRoom> {
  const nowMs = ctx.clock.now();
  const hourFromMs = minuteStart(nowMs) - 59 * minuteMs;
  const read = ctx.store.read.contacts;
  const [minutes, lastMinute, topics] = await Promise.all([
    read.perMinute(hourFromMs, nowMs + 1),
    read.perChannel(nowMs - minuteMs + 1, nowMs + 1),
    read.topTopics(hourFromMs, nowMs + 1, limits.contactsRoomTopicsMax),
  ]);
  const series = contactSeries(minutes, hourFromMs, nowMs);
  const hour = noContacts();
  for (const point of series)
    for (const channel of contactChannels) hour[channel] += point.byChannel[channel];
  const lastMinuteByChannel = byChannelOf(lastMinute);
  return {
    last_minute: { contacts: total(lastMinuteByChannel), by_channel: lastMinuteByChannel },
    last_hour: { contacts: total(hour), by_channel: hour },
    per_minute: series.map(minuteView),
    top_topics: topics,
  };
}

/**
 * Contacts per order placed over the period [from, to) of instants (ISO 8601): every contact of
 * every channel against every order placed, whatever became of it. For the planner, which sizes the
 * help desk of a peak by the orders it forecasts, and for `GET /v1/contacts/rate`.
 */
export async function contactRate(
  ctx: AppContext,
  period: { readonly from: string; readonly to: string },
): Promise<Result<ContactRate>> {
  const checked = periodOf(period);
  if (!checked.ok) return checked;
  const fromMs = checked.value.fromMs!;
  const toMs = checked.value.toMs!;
  if (toMs - fromMs > limits.contactRatePeriodDaysMax * dayMs) {
    return fail(
      'validation_failed',
      `A rate is counted over ${limits.contactRatePeriodDaysMax} days at most.`,
      {
        from: period.from,
        to: period.to,
        days_max: limits.contactRatePeriodDaysMax,
      },
    );
  }
  const read = ctx.store.read.contacts;
  const [contacts, orders] = await Promise.all([read.count(fromMs, toMs), read.ordersPlaced(fromMs, toMs)]);
  return ok({ contacts, orders, contacts_per_order: contactsPerOrder(contacts, orders) });
}
