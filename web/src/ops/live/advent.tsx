/**
 * The advent calendar in season, on the wall: today's players and the promo codes given and left in
 * big figures, beside a bar of players per day (today's in the green of "now", days to come empty).
 */
import type { AdventParticipation } from '../../../../src/campaigns/advent/contract.js';
import { figure } from '../../format.js';

type AdventDay = AdventParticipation['days'][number];

/** "Wed 3 Dec": a calendar day names no instant, so it is written as it is, never moved to a time zone. */
const dayFormat = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});
const dayName = (day: string) => dayFormat.format(new Date(`${day}T00:00:00Z`));

const kindText: Record<AdventDay['kind'], string> = { promo_code: 'codes', offer: 'offer', draw: 'draw' };

/** What a bar's tooltip says of its day: its players and, for codes or a draw, what is given and left. */
function dayText(day: AdventDay): string {
  const players = `${figure(day.players)} ${day.players === 1 ? 'player' : 'players'}`;
  if (day.status === 'upcoming') return `${dayName(day.day)}: ${kindText[day.kind]}, not open yet`;
  if (day.kind === 'promo_code')
    return `${dayName(day.day)}: ${players} · ${figure(day.given)} codes given, ${figure(day.remaining)} left`;
  if (day.kind === 'draw')
    return `${dayName(day.day)}: ${players} · draw, ${figure(day.given)} winners drawn`;
  return `${dayName(day.day)}: ${players} · offer`;
}

function Day({ day, today, peak }: { day: AdventDay; today: string; peak: number }) {
  const when = day.day === today ? 'today' : day.day < today ? 'past' : 'to-come';
  const text = dayText(day);
  return (
    <li class={`advent-day ${when}`} data-day={day.day} data-players={day.players} title={text}>
      <span class="advent-track" aria-hidden="true">
        {when !== 'to-come' && (
          <span class="advent-bar" style={{ height: `${(100 * day.players) / Math.max(1, peak)}%` }} />
        )}
      </span>
      <span class="advent-date" aria-hidden="true">
        {Number(day.day.slice(8))}
      </span>
      <span class="visually-hidden">{text}</span>
    </li>
  );
}

export function AdventPanel({ advent }: { advent: AdventParticipation }) {
  const today = advent.days.find((day) => day.day === advent.today);
  const codeDays = advent.days.filter((day) => day.kind === 'promo_code');
  const codesGiven = codeDays.reduce((sum, day) => sum + day.given, 0);
  // Codes left are those a player may still get: a closed door's codes go to no one.
  const codesLeft = codeDays
    .filter((day) => day.status !== 'closed')
    .reduce((sum, day) => sum + (day.remaining ?? 0), 0);
  const peak = Math.max(0, ...advent.days.map((day) => day.players));
  return (
    <section class="card panel advent" aria-labelledby="advent-title" data-panel="advent">
      <h2 id="advent-title">
        Advent calendar <span class="advent-name">{advent.name}</span>
      </h2>
      <div class="advent-body">
        <dl class="advent-figures">
          <div data-figure="today">
            <dt>Players today</dt>
            <dd>{figure(today?.players ?? 0)}</dd>
          </div>
          {codeDays.length > 0 && (
            <>
              <div data-figure="codes-given">
                <dt>Codes given</dt>
                <dd>{figure(codesGiven)}</dd>
              </div>
              <div data-figure="codes-left">
                <dt>Codes left</dt>
                <dd>{figure(codesLeft)}</dd>
              </div>
            </>
          )}
        </dl>
        <div class="advent-plot">
          {peak > 0 && (
            <span class="advent-peak" aria-hidden="true">
              {figure(peak)}
            </span>
          )}
          <ol class="advent-days" aria-label="Players per day">
            {advent.days.map((day) => (
              <Day key={day.day} day={day} today={advent.today} peak={peak} />
            ))}
          </ol>
        </div>
      </div>
    </section>
  );
}
