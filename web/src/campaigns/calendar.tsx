/** The campaign calendar: a month or a week of items, filtered, with the window's conflicts and the campaign opened. */
import type { Calendar, CampaignItem, Conflicts } from '../../../src/campaigns/calendar/contract.js';
import type { Channel } from '../../../src/catalog/contract.js';
import { api, query } from '../api.js';
import { ErrorNote, Field, inputValue } from '../components/forms.js';
import { useLoad } from '../components/load.js';
import { navigate } from '../router.js';
import { CampaignPanel } from './campaign-panel.js';
import { ConflictList, conflictItems, type Known, kindLabels } from './conflicts.js';
import {
  addDays,
  covers,
  dayKey,
  dayLong,
  dayShort,
  isSameDay,
  monthTitle,
  parseDay,
  step,
  type View,
  weekdayShort,
  weeksOf,
} from './dates.js';
import { CampaignTabs } from './tabs.js';

const filterNames = ['site', 'channel', 'segment'] as const;
type FilterName = (typeof filterNames)[number];
const filterLabels: Record<FilterName, string> = { site: 'Site', channel: 'Channel', segment: 'Segment' };

interface Placed {
  readonly item: CampaignItem;
  readonly campaignName: string;
}

/** Writes the page's state into the URL, so that a view, a day and filters can be shared and come back. */
function go(search: URLSearchParams, changes: Record<string, string | null>): void {
  const next = new URLSearchParams(search);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null || value === '') next.delete(name);
    else next.set(name, value);
  }
  const text = next.toString();
  navigate(`/campaigns${text === '' ? '' : `?${text}`}`);
}

function ItemChip({
  placed,
  inConflict,
  onOpen,
}: {
  placed: Placed;
  inConflict: boolean;
  onOpen: (campaignId: string) => void;
}) {
  const { item } = placed;
  return (
    <button
      type="button"
      class={`campaign-chip kind-${item.kind}${inConflict ? ' in-conflict' : ''}`}
      data-item-id={item.id}
      data-conflict={inConflict ? 'true' : undefined}
      title={`${placed.campaignName}: ${kindLabels[item.kind]} on ${item.site}, ${item.channel}, ${item.segment}`}
      onClick={() => onOpen(item.campaign_id)}
    >
      {/* The sign alone in a narrow day; the word for a screen reader and the tests. */}
      {inConflict && (
        <span class="chip-conflict">
          ⚠<span class="visually-hidden"> conflict</span>
        </span>
      )}
      <span class="chip-name">{placed.campaignName}</span>{' '}
      <span class="chip-kind">{kindLabels[item.kind]}</span>{' '}
      <span class={`chip-status campaign-status-${item.status}`}>{item.status}</span>
    </button>
  );
}

