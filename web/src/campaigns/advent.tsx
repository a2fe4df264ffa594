/** The advent tab: a season's doors as the calendar shows them, each with its players and rewards, and who opened a door. */
import { useState } from 'preact/hooks';
import type { AdventCalendar, DoorView, Play, Plays } from '../../../src/campaigns/advent/contract.js';
import type { Channel } from '../../../src/catalog/contract.js';
import { api, query } from '../api.js';
import { ErrorNote } from '../components/forms.js';
import { useLoad } from '../components/load.js';
import { Pager } from '../components/pager.js';
import { dateTime, figure, money } from '../format.js';
import { CampaignTabs } from './tabs.js';

const playsPerPage = 50;

function rewardText(reward: DoorView['reward'], currencies: ReadonlyMap<string, string>): string {
  if (reward.kind === 'promo_code') return `${reward.count} codes of ${reward.batch}`;
  if (reward.kind === 'offer') {
    const currency = currencies.get(reward.channel);
    const price = currency === undefined ? String(reward.price) : money(reward.price, currency);
    return `${reward.sku} at ${price} on ${reward.channel}`;
  }
  return `Draw: ${reward.winners} × ${reward.prize}`;
}

function playText(play: Play): string {
  const reward = play.reward;
  if (reward.kind === 'promo_code') return reward.code ?? 'no code left';
  if (reward.kind === 'offer') return `offer of ${reward.sku}`;
  if (!reward.entered) return 'too late for the draw';
  if (!reward.drawn) return 'in the draw';
  return reward.won ? 'won' : 'not drawn';
}

/** Players, and what the door gave of its reward: codes given and left, or its draw's winners. */
function doorFigures(door: DoorView): string {
  const players = `${figure(door.players)} ${door.players === 1 ? 'player' : 'players'}`;
  if (door.reward.kind === 'promo_code')
    return `${players} · ${figure(door.given)} given, ${figure(door.remaining)} left`;
  if (door.reward.kind === 'draw')
    return door.drawn_at === null
      ? `${players} · ${figure(door.reward.winners)} to draw`
      : `${players} · ${figure(door.given)} drawn`;
  return players;
}

const statusText: Record<DoorView['status'], string> = {
  upcoming: 'upcoming',
  open: 'open',
  closed: 'closed',
  late: 'open late',
};

function Door({
  door,
  today,
  chosen,
  currencies,
  onChoose,
}: {
  door: DoorView;
  today: boolean;
  chosen: boolean;
  currencies: ReadonlyMap<string, string>;
  onChoose: () => void;
}) {
  return (
    <li class={`advent-door status-${door.status}${today ? ' today' : ''}`} data-day={door.day}>
      <button
        type="button"
        aria-pressed={chosen}
        aria-current={today ? 'date' : undefined}
        onClick={onChoose}
      >
        <span class="advent-door-day">{Number(door.day.slice(8))}</span>
        <span class="advent-door-reward">{rewardText(door.reward, currencies)}</span>
        <span class="advent-door-figures">{doorFigures(door)}</span>
        <span class="advent-door-status">{statusText[door.status]}</span>
      </button>
    </li>
  );
}

/** Who opened one door, a page at a time. */
function DoorPlays({ season, door }: { season: string; door: DoorView }) {
  const [cursor, setCursor] = useState<string | null>(null);
  const plays = useLoad(
    () =>
      api<Plays>(
        'GET',
        `/v1/advent/${encodeURIComponent(season)}/days/${door.day}/plays${query({ limit: playsPerPage, cursor })}`,
      ),
    [season, door.day, cursor],
  );
  const rows = plays.data?.data ?? [];
  return (
    <div class="card">
      <h2 id="advent-plays-title">Who opened {door.day}</h2>
      <ErrorNote error={plays.error} />
      {plays.data !== undefined && rows.length === 0 && <p class="empty">Nobody opened this door yet.</p>}
      {rows.length > 0 && (
        <table class="rows" aria-labelledby="advent-plays-title">
          <thead>
            <tr>
              <th scope="col">Customer</th>
              <th scope="col">Opened</th>
              <th scope="col">Got</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((play) => (
              <tr key={play.customer}>
                <td>{play.customer}</td>
                <td>{dateTime(play.opened_at)}</td>
                <td>{playText(play)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager cursor={cursor} next={plays.data?.next_cursor ?? null} onPage={setCursor} />
    </div>
  );
}

function Season({
  calendar,
  currencies,
}: {
  calendar: AdventCalendar;
  currencies: ReadonlyMap<string, string>;
}) {
  const [chosenDay, setChosenDay] = useState<string | null>(null);
  const chosen = calendar.doors.find((door) => door.day === (chosenDay ?? calendar.today));
  return (
    <>
      <div class="card">
        <h2>{calendar.name}</h2>
        <p class="muted">
          {calendar.first_day} to {calendar.last_day}, each door from {calendar.opens_at} (
          {calendar.time_zone}) to midnight{calendar.late_opening ? ', past days open late' : ''}.{' '}
          {figure(calendar.players)} openings in all.
        </p>
        <ol class="advent-doors" aria-label={`Doors of ${calendar.name}`}>
          {calendar.doors.map((door) => (
            <Door
              key={door.day}
              door={door}
              today={door.day === calendar.today}
              chosen={door.day === chosen?.day}
              currencies={currencies}
              onChoose={() => setChosenDay(door.day)}
            />
          ))}
        </ol>
      </div>
      {chosen !== undefined && <DoorPlays key={chosen.day} season={calendar.season} door={chosen} />}
    </>
  );
}

export function AdventPage() {
  const calendars = useLoad(() => api<{ data: AdventCalendar[] }>('GET', '/v1/advent'), []);
  const channels = useLoad(() => api<{ data: Channel[] }>('GET', '/v1/channels'), []);
  const [season, setSeason] = useState<string | null>(null);
  const all = calendars.data?.data ?? [];
  // The season in progress first, else the latest.
  const shown =
    all.find((each) => each.season === season) ?? all.find((each) => each.today !== null) ?? all[0];
  const currencies = new Map((channels.data?.data ?? []).map((channel) => [channel.code, channel.currency]));
  return (
    <section>
      <h1>Advent calendar</h1>
      <CampaignTabs current="/advent" />
      <p class="muted">
        A door a day per customer: the first opening gets the door’s reward, every later try the same answer.
      </p>
      <ErrorNote error={calendars.error} />
      {calendars.data !== undefined && all.length === 0 && (
        <p class="empty">No advent calendar yet: PUT /v1/advent/{'{season}'} sets one.</p>
      )}
      {all.length > 1 && (
        <nav class="tabs" aria-label="Seasons">
          {all.map((each) => (
            <button
              type="button"
              key={each.season}
              class={each.season === shown?.season ? 'active' : ''}
              aria-pressed={each.season === shown?.season}
              onClick={() => setSeason(each.season)}
            >
              {each.season}
            </button>
          ))}
        </nav>
      )}
      {shown !== undefined && <Season key={shown.season} calendar={shown} currencies={currencies} />}
    </section>
  );
}
