/** Customer contacts, pure: the series per minute, contacts per order, and the spike rule with its messages, its hysteresis and rules refused. */
import { describe, expect, it } from 'vitest';
import { limits } from '../../platform/core/limits.js';
import { evaluateCondition, noStreak, type Streak, stepAlert, validateRule } from './alerts.js';
import {
  type ContactChannel,
  type ContactMinute,
  type ContactsSpikeCondition,
  contactSeries,
  contactsPerOrder,
  readContactsSpike,
} from './contacts.js';
import { minuteMs } from './figures.js';

const startMs = Date.parse('2026-11-27T19:00:00.000Z');
const at = (minute: number) => startMs + minute * minuteMs;

const condition: ContactsSpikeCondition = {
  kind: 'contacts_spike',
  ratio: 3,
  window_minutes: 15,
  baseline_minutes: 60,
  min_contacts: 10,
};

/**
 * `usual` contacts a minute by email for an hour, then `now` a minute by `channel` for a quarter of
 * an hour; the rule reads them at the end of the last minute.
 */
function hour(usual: number, now: number, channel: ContactChannel = 'phone'): ContactMinute[] {
  return Array.from({ length: 75 }, (_unused, minute) =>
    minute < 60
      ? { atMs: at(minute), channel: 'email' as const, contacts: usual }
      : { atMs: at(minute), channel, contacts: now },
  ).filter((minute) => minute.contacts > 0);
}
const nowMs = at(75) - 1;

describe('contacts per minute', () => {
  it('counts every minute of its span by channel, quiet ones too, and nothing outside it', () => {
    const rows: ContactMinute[] = [
      { atMs: at(-1), channel: 'phone', contacts: 9 },
      { atMs: at(0), channel: 'phone', contacts: 2 },
      { atMs: at(0), channel: 'social', contacts: 1 },
      { atMs: at(2), channel: 'chat', contacts: 4 },
      { atMs: at(3), channel: 'email', contacts: 7 },
    ];
    const series = contactSeries(rows, at(0) + 30_000, at(2) + 5_000);
    expect(series).toEqual([
      { atMs: at(0), contacts: 3, byChannel: { phone: 2, email: 0, chat: 0, social: 1 } },
      { atMs: at(1), contacts: 0, byChannel: { phone: 0, email: 0, chat: 0, social: 0 } },
      { atMs: at(2), contacts: 4, byChannel: { phone: 0, email: 0, chat: 4, social: 0 } },
    ]);
  });

  it('refuses a span that runs backwards and a channel it does not know', () => {
    expect(() => contactSeries([], at(2), at(1))).toThrow();
    const unknown = [{ atMs: at(0), channel: 'fax', contacts: 1 }] as unknown as ContactMinute[];
    expect(() => contactSeries(unknown, at(0), at(1))).toThrow(/fax/);
  });
});

describe('contacts per order', () => {
  it('divides the contacts by the orders placed, and says nothing without an order', () => {
    expect(contactsPerOrder(30, 200)).toBe(0.15);
    expect(contactsPerOrder(0, 200)).toBe(0);
    expect(contactsPerOrder(5, 0)).toBeNull();
    expect(contactsPerOrder(0, 0)).toBeNull();
  });

  it('refuses counts that are no counts', () => {
    for (const [contacts, orders] of [
      [-1, 10],
      [1.5, 10],
      [3, -2],
      [3, Number.NaN],
    ] as const)
      expect(() => contactsPerOrder(contacts, orders)).toThrow();
  });
});

