/**
 * The live page, the wall of the operations room: figures every second, charts, the advent calendar
 * while in season, the orders sold beyond stock while any wait, the last weeks' returns while there
 * were any, the customer contacts of the last hour while there were any, lists and the switches.
 */
import { Shell } from '../components/shell.js';
import { clockTime } from '../format.js';
import { AdventPanel } from './live/advent.js';
import { BackordersPanel } from './live/backorders.js';
import { Charts } from './live/charts.js';
import { ContactsPanel } from './live/contacts.js';
import { BestSellers, FiringAlerts, OpenIncidents, Stockouts } from './live/panels.js';
import { ReturnsPanel } from './live/returns.js';
import { type LiveState, useLive } from './live/stream.js';
import { SwitchesPanel } from './live/switches.js';
import { Tiles } from './live/tiles.js';

const stateText: Record<LiveState, string> = {
  connecting: 'connecting',
  live: 'live',
  reconnecting: 'reconnecting',
};

export function Live({ path, apiKey }: { path: string; apiKey: string }) {
  const { overview, state } = useLive(apiKey);
  const status = (
    <>
      {overview !== null && <time class="clock">{clockTime(new Date(overview.at))}</time>}
      <output class={`live-state state-${state}`} aria-live="polite">
        <span class="dot" aria-hidden="true" />
        {stateText[state]}
      </output>
    </>
  );
  if (overview === null) {
    return (
      <Shell path={path} status={status}>
        <p class="empty big">Connecting to the live figures…</p>
      </Shell>
    );
  }
  const nowMs = Date.parse(overview.at);
  return (
    <Shell path={path} status={status}>
      <div class={`live${state === 'live' ? '' : ' stale'}`}>
        <Tiles overview={overview} />
        <Charts overview={overview} />
        {overview.advent !== null && <AdventPanel advent={overview.advent} />}
        {overview.backorders.waiting_lines > 0 && <BackordersPanel backorders={overview.backorders} />}
        {overview.returns.totals.returned > 0 && <ReturnsPanel returns={overview.returns} />}
        {overview.contacts.last_hour.contacts > 0 && <ContactsPanel contacts={overview.contacts} />}
        <div class="live-lists">
          <div class="stack">
            <FiringAlerts alerts={overview.alerts} nowMs={nowMs} />
            <OpenIncidents incidents={overview.incidents} nowMs={nowMs} />
          </div>
          <Stockouts stockouts={overview.stockouts} />
          <BestSellers skus={overview.top_skus} />
          <SwitchesPanel switches={overview.switches} />
        </div>
      </div>
    </Shell>
  );
}
