/** Stock to order per top seller, by when; a line whose order-by day is past stands out as late. */
import type { ComponentChildren } from 'preact';
import type { StockLine, StockPlan } from '../../../src/planner/contract.js';
import { civilDate, figure, percent } from '../format.js';

function known(value: number | null): string {
  return value === null ? '—' : figure(value);
}

function OrderBy({ line }: { line: StockLine }) {
  if (line.order_by === null) return <span class="muted">—</span>;
  return (
    <>
      {civilDate(line.order_by)}
      {line.late && <span class="badge plan-late-badge">Late</span>}
    </>
  );
}

export function StockToOrder({
  stock,
  skuLabel,
}: {
  stock: StockPlan;
  skuLabel: (sku: string) => ComponentChildren;
}) {
  const late = stock.lines.filter((line) => line.late);
  return (
    <section class="plan-section" aria-labelledby="plan-stock">
      <h2 id="plan-stock">Stock to order</h2>
      {late.length > 0 && (
        <p class="plan-alert" data-late-count={late.length}>
          <strong>
            {late.length} {late.length === 1 ? 'SKU is' : 'SKUs are'} late:
          </strong>{' '}
          ordered today, {late.length === 1 ? 'it arrives' : 'they arrive'} after the window opens. Order now,
          and ask the supplier for a faster delivery.
        </p>
      )}
      {stock.lines.length === 0 ? (
        <p class="empty">No top seller to stock.</p>
      ) : (
        <div class="card">
          <table class="rows plan-stock">
            <caption>
              What each top seller must hold: what it sells before the window, and with a{' '}
              {percent(stock.service_level)} chance all the window sells; less what is free and on order.
            </caption>
            <thead>
              <tr>
                <th scope="col">SKU</th>
                <th scope="col" class="num">
                  Before the window
                </th>
                <th scope="col" class="num">
                  In the window
                </th>
                <th scope="col" class="num">
                  Need
                </th>
                <th scope="col" class="num">
                  Free
                </th>
                <th scope="col" class="num">
                  On order
                </th>
                <th scope="col" class="num">
                  To order
                </th>
                <th scope="col" class="num">
                  Lead time
                </th>
                <th scope="col">Order by</th>
              </tr>
            </thead>
            <tbody>
              {stock.lines.map((line) => (
                <tr
                  key={line.sku}
                  data-stock-sku={line.sku}
                  class={line.late ? 'plan-late' : line.to_order === 0 ? 'plan-covered' : ''}
                >
                  <th scope="row">
                    {skuLabel(line.sku)}
                    {line.name !== null && <div class="muted plan-sku-name">{line.name}</div>}
                  </th>
                  <td class="num">{figure(line.units_before_window)}</td>
                  <td class="num">{figure(line.units_at_service_level)}</td>
                  <td class="num">{figure(line.need)}</td>
                  <td class="num">{known(line.available)}</td>
                  <td class="num">{known(line.on_order)}</td>
                  <td class="num strong">{line.to_order === 0 ? 'none' : figure(line.to_order)}</td>
                  <td class="num">{line.lead_time_days} d</td>
                  <td class="plan-order-by">
                    <OrderBy line={line} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {!stock.stock_known && (
            <p class="muted plan-note">
              The stock is unknown (planned from a file): every need shows as to order. Plan with{' '}
              <code>--store</code> to count what is free and on order.
            </p>
          )}
        </div>
      )}
    </section>
  );
}
