/**
 * The demo shop's advent calendar for the season of today: 24 doors, 1 to 24 December, opening at
 * 09:00 in Paris. Twenty give the first 4 players each a single-use €3 code of the ADVENT batch,
 * four enter the day's players in a draw. The calendar is set up a week before its first door, and
 * the doors already open have been played by customers of the order history, each at the instant
 * they opened it: the steps are written in time order with that history, so the operations room
 * shows each day's players.
 */
import { DateTime } from 'luxon';
import { openDoor, putAdventCalendar } from '../campaigns/index.js';
import type { AppContext } from '../platform/context.js';
import { createPromoCode, makeBatch } from '../pricing/index.js';
import { dayMs, minuteMs } from './plan.js';
import { expectOk } from './write-use-cases.js';

/** One step of the season's past: run with the demo clock set to `atMs`. */
export interface AdventStep {
  readonly atMs: number;
  run(ctx: AppContext): Promise<void>;
}

const timeZone = 'Europe/Paris';
const opensAt = { hour: 9, minute: 0 };
const daysCount = 24;
/** 20 code doors of 4 take 80 of the batch's 100: the rest stay free for the shop's other uses. */
const codesPerDoor = 4;
const batchSize = 100;
/** Days of a draw instead of codes: Saint-Nicolas, two gift cards, and Christmas Eve's big one. */
const draws: ReadonlyMap<number, { winners: number; prize: string }> = new Map([
  [6, { winners: 3, prize: 'A Saint-Nicolas hamper' }],
  [13, { winners: 5, prize: 'A €50 gift card' }],
  [20, { winners: 5, prize: 'A €50 gift card' }],
  [24, { winners: 1, prize: 'A €500 Christmas shopping spree' }],
]);
/** Between two players of a door: a door's players come in over the morning after it opens. */
const playGapMs = 11 * minuteMs;
/** Who made the calendar and its codes: no API key did. */
const demoActor = 'demo';

/** A door's players: between 10 and 22, varying from day to day as a mailing or a post would make them. */
const playersOfDay = (day: number) => 10 + ((day * 7) % 13);

/**
 * The steps of the advent season up to `nowMs`, in time order: the ADVENT code, its batch and the
 * calendar a week before the first door (or as early as the history allows, `fromMs`), then each
 * opening of a door by one of `customers` (emails), from 09:00 on its day.
 */
export function planAdvent(fromMs: number, nowMs: number, customers: readonly string[]): AdventStep[] {
  const season = String(DateTime.fromMillis(nowMs, { zone: timeZone }).year);
  const dayOf = (day: number) => `${season}-12-${String(day).padStart(2, '0')}`;
  const opening = (day: number) => DateTime.fromISO(dayOf(day), { zone: timeZone }).set(opensAt).toMillis();
  const setUpAtMs = Math.min(nowMs, Math.max(fromMs, opening(1) - 7 * dayMs));
  const steps: AdventStep[] = [
    {
      atMs: setUpAtMs,
      async run(ctx) {
        expectOk(
          await createPromoCode(
            ctx,
            { code: 'ADVENT', kind: 'amount', value: 300, channels: ['web'], stacks_with_sales: true },
            demoActor,
          ),
          'promo code ADVENT',
        );
        expectOk(await makeBatch(ctx, 'ADVENT', batchSize, demoActor), 'the ADVENT batch');
        const doors = Array.from({ length: daysCount }, (_, index) => {
          const day = index + 1;
          const draw = draws.get(day);
          return {
            day: dayOf(day),
            reward:
              draw === undefined
                ? { kind: 'promo_code' as const, batch: 'ADVENT', count: codesPerDoor }
                : { kind: 'draw' as const, ...draw },
          };
        });
        expectOk(
          await putAdventCalendar(ctx, season, {
            name: `Advent calendar ${season}`,
            time_zone: timeZone,
            opens_at: '09:00',
            doors,
          }),
          `the advent calendar ${season}`,
        );
      },
    },
  ];
  if (customers.length === 0) return steps;
  for (let day = 1; day <= daysCount; day++) {
    // A door opened before the calendar was set up, when the history is short, has no players.
    if (opening(day) < setUpAtMs) continue;
    for (let player = 0; player < playersOfDay(day); player++) {
      const atMs = opening(day) + player * playGapMs;
      if (atMs > nowMs) break;
      // Each day starts further along the list: some customers come back day after day, some do not.
      const customer = customers[(day * 5 + player) % customers.length]!;
      steps.push({
        atMs,
        async run(ctx) {
          expectOk(await openDoor(ctx, season, { customer }), `opening the door of ${dayOf(day)}`);
        },
      });
    }
  }
  return steps;
}
