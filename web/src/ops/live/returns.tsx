/**
 * Returns on the wall while the last weeks had any: the return rate of each ISO week as a bar (this
 * week last, marked), the returns awaiting their parcel and their refund, the SKUs and reasons most
 * returned, and the way to the report. The weeks after a peak are when the bars swell.
 */
import type { ReturnsRoom } from '../../../../src/returns/contract.js';
import { Link } from '../../components/link.js';
import { figure } from '../../format.js';
import { rate, reasonLabels } from '../../returns/marks.js';

type Week = ReturnsRoom['weeks'][number];

/** What a week's bar says on hover and to a screen reader. */
function weekText(week: Week): string {
  return `${week.week}: ${rate(week.rate_bp)}, ${figure(week.returned)} returned of ${figure(week.delivered)} delivered`;
}

function WeekBar({ week, highestBp, current }: { week: Week; highestBp: number; current: boolean }) {
  const text = weekText(week);
  const classes = ['returns-wall-week', current && 'current', week.rate_bp === null && 'no-delivery'];
  return (
    <li
      class={classes.filter(Boolean).join(' ')}
      data-week={week.week}
      data-rate-bp={week.rate_bp ?? ''}
      title={text}
    >
      <span class="returns-wall-track" aria-hidden="true">
        {week.rate_bp !== null && (
          // A rate may pass 100 % after a peak (few deliveries, the peak's returns): the scale is the highest.
          <span
            class="returns-wall-bar"
            style={{ height: `${(100 * week.rate_bp) / Math.max(1, highestBp)}%` }}
          />
        )}
      </span>
      <span class="returns-wall-label" aria-hidden="true">
        {week.week.slice(5)}
      </span>
      <span class="visually-hidden">{text}</span>
    </li>
  );
}

export function ReturnsPanel({ returns }: { returns: ReturnsRoom }) {
  const thisWeek = returns.weeks.at(-1);
  const highestBp = Math.max(0, ...returns.weeks.map((week) => week.rate_bp ?? 0));
  return (
    <section class="card panel returns-wall" aria-labelledby="returns-wall-title" data-panel="returns">
      <h2 id="returns-wall-title">Returns</h2>
      <div class="returns-wall-body">
        <dl class="returns-wall-figures">
          <div data-figure="this-week">
            <dt>Rate this week</dt>
            <dd>{rate(thisWeek?.rate_bp ?? null)}</dd>
          </div>
          <div data-figure="awaiting-receipt">
            <dt>Awaiting their parcel</dt>
            <dd>{figure(returns.awaiting_receipt)}</dd>
          </div>
          <div data-figure="awaiting-refund">
            <dt>Awaiting their refund</dt>
            <dd>{figure(returns.awaiting_refund)}</dd>
          </div>
        </dl>
        <div class="returns-wall-plot">
          <span class="returns-wall-peak" aria-hidden="true">
            {rate(highestBp)}
          </span>
          <ol class="returns-wall-weeks" aria-label="Return rate by ISO week, this week last">
            {returns.weeks.map((week) => (
              <WeekBar key={week.week} week={week} highestBp={highestBp} current={week === thisWeek} />
            ))}
          </ol>
        </div>
        <div class="returns-wall-top">
          <table class="compact" aria-label="Most returned SKUs">
            <thead>
              <tr>
                <th>SKU</th>
                <th class="num">Units</th>
                <th class="num">Rate</th>
              </tr>
            </thead>
            <tbody>
              {returns.top_skus.map((row) => (
                <tr key={row.sku} data-sku={row.sku}>
                  <td class="name" title={row.name}>
                    {row.sku}
                  </td>
                  <td class="num">{figure(row.returned)}</td>
                  <td class="num">{rate(row.rate_bp)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table class="compact" aria-label="Reasons given">
            <thead>
              <tr>
                <th>Reason</th>
                <th class="num">Units</th>
                <th class="num">Rate</th>
              </tr>
            </thead>
            <tbody>
              {returns.top_reasons.map((row) => (
                <tr key={row.reason} data-reason={row.reason}>
                  <td class="name">{reasonLabels[row.reason]}</td>
                  <td class="num">{figure(row.returned)}</td>
                  <td class="num">{rate(row.rate_bp)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <p class="returns-wall-more">
        <Link to="/returns/rates">The return rates by week, SKU and reason →</Link>
      </p>
    </section>
  );
}
