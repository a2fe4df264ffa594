/** Orders: search by number or customer email, filter by status and channel, page through. */

import { useState } from 'preact/hooks';
import type { Channel } from '../../../src/catalog/contract.js';
import type { Order } from '../../../src/orders/contract.js';
import type { Page } from '../../../src/platform/http/schemas.js';
import { api, query } from '../api.js';
import { ErrorNote, Field, inputValue } from '../components/forms.js';
import { Link } from '../components/link.js';
import { useLoad } from '../components/load.js';
import { Pager } from '../components/pager.js';
import { dateTime, money } from '../format.js';
import { navigate } from '../router.js';
import { orderStatusList, pageLimits } from '../server-values.js';

/** The page's filters live in its address, so that Back, a reload or a shared link show the same list. */
function filtersOf(search: URLSearchParams) {
  return {
    q: search.get('q') ?? '',
    status: search.get('status') ?? '',
    channel: search.get('channel') ?? '',
    cursor: search.get('cursor'),
  };
}

export function OrdersPage({ search }: { search: URLSearchParams }) {
  const filters = filtersOf(search);
  const [text, setText] = useState(filters.q);
  const channels = useLoad(() => api<{ data: Channel[] }>('GET', '/v1/channels'), []);
  const orders = useLoad(
    // Newest first: the back office looks for what just happened.
    () =>
      api<Page<Order>>(
        'GET',
        `/v1/orders${query({ ...filters, order: 'newest', limit: pageLimits.backOfficePageSize })}`,
      ),
    [filters.q, filters.status, filters.channel, filters.cursor],
  );
  const show = (change: Partial<ReturnType<typeof filtersOf>>) =>
    navigate(`/orders${query({ ...filters, cursor: null, ...change })}`);
  return (
    <section>
      <h1>Orders</h1>
      <form
        class="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          show({ q: text.trim() });
        }}
      >
        <Field label="Order number or customer email">
          <input
            type="search"
            name="q"
            value={text}
            placeholder="AF0000042 or camille@example.fr"
            onInput={(event) => setText(inputValue(event))}
          />
        </Field>
        <Field label="Status">
          <select value={filters.status} onChange={(event) => show({ status: inputValue(event) })}>
            <option value="">any</option>
            {orderStatusList.map((status) => (
              <option key={status}>{status}</option>
            ))}
          </select>
        </Field>
        <Field label="Channel">
          <select value={filters.channel} onChange={(event) => show({ channel: inputValue(event) })}>
            <option value="">any</option>
            {channels.data?.data.map((channel) => (
              <option key={channel.code} value={channel.code}>
                {channel.name}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" class="primary">
          Search
        </button>
      </form>
      <ErrorNote error={orders.error} />
      {orders.data !== undefined && orders.data.data.length === 0 && <p class="empty">No order matches.</p>}
      {orders.data !== undefined && orders.data.data.length > 0 && (
        <table class="rows">
          <thead>
            <tr>
              <th>Number</th>
              <th>Placed</th>
              <th>Channel</th>
              <th>Customer</th>
              <th>Status</th>
              <th class="num">Total</th>
            </tr>
          </thead>
          <tbody>
            {orders.data.data.map((order) => (
              <tr key={order.id}>
                <td>
                  <Link to={`/orders/${encodeURIComponent(order.id)}`}>{order.number}</Link>
                </td>
                <td>{dateTime(order.created_at)}</td>
                <td>{order.channel}</td>
                <td>{order.customer.email}</td>
                <td>
                  <span class={`status status-${order.status}`}>{order.status}</span>
                </td>
                <td class="num">{money(order.total, order.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager
        cursor={filters.cursor}
        next={orders.data?.next_cursor ?? null}
        onPage={(cursor) => navigate(`/orders${query({ ...filters, cursor })}`)}
      />
    </section>
  );
}
