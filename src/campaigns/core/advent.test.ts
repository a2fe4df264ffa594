/** The advent calendar's rules: a season's days and doors, when a door may be opened, what a first opening gives, a fair draw. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../platform/core/seeded-random.js';
import {
  type DoorTimes,
  defaultSeasonRange,
  doorProblems,
  doorStatus,
  drawWinners,
  firstOpening,
  isLocalDay,
  mayOpen,
  nextDay,
  playReward,
  type Reward,
  sameReward,
  seasonDays,
} from './advent.js';

const hour = 60 * 60 * 1000;
const door: DoorTimes = { day: '2026-12-05', dayStartMs: 0, opensAtMs: 9 * hour, closesAtMs: 24 * hour };

describe('a season', () => {
  it('runs 1–24 December for a year, and has no default under another name', () => {
    expect(defaultSeasonRange('2026')).toEqual({ first: '2026-12-01', last: '2026-12-24' });
    expect(defaultSeasonRange('winter')).toBeNull();
    expect(seasonDays('2026-12-01', '2026-12-24')).toHaveLength(24);
  });

  it('counts days across months and leap years, and knows a date from a non-date', () => {
    expect(seasonDays('2028-02-27', '2028-03-01')).toEqual([
      '2028-02-27',
      '2028-02-28',
      '2028-02-29',
      '2028-03-01',
    ]);
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(seasonDays('2026-12-02', '2026-12-01')).toEqual([]);
    for (const day of ['2026-02-29', '2026-13-01', '2026-12-1', 'tomorrow'])
      expect(isLocalDay(day)).toBe(false);
    expect(isLocalDay('2028-02-29')).toBe(true);
  });

  it('needs exactly one door a day, and says which days are wrong', () => {
    const days = seasonDays('2026-12-01', '2026-12-04');
    expect(doorProblems(days, days)).toEqual([]);
    expect(doorProblems(days, ['2026-12-01', '2026-12-01', '2026-12-03', '2026-12-25'])).toEqual([
      '2026-12-01 has two doors',
      '2026-12-25 is not a day of the season',
      'no door for 2026-12-02, 2026-12-04',
    ]);
  });
});

describe('opening a door', () => {
  it('opens from its hour to midnight, and a past day only with late opening', () => {
    expect(mayOpen(door, 9 * hour - 1, false)).toEqual({ ok: false, reason: 'not_yet_open' });
    expect(mayOpen(door, 9 * hour, false)).toEqual({ ok: true });
    expect(mayOpen(door, 24 * hour - 1, false)).toEqual({ ok: true });
    expect(mayOpen(door, 24 * hour, false)).toEqual({ ok: false, reason: 'past' });
    expect(mayOpen(door, 24 * hour, true)).toEqual({ ok: true });
    expect(mayOpen(undefined, 0, true)).toEqual({ ok: false, reason: 'not_in_season' });
    expect(doorStatus(door, 30 * hour, true)).toBe('late');
  });

  it('gives codes in turn while the door has some, never one beyond its count', () => {
    const reward: Reward = { kind: 'promo_code', batch: 'ADVENT', count: 2 };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), (players) => {
        let given = 0;
        const ordinals: (number | null)[] = [];
        for (let i = 0; i < players; i++) {
          const { codeOrdinal } = firstOpening(reward, { given, drawn: false });
          ordinals.push(codeOrdinal);
          if (codeOrdinal !== null) given++;
        }
        expect(given).toBe(Math.min(players, 2));
        expect(ordinals.filter((ordinal) => ordinal !== null)).toEqual([1, 2].slice(0, players));
      }),
    );
  });

  it('enters the draw until it is drawn, and shows a play the same before and after', () => {
    const reward: Reward = { kind: 'draw', winners: 1, prize: 'A hamper' };
    expect(firstOpening(reward, { given: 0, drawn: false })).toEqual({ codeOrdinal: null, entered: true });
    expect(firstOpening(reward, { given: 1, drawn: true })).toEqual({ codeOrdinal: null, entered: false });
    const play = { code: null, entered: true, won: null };
    expect(playReward(reward, play, false)).toMatchObject({ drawn: false, won: null });
    expect(playReward(reward, { ...play, won: true }, true)).toMatchObject({ drawn: true, won: true });
    expect(playReward(reward, { ...play, entered: false }, true)).toMatchObject({
      entered: false,
      won: false,
    });
  });

  it('treats a reward as the same whatever the order of its fields', () => {
    const offer = { kind: 'offer', sku: 'MUG', channel: 'web', price: 990 } as const;
    expect(sameReward(offer, { price: 990, channel: 'web', sku: 'MUG', kind: 'offer' })).toBe(true);
    expect(sameReward(offer, { ...offer, price: 991 })).toBe(false);
  });
});

describe('a draw', () => {
  it('picks distinct winners among the players, all of them when fewer, none twice', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.emailAddress(), { maxLength: 60 }),
        fc.integer({ min: 1, max: 80 }),
        fc.integer(),
        (players, winners, seed) => {
          const drawn = drawWinners(players, winners, seededRandom(seed));
          expect(drawn).toHaveLength(Math.min(winners, players.length));
          expect(new Set(drawn).size).toBe(drawn.length);
          for (const winner of drawn) expect(players).toContain(winner);
        },
      ),
    );
  });

  it('gives every player the same chance', () => {
    const players = ['a', 'b', 'c', 'd'];
    const wins = new Map(players.map((player) => [player, 0]));
    const random = seededRandom(7);
    for (let round = 0; round < 4000; round++)
      for (const winner of drawWinners(players, 1, random)) wins.set(winner, wins.get(winner)! + 1);
    for (const count of wins.values()) expect(count).toBeGreaterThan(900);
  });
});
