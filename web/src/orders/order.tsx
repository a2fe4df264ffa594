/** One order: its customer, lines and total, its returns, everything that happened to it, and cancelling it. */

import type { Order, OrderEvent } from '../../../src/orders/contract.js';
import { api } from '../api.js';
import { ErrorNote, useAction } from '../components/forms.js';
import { Link } from '../components/link.js';
import { useLoad } from '../components/load.js';
import { dateTime, money } from '../format.js';
import { OrderReturnsPanel, statusesWithReturns } from '../returns/order-returns.js';
import { orderMoves } from '../server-values.js';

function canCancel(status: string): boolean {
  const moves: readonly string[] = orderMoves[status as keyof typeof orderMoves] ?? [];
  return moves.includes('cancelled');
}

export function OrderPage({ id }: { id: string }) {
  const path = `/v1/orders/${encodeURIComponent(id)}`;
  const order = useLoad(() => api<Order>('GET', path), [id]);
  const events = useLoad(() => api<{ data: OrderEvent[] }>('GET', `${path}/events`), [id]);
  const cancel = useAction();
  const reload = () => {
    order.reload();
    events.reload();
  };
  if (order.error !== undefined) return <ErrorNote error={order.error} />;
  if (order.data === undefined) return <p class="empty">Loading…</p>;
  const value = order.data;
  const address = value.shipping_address;
  return (
    <section>
      <p>
        <Link to="/orders">← Orders</Link>
      </p>
      <h1>
        Order {value.number} <span class={`status status-${value.status}`}>{value.status}</span>
      </h1>
      <div class="columns">
        <dl class="facts card">
          <dt>Placed</dt>
          <dd>{dateTime(value.created_at)}</dd>
          <dt>Channel</dt>
          <dd>{value.channel}</dd>
          <dt>External id</dt>
          <dd>{value.external_id ?? '—'}</dd>
          <dt>Customer</dt>
          <dd>
            {value.customer.name ?? ''} {value.customer.email}
          </dd>
          <dt>Ship to</dt>
          <dd>
            {address.name}, {address.line1}
            {address.line2 ? `, ${address.line2}` : ''}, {address.postal_code} {address.city},{' '}
            {address.country}
          </dd>
          <dt>Total</dt>
          <dd class="strong">{money(value.total, value.currency)}</dd>
        </dl>
        <div class="card">
          <h2>Lines</h2>
          <table class="rows">
            <thead>
              <tr>
                <th>SKU</th>
                <th class="num">Quantity</th>
                <th class="num">Unit price</th>
                <th class="num">Total</th>
              </tr>
            </thead>
            <tbody>
              {value.lines.map((line) => (
                <tr key={line.sku}>
                  <td>
                    <Link to={`/stock/${encodeURIComponent(line.sku)}`}>{line.sku}</Link>
                  </td>
                  <td class="num">{line.quantity}</td>
                  <td class="num">{money(line.unit_price, value.currency)}</td>
                  <td class="num">{money(line.total, value.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {canCancel(value.status) && (
            <div class="actions">
              <button
                type="button"
                class="danger"
                disabled={cancel.busy}
                onClick={async () => {
                  if (!window.confirm(`Cancel order ${value.number}? Its stock returns.`)) return;
                  if (await cancel.run(() => api('POST', `${path}/cancel`))) reload();
                }}
              >
                Cancel order
              </button>
              <ErrorNote error={cancel.error} />
            </div>
          )}
        </div>
      </div>
      {statusesWithReturns.includes(value.status) && <OrderReturnsPanel order={value} onChange={reload} />}
      <div class="card">
        <h2>Events</h2>
        <ErrorNote error={events.error} />
        <ol class="timeline">
          {events.data?.data.map((event) => (
            <li key={event.id}>
              <time>{dateTime(event.created_at)}</time> <strong>{event.type}</strong>
              <details>
                <summary class="muted">payload</summary>
                <pre class="payload">{JSON.stringify(event.payload, null, 2)}</pre>
              </details>
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}
