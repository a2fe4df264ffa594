/**
 * The advent calendar of a rehearsal: a calendar whose only door is today's, with single-use codes
 * set aside for its first players; the players' emails as they type them; and, for the audit, the
 * door and every play as the server kept them.
 */
import { DateTime } from 'luxon';
import type { AdventCalendar, DoorView, Play, Plays } from '../campaigns/advent/contract.js';
import { rehearsalLimits as limits } from '../platform/core/limits.js';
import type { Transport } from './http.js';
import type { Scenario } from './scenario.js';
import type { Spelling } from './schedule.js';
import type { SetUpCall } from './setup.js';

/** Where the door's day is counted: the calendar's default, the shop's own in France. */
export const adventTimeZone = 'Europe/Paris';

export interface RehearsalAdvent {
  /** The calendar's season: the run id, so a rehearsal never touches a shop's real calendar. */
  readonly season: string;
  /** Today in `adventTimeZone`, the door's day. */
  readonly day: string;
  /** Codes the door sets aside. */
  readonly codes: number;
  /** Every code of the batch, upper case: a code given must be one of them. */
  readonly batch: readonly string[];
}

/** The player's email as a device sends it; `plain` is the customer as the server keeps it. */
export function playerEmail(player: number, spelling: Spelling): string {
  if (spelling === 'capitals') return `Player-${player}@Rehearsal.Example.com`;
  if (spelling === 'tagged') return `player-${player}+advent@rehearsal.example.com`;
  return `player-${player}@rehearsal.example.com`;
}

/** The codes of a batch's CSV file (a header line, then `code,used`). */
export function batchCodes(file: string): string[] {
  return file
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(',')[0]!.trim().toUpperCase())
    .filter((code) => code !== '');
}

/**
 * A promo code of the run on its channel, a batch of `codes` single-use codes made from it, and a
 * calendar with one door today that sets them aside. A run that goes past midnight in Paris finds
 * the door closed: rehearse during the day.
 */
export async function setUpAdvent(
  send: SetUpCall,
  advent: NonNullable<Scenario['advent']>,
  runId: string,
  channel: string,
  nowMs = Date.now(),
): Promise<RehearsalAdvent> {
  const template = `${runId}-ADVENT`;
  await send(
    'POST',
    '/v1/promo-codes',
    { code: template, kind: 'percent', value: 10, channels: [channel], stacks_with_sales: false },
    201,
  );
  const file = await send('POST', `/v1/promo-codes/${template}/batch`, { count: advent.codes }, 201);
  const batch = batchCodes(String(file));
  if (batch.length !== advent.codes)
    throw new Error(`set-up: the batch of ${template} has ${batch.length} codes, not ${advent.codes}`);
  const day = DateTime.fromMillis(nowMs, { zone: adventTimeZone }).toISODate()!;
  await send(
    'PUT',
    `/v1/advent/${runId}`,
    {
      name: `Rehearsal ${runId}`,
      time_zone: adventTimeZone,
      first_day: day,
      last_day: day,
      opens_at: '00:00',
      doors: [{ day, reward: { kind: 'promo_code', batch: template, count: advent.codes } }],
    },
    201,
  );
  return { season: runId, day, codes: advent.codes, batch };
}

/** The door and every play of its day, as the server kept them. */
export interface AdventRecord {
  readonly door: DoorView | undefined;
  readonly plays: readonly Play[];
}

/**
 * Reads the calendar's door and every page of its day's plays through the admin API, as many pages
 * as the audit reads of the order listing (a million plays).
 */
export async function readAdvent(
  transport: Transport,
  adminKey: string,
  advent: RehearsalAdvent,
  timeoutMs: number,
): Promise<AdventRecord> {
  const get = async <T>(path: string): Promise<T> => {
    const answer = await transport.request('GET', path, { key: adminKey, timeoutMs });
    if (answer.status !== 200)
      throw new Error(`GET ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body as T;
  };
  const calendar = await get<AdventCalendar>(`/v1/advent/${advent.season}`);
  const plays: Play[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < limits.auditListingPagesMax; page++) {
    const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const body: Plays = await get<Plays>(
      `/v1/advent/${advent.season}/days/${advent.day}/plays?limit=1000${query}`,
    );
    plays.push(...body.data);
    cursor = body.next_cursor;
    if (cursor === null) break;
  }
  if (cursor !== null) throw new Error(`the day's plays have more than ${limits.auditListingPagesMax} pages`);
  return { door: calendar.doors.find((door) => door.day === advent.day), plays };
}
