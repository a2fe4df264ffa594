/**
 * Orders sold beyond stock, on the wall while any wait: the order lines waiting for stock, those a
 * late or short purchase order made late in red, the first of them with the date promised and the
 * date now expected, and the way to the Incoming pages where they are dealt with.
 */
import type { Overview } from '../../../../src/ops/contract.js';
import { Link } from '../../components/link.js';
import { civilDate, figure } from '../../format.js';

type Backorders = Overview['backorders'];
type DelayedLine = Backorders['delayed_line_list'][number];

/** A day as people read it; "no date" when nothing incoming covers the line, the worst news of all. */
function Day({ day }: { day: string | null }) {
  if (day === null) return <span class="beyond-stock-no-date">no date</span>;
  return <time dateTime={day}>{civilDate(day)}</time>;
}

function Line({ line }: { line: DelayedLine }) {
  return (
    <tr data-order={line.order_number} data-sku={line.sku}>
      <td>
        <Link to={`/orders/${encodeURIComponent(line.order_id)}`}>{line.order_number}</Link>
      </td>
      <td class="name" title={`${line.sku} on ${line.channel}`}>
        {line.sku} <span class="muted">{line.channel}</span>
      </td>
      <td class="num">{figure(line.waiting)}</td>
      <td>
        <Day day={line.promised_on} />
      </td>
      <td class="beyond-stock-expected">
        <Day day={line.expected_on} />
      </td>
    </tr>
  );
}

export function BackordersPanel({ backorders }: { backorders: Backorders }) {
  const late = backorders.delayed_lines;
  const listed = backorders.delayed_line_list;
  // The counts and the list are read apart: a line served between them must not make this negative.
  const notListed = Math.max(0, late - listed.length);
  return (
    <section class="card panel beyond-stock" aria-labelledby="beyond-stock-title" data-panel="beyond-stock">
      <h2 id="beyond-stock-title">Sold beyond stock</h2>
      <div class="beyond-stock-body">
        <dl class="wall-figures">
          <div data-figure="waiting">
            <dt>Lines waiting</dt>
            <dd>{figure(backorders.waiting_lines)}</dd>
          </div>
          <div data-figure="late" class={late > 0 ? 'beyond-stock-late' : undefined}>
            <dt>Late</dt>
            <dd>{figure(late)}</dd>
          </div>
        </dl>
        <div class="beyond-stock-lines">
          {listed.length === 0 ? (
            <p class="empty">Every waiting line is expected by the date promised.</p>
          ) : (
            <table class="compact">
              <caption class="visually-hidden">Late order lines, those waiting longest first</caption>
              <thead>
                <tr>
                  <th>Order</th>
                  <th>SKU</th>
                  <th class="num">Units</th>
                  <th>Promised</th>
                  <th>Expected</th>
                </tr>
              </thead>
              <tbody>
                {listed.map((line) => (
                  <Line key={line.id} line={line} />
                ))}
              </tbody>
            </table>
          )}
          <p class="beyond-stock-more">
            {notListed > 0 && <span>{figure(notListed)} more late. </span>}
            <Link to="/incoming/backorders?delayed=true">The waiting orders, the delayed first →</Link>
          </p>
        </div>
      </div>
    </section>
  );
}
