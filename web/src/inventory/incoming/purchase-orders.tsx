/**
 * Incoming, the purchase orders tab: what suppliers are bringing and where, by when, how much of it
 * has come, the late ones marked; and a form to record a new purchase order.
 */
import { useId, useState } from 'preact/hooks';
import type { Location } from '../../../../src/catalog/contract.js';
import type { PurchaseOrder, purchaseOrderStatuses } from '../../../../src/inventory/incoming/contract.js';
import type { limits as serverLimits } from '../../../../src/platform/core/limits.js';
import type { Page } from '../../../../src/platform/http/schemas.js';
import { api, query } from '../../api.js';
import { ErrorNote, Field, inputValue, useAction } from '../../components/forms.js';
import { Link } from '../../components/link.js';
import { useLoad } from '../../components/load.js';
import { Pager } from '../../components/pager.js';
import { navigate } from '../../router.js';
import { pageLimits } from '../../server-values.js';
import {
  Day,
  LateBadge,
  plural,
  purchaseOrderPath,
  ReceivedBar,
  StatusPill,
  statusLabels,
  totalsOf,
} from './marks.js';
import { IncomingTabs } from './tabs.js';

type Status = PurchaseOrder['status'];
type ServerLimits = typeof serverLimits;

/** The server's statuses, copied: typed by its table, so a copy that differs does not compile. */
const statusList: typeof purchaseOrderStatuses = ['open', 'received', 'closed'];
const nameLengthMax: ServerLimits['nameLengthMax'] = 200;
const codeLengthMax: ServerLimits['codeLengthMax'] = 64;
const linesMax: ServerLimits['purchaseOrderLinesMax'] = 1_000;
const quantityMax: ServerLimits['stockQuantityMax'] = 1_000_000_000;
/** SKUs a row names before "and n more": a supplier's whole range would push the table off the screen. */
const skusShownMax = 3;

/** The filter in the URL: open orders unless asked otherwise, `all` for every status. */
function statusFilterOf(search: URLSearchParams): Status | 'all' {
  const asked = search.get('status');
  if (asked === 'all') return 'all';
  return statusList.find((status) => status === asked) ?? 'open';
}

interface LineDraft {
  /** Keeps each row's inputs its own when a row above is removed. */
  readonly key: number;
  readonly sku: string;
  readonly quantity: string;
}

function NewPurchaseOrder({
  locations,
  onCreated,
}: {
  locations: readonly Location[] | undefined;
  onCreated: () => void;
}) {
  const [supplier, setSupplier] = useState('');
  const [reference, setReference] = useState('');
  const [location, setLocation] = useState('');
  const [expectedOn, setExpectedOn] = useState('');
  const [lines, setLines] = useState<LineDraft[]>([{ key: 0, sku: '', quantity: '' }]);
  const [nextKey, setNextKey] = useState(1);
  const [created, setCreated] = useState<PurchaseOrder | null>(null);
  const action = useAction();
  const headingId = useId();

  const change = (key: number, values: Partial<Omit<LineDraft, 'key'>>) =>
    setLines(lines.map((line) => (line.key === key ? { ...line, ...values } : line)));
  const addLine = () => {
    setLines([...lines, { key: nextKey, sku: '', quantity: '' }]);
    setNextKey(nextKey + 1);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setCreated(null);
    const input = {
      supplier: supplier.trim(),
      ...(reference.trim() === '' ? {} : { reference: reference.trim() }),
      location,
      expected_on: expectedOn,
      lines: lines.map((line) => ({ sku: line.sku.trim(), quantity: Number(line.quantity) })),
    };
    await action.run(async () => {
      setCreated(await api<PurchaseOrder>('POST', '/v1/purchase-orders', input));
      setSupplier('');
      setReference('');
      setExpectedOn('');
      setLines([{ key: nextKey, sku: '', quantity: '' }]);
      setNextKey(nextKey + 1);
      onCreated();
    });
  };

  return (
    <div class="card">
      <h2 id={headingId}>New purchase order</h2>
      <form class="inline-form" aria-labelledby={headingId} onSubmit={submit}>
        <Field label="Supplier">
          <input
            required
            value={supplier}
            maxLength={nameLengthMax}
            placeholder="Atelier Dupont"
            onInput={(event) => setSupplier(inputValue(event))}
          />
        </Field>
        <Field label="Supplier’s reference">
          <input
            value={reference}
            maxLength={nameLengthMax}
            placeholder="optional"
            onInput={(event) => setReference(inputValue(event))}
          />
        </Field>
        <Field label="Delivered to">
          <select required value={location} onChange={(event) => setLocation(inputValue(event))}>
            <option value="">choose…</option>
            {locations?.map((each) => (
              <option key={each.code} value={each.code}>
                {each.name} ({each.code})
              </option>
            ))}
          </select>
        </Field>
        <Field label="Expected on">
          <input
            type="date"
            required
            value={expectedOn}
            onInput={(event) => setExpectedOn(inputValue(event))}
          />
        </Field>
        <fieldset class="incoming-line-fields">
          <legend>Lines</legend>
          {lines.map((line, index) => (
            <div key={line.key} class="incoming-line-field">
              <input
                required
                aria-label={`SKU, line ${index + 1}`}
                placeholder="SKU"
                autocomplete="off"
                maxLength={codeLengthMax}
                value={line.sku}
                onInput={(event) => change(line.key, { sku: inputValue(event) })}
              />
              <input
                type="number"
                required
                min={1}
                max={quantityMax}
                step={1}
                class="count-input"
                aria-label={`Quantity, line ${index + 1}`}
                placeholder="Units"
                value={line.quantity}
                onInput={(event) => change(line.key, { quantity: inputValue(event) })}
              />
              <button
                type="button"
                class="quiet"
                aria-label={`Remove line ${index + 1}`}
                disabled={lines.length === 1}
                onClick={() => setLines(lines.filter((each) => each.key !== line.key))}
              >
                Remove
              </button>
            </div>
          ))}
          <button type="button" class="secondary" disabled={lines.length >= linesMax} onClick={addLine}>
            Add a line
          </button>
        </fieldset>
        <button type="submit" class="primary" disabled={action.busy}>
          Record purchase order
        </button>
      </form>
      <ErrorNote error={action.error} />
      {created !== null && (
        <output class="notice" data-created>
          Recorded: {plural(totalsOf(created).ordered, 'unit', 'units')} from {created.supplier}, expected{' '}
          <Day day={created.expected_on} />. <Link to={purchaseOrderPath(created.id)}>Open it</Link>
        </output>
      )}
    </div>
  );
}