describe('customer contacts spiking', () => {
  it('fires at the ratio above the hour before, naming the channels the contacts come by', () => {
    const minutes = [...hour(1, 3), { atMs: at(70), channel: 'social' as const, contacts: 5 }];
    expect(readContactsSpike(condition, minutes, nowMs)).toEqual({
      state: 'breached',
      value: 50 / 15,
      message:
        'Customer contacts ×3.3 (50 in 15 min, 3.3 a minute against 1 the 60 min before; phone 45, social 5): a delivery, payment or site problem shows here first',
    });
  });

  it('stays quiet at twice the usual rate, and on a busy shop at its usual rate', () => {
    expect(readContactsSpike(condition, hour(2, 4), nowMs)).toMatchObject({ state: 'clear', value: 2 });
    expect(readContactsSpike(condition, hour(40, 40), nowMs)).toMatchObject({ state: 'clear', value: 1 });
  });

  it('does not fire on a quiet shop whose few calls are many times its none, until they reach the floor', () => {
    // Nine calls in the quarter hour, none the hour before: a quiet shop's morning.
    const quiet = hour(0, 0).concat([{ atMs: at(70), channel: 'phone', contacts: 9 }]);
    expect(readContactsSpike(condition, quiet, nowMs)).toEqual({
      state: 'clear',
      value: null,
      message: 'Customer contacts from none (9 in 15 min, 0.6 a minute against 0 the 60 min before)',
    });
    const tenth = quiet.concat([{ atMs: at(71), channel: 'chat', contacts: 1 }]);
    expect(readContactsSpike(condition, tenth, nowMs)).toMatchObject({ state: 'breached', value: 3 });
    expect(readContactsSpike(condition, [], nowMs)).toEqual({
      state: 'clear',
      value: 0,
      message: 'No customer contact in 15 min',
    });
  });

  it('reads only the minutes of its window and baseline, none from a clock ahead', () => {
    const old = [{ atMs: at(-60), channel: 'phone' as const, contacts: 1_000 }];
    const ahead = [{ atMs: at(80), channel: 'phone' as const, contacts: 1_000 }];
    expect(readContactsSpike(condition, [...old, ...ahead, ...hour(1, 1)], nowMs)).toMatchObject({
      state: 'clear',
      value: 1,
    });
  });

  it('is read through the alert rules, fires after two evaluations and resolves after three', () => {
    const inputs = (minutes: ContactMinute[]) => ({
      nowMs,
      series: [],
      topSkus: [],
      failingSales: [],
      paymentMinutes: [],
      promoCodeMinutes: [],
      delayedBackorderLines: 0,
      contactMinutes: minutes,
    });
    let streak: Streak = noStreak;
    let firing = false;
    const transitions = [
      hour(1, 1),
      hour(1, 5),
      hour(1, 5),
      hour(1, 5),
      hour(1, 2),
      hour(1, 2),
      hour(1, 2),
    ].map((minutes) => {
      const step = stepAlert(streak, evaluateCondition(condition, inputs(minutes)).state, firing);
      streak = step.streak;
      if (step.transition !== null) firing = step.transition === 'fire';
      return step.transition;
    });
    expect(transitions).toEqual([null, null, 'fire', null, null, null, 'resolve']);
  });

  it('refuses a rule that could never fire, or fires on a handful of calls', () => {
    const rule = (change: Partial<ContactsSpikeCondition>) =>
      validateRule({
        name: 'Contacts',
        severity: 'warning',
        enabled: true,
        runbook: null,
        condition: { ...condition, ...change },
      });
    expect(rule({}).ok).toBe(true);
    const refused = (change: Partial<ContactsSpikeCondition>) => {
      const result = rule(change);
      if (result.ok) throw new Error(`${JSON.stringify(change)} was taken`);
      return result.details?.errors;
    };
    expect(refused({ ratio: 1 })).toEqual([{ path: '/condition/ratio', message: expect.any(String) }]);
    expect(refused({ ratio: limits.alertRatioMax + 1 })).toHaveLength(1);
    for (const min_contacts of [0, 2.5, -1, limits.alertFigureMax + 1])
      expect(refused({ min_contacts })).toEqual([
        { path: '/condition/min_contacts', message: expect.any(String) },
      ]);
    expect(refused({ baseline_minutes: 10 })).toEqual([
      { path: '/condition/baseline_minutes', message: expect.stringContaining('longer than the window') },
    ]);
    expect(refused({ window_minutes: 0 })).toHaveLength(1);
    expect(refused({ window_minutes: 60, baseline_minutes: 60 })).toHaveLength(1);
  });
});