function Grid({
  view,
  anchor,
  placed,
  conflicted,
  onOpen,
}: {
  view: View;
  anchor: Date;
  placed: readonly Placed[];
  conflicted: ReadonlySet<string>;
  onOpen: (campaignId: string) => void;
}) {
  const weeks = weeksOf(view, anchor);
  const today = new Date();
  const title = view === 'month' ? monthTitle.format(anchor) : `Week of ${dayLong.format(weeks[0]![0]!)}`;
  return (
    <table aria-label={title} class={`campaign-grid campaign-grid-${view}`}>
      <thead>
        <tr>
          {weeks[0]!.map((day) => (
            <th key={dayKey(day)} scope="col">
              {view === 'month'
                ? weekdayShort.format(day)
                : `${weekdayShort.format(day)} ${dayShort.format(day)}`}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr key={dayKey(week[0]!)}>
            {week.map((day) => {
              const outside = view === 'month' && day.getMonth() !== anchor.getMonth();
              const onDay = placed.filter((each) => covers(each.item.starts_at, each.item.ends_at, day));
              return (
                <td
                  key={dayKey(day)}
                  aria-label={dayLong.format(day)}
                  data-day={dayKey(day)}
                  class={`campaign-day${outside ? ' outside' : ''}${isSameDay(day, today) ? ' today' : ''}`}
                >
                  <div class="day-number" aria-hidden="true">
                    {view === 'month' ? day.getDate() : ''}
                  </div>
                  {onDay.map((each) => (
                    <ItemChip
                      key={each.item.id}
                      placed={each}
                      inConflict={conflicted.has(each.item.id)}
                      onOpen={onOpen}
                    />
                  ))}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A filter's choices: the values of the window's items, whatever the other filters. */
function FilterSelect({
  name,
  values,
  chosen,
  onChoose,
}: {
  name: FilterName;
  values: readonly string[];
  chosen: string;
  onChoose: (value: string) => void;
}) {
  // A value shared in a link stays choosable even when this window has no item with it.
  const shown = chosen === '' || values.includes(chosen) ? values : [...values, chosen];
  return (
    <Field label={filterLabels[name]}>
      <select value={chosen} onChange={(event) => onChoose(inputValue(event))}>
        <option value="">all</option>
        {shown.map((value) => (
          <option key={value} value={value}>
            {value}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function CampaignsPage({ search }: { search: URLSearchParams }) {
  const view: View = search.get('view') === 'week' ? 'week' : 'month';
  const anchor = parseDay(search.get('date'));
  const filters: Record<FilterName, string> = {
    site: search.get('site') ?? '',
    channel: search.get('channel') ?? '',
    segment: search.get('segment') ?? '',
  };
  const opened = search.get('campaign');
  const weeks = weeksOf(view, anchor);
  const from = weeks[0]![0]!.toISOString();
  const to = addDays(weeks[weeks.length - 1]![6]!, 1).toISOString();

  const channels = useLoad(() => api<{ data: Channel[] }>('GET', '/v1/channels'), []);
  const all = useLoad(() => api<Calendar>('GET', `/v1/campaigns${query({ from, to })}`), [from, to]);
  const shown = useLoad(
    () => api<Calendar>('GET', `/v1/campaigns${query({ from, to, ...filters })}`),
    [from, to, filters.site, filters.channel, filters.segment],
  );
  const conflicts = useLoad(
    () => api<Conflicts>('GET', `/v1/campaigns/conflicts${query({ from, to })}`),
    [from, to],
  );
  const reloadAll = () => {
    all.reload();
    shown.reload();
    conflicts.reload();
  };

  const known: Known = {
    campaigns: new Map(all.data?.data.map((campaign) => [campaign.id, campaign])),
    items: new Map(all.data?.data.flatMap((campaign) => campaign.items.map((item) => [item.id, item]))),
    currencies: new Map(channels.data?.data.map((channel) => [channel.code, channel.currency])),
  };
  const placed: Placed[] = (shown.data?.data ?? []).flatMap((campaign) =>
    campaign.items.map((item) => ({ item, campaignName: campaign.name })),
  );
  const conflicted = new Set(conflicts.data?.data.flatMap(conflictItems));
  const allItems = [...known.items.values()];
  const valuesOf = (name: FilterName) => [...new Set(allItems.map((item) => item[name]))].sort();
  const unit = view === 'month' ? 'month' : 'week';

  return (
    <section>
      <h1>Campaigns</h1>
      <CampaignTabs current="/campaigns" />
      <div class="toolbar campaign-toolbar">
        <div class="tabs">
          {(['month', 'week'] as const).map((each) => (
            <button
              key={each}
              type="button"
              class={each === view ? 'active' : 'secondary'}
              aria-pressed={each === view}
              onClick={() => go(search, { view: each === 'month' ? null : each })}
            >
              {each === 'month' ? 'Month' : 'Week'}
            </button>
          ))}
        </div>
        <button
          type="button"
          class="secondary"
          onClick={() => go(search, { date: dayKey(step(view, anchor, -1)) })}
        >
          Previous {unit}
        </button>
        <button type="button" class="secondary" onClick={() => go(search, { date: null })}>
          Today
        </button>
        <button
          type="button"
          class="secondary"
          onClick={() => go(search, { date: dayKey(step(view, anchor, 1)) })}
        >
          Next {unit}
        </button>
        {filterNames.map((name) => (
          <FilterSelect
            key={name}
            name={name}
            values={valuesOf(name)}
            chosen={filters[name]}
            onChoose={(value) => go(search, { [name]: value })}
          />
        ))}
      </div>
      <ErrorNote error={shown.error ?? all.error ?? conflicts.error} />
      {shown.data?.truncated && (
        <p class="muted">More campaigns than one answer holds match: narrow the filters to see them all.</p>
      )}
      <div class="campaign-layout">
        <div class="card">
          <h2>{view === 'month' ? monthTitle.format(anchor) : `Week of ${dayLong.format(weeks[0]![0]!)}`}</h2>
          <Grid
            view={view}
            anchor={anchor}
            placed={placed}
            conflicted={conflicted}
            onOpen={(id) => go(search, { campaign: id })}
          />
          {shown.data !== undefined && placed.length === 0 && (
            <p class="empty">No campaign item in this {unit} on these filters.</p>
          )}
          <p class="muted">Days are this browser’s local days.</p>
        </div>
        <div>
          {opened !== null && (
            <CampaignPanel
              id={opened}
              known={known}
              onChanged={reloadAll}
              onClose={() => go(search, { campaign: null })}
            />
          )}
          <ConflictList conflicts={conflicts.data?.data} total={conflicts.data?.total ?? 0} known={known} />
        </div>
      </div>
    </section>
  );
}