/** The SKUs of an order, the first few by name. */
function SkuSummary({ order }: { order: PurchaseOrder }) {
  const shown = order.lines.slice(0, skusShownMax);
  const more = order.lines.length - shown.length;
  return (
    <>
      {shown.map((line) => `${line.sku} ×${line.ordered}`).join(', ')}
      {more > 0 && <span class="muted"> and {more} more</span>}
    </>
  );
}

function PurchaseOrderRow({ order, locationName }: { order: PurchaseOrder; locationName: string }) {
  const totals = totalsOf(order);
  return (
    <tr data-purchase-order={order.id} class={order.late ? 'incoming-late' : undefined}>
      <td>
        <Link to={purchaseOrderPath(order.id)} class="strong">
          {order.supplier}
        </Link>
        {order.reference !== null && <div class="muted">{order.reference}</div>}
      </td>
      <td>{locationName}</td>
      <td>
        <Day day={order.expected_on} /> {order.late && <LateBadge />}
      </td>
      <td>
        <ReceivedBar
          received={totals.received}
          ordered={totals.ordered}
          label={`Units received from ${order.supplier}`}
        />
      </td>
      <td>
        <SkuSummary order={order} />
      </td>
      <td>
        <StatusPill status={order.status} />
      </td>
    </tr>
  );
}

const filterLabels: Record<Status | 'all', string> = {
  open: 'Open',
  received: 'Received',
  closed: 'Closed short',
  all: 'All',
};

export function PurchaseOrdersPage({ search }: { search: URLSearchParams }) {
  const status = statusFilterOf(search);
  const cursor = search.get('cursor');
  const locations = useLoad(() => api<{ data: Location[] }>('GET', '/v1/locations'), []);
  const orders = useLoad(
    () =>
      api<Page<PurchaseOrder>>(
        'GET',
        `/v1/purchase-orders${query({
          status: status === 'all' ? undefined : status,
          cursor,
          limit: pageLimits.backOfficePageSize,
        })}`,
      ),
    [status, cursor],
  );
  const names = new Map(locations.data?.data.map((each) => [each.code, each.name]));
  const show = (next: { status?: Status | 'all'; cursor?: string | null }) =>
    navigate(
      `/incoming${query({
        status: (next.status ?? status) === 'open' ? undefined : (next.status ?? status),
        cursor: next.cursor,
      })}`,
    );
  const rows = orders.data?.data ?? [];
  return (
    <section>
      <h1>Incoming</h1>
      <IncomingTabs current="/incoming" />
      <p class="muted">
        Stock ordered from suppliers. Its units count as incoming until they arrive: the stock pages show
        them, and SKUs with backorder terms sell against them. When goods come, record the receipt on the
        purchase order: the orders waiting for them are served first.
      </p>
      <NewPurchaseOrder locations={locations.data?.data} onCreated={orders.reload} />
      <div class="card">
        <h2>
          Purchase orders
          <button type="button" class="secondary" onClick={orders.reload}>
            Refresh
          </button>
        </h2>
        <div class="tabs" role="tablist" aria-label="Purchase orders by status">
          {[...statusList, 'all' as const].map((each) => (
            <button
              key={each}
              type="button"
              role="tab"
              aria-selected={status === each}
              class={status === each ? 'active' : ''}
              onClick={() => show({ status: each, cursor: null })}
            >
              {filterLabels[each]}
            </button>
          ))}
        </div>
        <ErrorNote error={orders.error ?? locations.error} />
        {orders.data !== undefined && rows.length === 0 && (
          <p class="empty">
            {status === 'all' ? 'No purchase order yet.' : `No purchase order ${statusLabels[status]}.`}
          </p>
        )}
        {rows.length > 0 && (
          <table class="rows">
            <thead>
              <tr>
                <th scope="col">Supplier</th>
                <th scope="col">Delivered to</th>
                <th scope="col">Expected</th>
                <th scope="col">Received</th>
                <th scope="col">SKUs</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((order) => (
                <PurchaseOrderRow
                  key={order.id}
                  order={order}
                  locationName={names.get(order.location) ?? order.location}
                />
              ))}
            </tbody>
          </table>
        )}
        <Pager
          cursor={cursor}
          next={orders.data?.next_cursor ?? null}
          onPage={(next) => show({ cursor: next })}
        />
      </div>
    </section>
  );
}
