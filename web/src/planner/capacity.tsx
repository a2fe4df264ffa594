/** Whether the site will hold: the forecast's busiest minute against what a rehearsal sustained. */
import type { CapacityPlan } from '../../../src/planner/contract.js';
import { civilDate, figure, percent } from '../format.js';
import { headroomMin, perSecond, times } from './marks.js';

function tone(capacity: CapacityPlan): string {
  if (capacity.enough === null) return '';
  return capacity.enough ? 'tone-good' : 'tone-bad';
}

export function Capacity({ capacity }: { capacity: CapacityPlan }) {
  return (
    <section class="plan-section" aria-labelledby="plan-capacity">
      <h2 id="plan-capacity">Capacity</h2>
      {capacity.enough === false && (
        <p class="plan-alert" data-headroom-warning>
          <strong>
            Headroom {times(capacity.headroom)}, under {headroomMin}×.
          </strong>{' '}
          A minute three times the forecast is not rare: raise the capacity (scale out, lighten the busiest
          calls, or hold orders in the waiting room) and rehearse again before the peak.
        </p>
      )}
      <div class="tiles plan-capacity">
        <div class="tile" data-figure="peak">
          <span class="plan-tile-label">Busiest minute</span>
          <span class="tile-value">{perSecond(capacity.peak_orders_per_s)}</span>
          <span class="tile-note">
            {capacity.busiest_day === null ? 'no open day' : `on ${civilDate(capacity.busiest_day)}`}
          </span>
        </div>
        <div class="tile" data-figure="capacity">
          <span class="plan-tile-label">Capacity</span>
          <span class="tile-value">
            {capacity.capacity_orders_per_s === null
              ? 'not measured'
              : perSecond(capacity.capacity_orders_per_s)}
          </span>
          <span class="tile-note">{capacity.capacity_source ?? 'no rehearsal given'}</span>
        </div>
        <div class={`tile ${tone(capacity)}`} data-figure="headroom">
          <span class="plan-tile-label">Headroom</span>
          <span class="tile-value">{times(capacity.headroom)}</span>
          <span class="tile-note">
            {capacity.enough === null
              ? 'unknown without a capacity'
              : capacity.enough
                ? `at least the ${headroomMin}× asked`
                : `under the ${headroomMin}× asked`}
          </span>
        </div>
      </div>
      <p class="muted plan-note">
        {capacity.busiest_day === null
          ? 'No open day in the window.'
          : `The busiest day, ${civilDate(capacity.busiest_day)}, may bring up to ${figure(capacity.busiest_day_orders_high95)} orders (95 % bound). On the busiest tenth of past days the busiest minute took ${percent(capacity.busiest_minute_share)} of the day’s orders: that is the peak above.`}{' '}
        {capacity.capacity_orders_per_s === null &&
          'Run `affluence rehearse` and plan again with its report (--rehearsal) to weigh the headroom.'}
      </p>
    </section>
  );
}
