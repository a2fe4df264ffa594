/**
 * The advent calendar's rules, pure: the days of a season, which door a customer may open and when,
 * what a first opening gives, and a draw's winners. Each door is opened once per customer: the
 * first opening is kept and every later one answers it (the use case holds the door's lock).
 */

/** A local date of the calendar's time zone, `YYYY-MM-DD`. */
export type LocalDay = string;

export const rewardKinds = ['promo_code', 'offer', 'draw'] as const;

/** What a door gives, as the shop sets it. */
export type Reward =
  /** One single-use code of a batch to each of the first `count` players. */
  | { readonly kind: 'promo_code'; readonly batch: string; readonly count: number }
  /** A SKU at a price for the day on a channel: a sale the shop runs, which the door reveals. */
  | { readonly kind: 'offer'; readonly sku: string; readonly channel: string; readonly price: number }
  /** `winners` players of the day drawn at random once the day is over. */
  | { readonly kind: 'draw'; readonly winners: number; readonly prize: string };

/** What a customer's opening of a door gave them. */
export type PlayReward =
  | { readonly kind: 'promo_code'; readonly code: string | null }
  | { readonly kind: 'offer'; readonly sku: string; readonly channel: string; readonly price: number }
  | {
      readonly kind: 'draw';
      readonly prize: string;
      /** Whether this play takes part: false for a late opening after the draw. */
      readonly entered: boolean;
      readonly drawn: boolean;
      /** Once drawn, whether this play won; null before. */
      readonly won: boolean | null;
    };

/** The limit a reward is counted against: codes to give, winners to draw; null when unlimited. */
export function rewardLimit(reward: Reward): number | null {
  if (reward.kind === 'promo_code') return reward.count;
  if (reward.kind === 'draw') return reward.winners;
  return null;
}

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a real calendar date written `YYYY-MM-DD`. */
export function isLocalDay(text: string): boolean {
  const match = dayPattern.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The day after `day` (calendar arithmetic, no time zone involved). */
export function nextDay(day: LocalDay): LocalDay {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
}

/** Every day from `first` to `last`, both included; empty when `last` is before `first`. */
export function seasonDays(first: LocalDay, last: LocalDay): LocalDay[] {
  const days: LocalDay[] = [];
  for (let day = first; day <= last; day = nextDay(day)) days.push(day);
  return days;
}

/** 1 to 24 December of a season named by its year, as most advent calendars run; null for another name. */
export function defaultSeasonRange(season: string): { first: LocalDay; last: LocalDay } | null {
  return /^\d{4}$/.test(season) ? { first: `${season}-12-01`, last: `${season}-12-24` } : null;
}

/** What is wrong with a calendar's doors: each day of the season needs exactly one. */
export function doorProblems(days: readonly LocalDay[], doorDays: readonly LocalDay[]): string[] {
  const problems: string[] = [];
  const wanted = new Set(days);
  const seen = new Set<LocalDay>();
  for (const day of doorDays) {
    if (!wanted.has(day)) problems.push(`${day} is not a day of the season`);
    else if (seen.has(day)) problems.push(`${day} has two doors`);
    seen.add(day);
  }
  const missing = days.filter((day) => !seen.has(day));
  if (missing.length > 0) problems.push(`no door for ${missing.join(', ')}`);
  return problems;
}

/** A door's instants (epoch ms): its day's start, its opening that day, and its day's end. */
export interface DoorTimes {
  readonly day: LocalDay;
  readonly dayStartMs: number;
  readonly opensAtMs: number;
  readonly closesAtMs: number;
}

export type DoorStatus = 'upcoming' | 'open' | 'closed' | 'late';

/** Where a door stands at `nowMs`: before its opening, open on its day, or past (late when late opening is allowed). */
export function doorStatus(door: DoorTimes, nowMs: number, lateOpening: boolean): DoorStatus {
  if (nowMs < door.opensAtMs) return 'upcoming';
  if (nowMs < door.closesAtMs) return 'open';
  return lateOpening ? 'late' : 'closed';
}

export type ClosedReason = 'not_in_season' | 'not_yet_open' | 'past';

/**
 * Whether a customer may open `door` at `nowMs`: open on its day from its opening time; a past day
 * only when the calendar allows late opening; a day to come never. No door: not in the season.
 */
export function mayOpen(
  door: DoorTimes | undefined,
  nowMs: number,
  lateOpening: boolean,
): { ok: true } | { ok: false; reason: ClosedReason } {
  if (door === undefined) return { ok: false, reason: 'not_in_season' };
  const status = doorStatus(door, nowMs, lateOpening);
  if (status === 'upcoming') return { ok: false, reason: 'not_yet_open' };
  if (status === 'closed') return { ok: false, reason: 'past' };
  return { ok: true };
}

/** A door's counters as they stand under its lock. */
export interface DoorState {
  readonly given: number;
  readonly drawn: boolean;
}

/**
 * What a customer's first opening gives: the next code while the door has codes left (its
 * `ordinal`, 1-based, to read the code set aside for it), the offer, or a place in the draw while
 * it is not drawn.
 */
export function firstOpening(
  reward: Reward,
  state: DoorState,
): { readonly codeOrdinal: number | null; readonly entered: boolean } {
  if (reward.kind === 'promo_code')
    return { codeOrdinal: state.given < reward.count ? state.given + 1 : null, entered: false };
  if (reward.kind === 'draw') return { codeOrdinal: null, entered: !state.drawn };
  return { codeOrdinal: null, entered: false };
}

/** A play as stored, and the reward it shows, the same at every reading. */
export function playReward(
  reward: Reward,
  play: { readonly code: string | null; readonly entered: boolean; readonly won: boolean | null },
  drawn: boolean,
): PlayReward {
  if (reward.kind === 'promo_code') return { kind: 'promo_code', code: play.code };
  if (reward.kind === 'offer')
    return { kind: 'offer', sku: reward.sku, channel: reward.channel, price: reward.price };
  return {
    kind: 'draw',
    prize: reward.prize,
    entered: play.entered,
    drawn,
    won: drawn ? play.entered && play.won === true : null,
  };
}

/**
 * `winners` of `players` drawn uniformly without replacement (a partial Fisher–Yates shuffle),
 * with `random` in [0, 1); all of them when there are fewer players than winners. Sorted.
 */
export function drawWinners(players: readonly string[], winners: number, random: () => number): string[] {
  const pool = [...players];
  const count = Math.min(winners, pool.length);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count).sort();
}

/** Whether a door's reward may be replaced: not once someone opened it, as they were answered by it. */
export function sameReward(a: Reward, b: Reward): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(reward: Reward): unknown[] {
  if (reward.kind === 'promo_code') return [reward.kind, reward.batch, reward.count];
  if (reward.kind === 'offer') return [reward.kind, reward.sku, reward.channel, reward.price];
  return [reward.kind, reward.winners, reward.prize];
}
