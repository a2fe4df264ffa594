/**
 * Returns: every return, newest first, by status in the address (the warehouse looks for the parcels
 * expected, customer service for those waiting for their refund), each with its order, customer,
 * reasons, units and refund.
 */
import type { Order } from '../../../src/orders/contract.js';
import type { Page } from '../../../src/platform/http/schemas.js';
import type { Return } from '../../../src/returns/contract.js';
import { api, query } from '../api.js';
import { ErrorNote } from '../components/forms.js';
import { Link } from '../components/link.js';
import { useLoad } from '../components/load.js';
import { Pager } from '../components/pager.js';
import { dateTime, money } from '../format.js';
import { navigate } from '../router.js';
import { pageLimits } from '../server-values.js';
import {
  type ReturnStatus,
  ReturnStatusPill,
  reasonLabels,
  returnPath,
  returnStatusList,
  unitsOf,
} from './marks.js';
import { ReturnsTabs } from './tabs.js';

type Filter = ReturnStatus | 'all';

const filterLabels: Record<Filter, string> = {
  all: 'All',
  authorised: 'Awaiting their parcel',
  received: 'Awaiting their refund',
  refunded: 'Refunded',
  cancelled: 'Cancelled',
};

/**
 * Orders whose customer is looked up, one request each: a return names its order, not its customer.
 * A page of returns is at most this many orders, so the page never sends more.
 */
const customerLookupMax = pageLimits.backOfficePageSize;

function filterOf(search: URLSearchParams): Filter {
  const asked = search.get('status');
  return returnStatusList.find((status) => status === asked) ?? 'all';
}

/** The customers of the orders given; an order that cannot be read shows none. */
async function customersOf(orderIds: readonly string[]): Promise<Map<string, Order['customer']>> {
  const found = await Promise.all(
    orderIds.slice(0, customerLookupMax).map((id) =>
      api<Order>('GET', `/v1/orders/${encodeURIComponent(id)}`).then(
        (order) => [id, order.customer] as const,
        () => null,
      ),
    ),
  );
  return new Map(found.filter((each) => each !== null));
}

function Reasons({ value }: { value: Return }) {
  return (
    <ul class="returns-reasons">
      {value.lines.map((line) => (
        <li key={line.sku}>
          {reasonLabels[line.reason]}{' '}
          <span class="muted">
            {line.sku} ×{line.quantity}
          </span>
          {line.note !== null && <q class="returns-note">{line.note}</q>}
        </li>
      ))}
    </ul>
  );
}

function ReturnRow({ value, customer }: { value: Return; customer: Order['customer'] | undefined }) {
  const units = unitsOf(value);
  return (
    <tr data-return={value.id}>
      <td>
        <Link to={returnPath(value.id)}>
          <code>{value.id}</code>
        </Link>
      </td>
      <td>{dateTime(value.created_at)}</td>
      <td>
        <Link to={`/orders/${encodeURIComponent(value.order_id)}`}>{value.order_number}</Link>
      </td>
      <td>
        {customer === undefined ? (
          <span class="muted">—</span>
        ) : (
          <>
            {customer.name ?? ''} <span class="muted">{customer.email}</span>
          </>
        )}
      </td>
      <td>
        <Reasons value={value} />
      </td>
      <td class="num returns-units">
        {units.authorised}
        {units.received > 0 && <div class="muted">{units.received} back</div>}
      </td>
      <td>
        <ReturnStatusPill status={value.status} />
      </td>
      <td class="num">{value.status === 'refunded' ? money(value.refund.total, value.currency) : '—'}</td>
    </tr>
  );
}

export function ReturnsPage({ search }: { search: URLSearchParams }) {
  const filter = filterOf(search);
  const cursor = search.get('cursor');
  const returns = useLoad(
    () =>
      api<Page<Return>>(
        'GET',
        `/v1/returns${query({
          status: filter === 'all' ? undefined : filter,
          cursor,
          limit: pageLimits.backOfficePageSize,
        })}`,
      ),
    [filter, cursor],
  );
  const rows = returns.data?.data ?? [];
  const orderIds = [...new Set(rows.map((row) => row.order_id))];
  const customers = useLoad(() => customersOf(orderIds), [orderIds.join(' ')]);
  const show = (next: { status?: Filter; cursor?: string | null }) =>
    navigate(
      `/returns${query({
        status: (next.status ?? filter) === 'all' ? undefined : (next.status ?? filter),
        cursor: next.cursor,
      })}`,
    );
  return (
    <section>
      <h1>Returns</h1>
      <ReturnsTabs current="/returns" />
      <p class="muted">
        A return starts on its order’s page, within the channel’s window. Its parcel is received and each unit
        inspected here, then the return is refunded: resellable units go back on hand, damaged ones are
        written off with their reason.
      </p>
      <div class="card">
        <h2>
          Newest first
          <button type="button" class="secondary" onClick={returns.reload}>
            Refresh
          </button>
        </h2>
        <div class="tabs" role="tablist" aria-label="Returns by status">
          {(['all', ...returnStatusList] as const).map((each) => (
            <button
              key={each}
              type="button"
              role="tab"
              aria-selected={filter === each}
              class={filter === each ? 'active' : ''}
              onClick={() => show({ status: each, cursor: null })}
            >
              {filterLabels[each]}
            </button>
          ))}
        </div>
        <ErrorNote error={returns.error} />
        {returns.data !== undefined && rows.length === 0 && (
          <p class="empty">{filter === 'all' ? 'No return yet.' : `No return ${filter}.`}</p>
        )}
        {rows.length > 0 && (
          <table class="rows">
            <thead>
              <tr>
                <th scope="col">Return</th>
                <th scope="col">Authorised</th>
                <th scope="col">Order</th>
                <th scope="col">Customer</th>
                <th scope="col">Reasons</th>
                <th scope="col" class="num">
                  Units
                </th>
                <th scope="col">Status</th>
                <th scope="col" class="num">
                  Refund
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <ReturnRow key={row.id} value={row} customer={customers.data?.get(row.order_id)} />
              ))}
            </tbody>
          </table>
        )}
        <Pager
          cursor={cursor}
          next={returns.data?.next_cursor ?? null}
          onPage={(next) => show({ cursor: next })}
        />
      </div>
    </section>
  );
}
