/**
 * One purchase order: what was ordered, what has come and what is still to come; a receipt recorded
 * as goods arrive (quantities prefilled with what remains), a new date or closing it short when the
 * supplier says so; and each receipt with the waiting orders it served.
 */
import { useId, useState } from 'preact/hooks';
import type { Location } from '../../../../src/catalog/contract.js';
import type { PurchaseOrder, Receipt, ReceiptAnswer } from '../../../../src/inventory/incoming/contract.js';
import type { limits as serverLimits } from '../../../../src/platform/core/limits.js';
import { ApiError, api, request } from '../../api.js';
import { ErrorNote, Field, inputValue, useAction } from '../../components/forms.js';
import { Link } from '../../components/link.js';
import { useLoad } from '../../components/load.js';
import { dateTime } from '../../format.js';
import { Day, LateBadge, plural, ReceivedBar, StatusPill, totalsOf } from './marks.js';
import { IncomingTabs } from './tabs.js';

type ServerLimits = typeof serverLimits;

const nameLengthMax: ServerLimits['nameLengthMax'] = 200;
const quantityMax: ServerLimits['stockQuantityMax'] = 1_000_000_000;
function pathOf(id: string): string {
  return `/v1/purchase-orders/${encodeURIComponent(id)}`;
}

function Facts({ order, locationName }: { order: PurchaseOrder; locationName: string }) {
  const totals = totalsOf(order);
  return (
    <dl class="facts card">
      <dt>Supplier</dt>
      <dd>{order.supplier}</dd>
      <dt>Supplier’s reference</dt>
      <dd>{order.reference ?? '—'}</dd>
      <dt>Delivered to</dt>
      <dd>{locationName}</dd>
      <dt>Expected</dt>
      <dd data-expected>
        <Day day={order.expected_on} /> {order.late && <LateBadge />}
      </dd>
      <dt>Received</dt>
      <dd>
        <ReceivedBar received={totals.received} ordered={totals.ordered} label="Units received" />
      </dd>
      <dt>Recorded</dt>
      <dd>{dateTime(order.created_at)}</dd>
      <dt>Id</dt>
      <dd>
        <code>{order.id}</code>
      </dd>
    </dl>
  );
}

function Lines({ order }: { order: PurchaseOrder }) {
  return (
    <div class="card">
      <h2>Lines</h2>
      <table class="rows incoming-po-lines">
        <thead>
          <tr>
            <th scope="col">SKU</th>
            <th scope="col" class="num">
              Ordered
            </th>
            <th scope="col" class="num">
              Received
            </th>
            <th scope="col" class="num">
              Still to come
            </th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {order.lines.map((line) => (
            <tr key={line.sku} data-sku={line.sku}>
              <td>
                <Link to={`/stock/${encodeURIComponent(line.sku)}`}>{line.sku}</Link>
              </td>
              <td class="num">{line.ordered}</td>
              <td class="num">{line.received}</td>
              <td class="num strong">{line.remaining}</td>
              <td>
                <ReceivedBar
                  received={line.received}
                  ordered={line.ordered}
                  label={`Units received of ${line.sku}`}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Goods arrived: each line prefilled with what is still to come, the usual case being a delivery
 * as ordered. A refusal for the soldes asks for the reason to restock all the same.
 */
function ReceiptForm({
  order,
  onReceived,
}: {
  order: PurchaseOrder;
  onReceived: (answer: ReceiptAnswer, replayed: boolean) => void;
}) {
  const [deliveryNote, setDeliveryNote] = useState('');
  const [quantities, setQuantities] = useState<Record<string, string>>(() =>
    Object.fromEntries(order.lines.map((line) => [line.sku, String(line.remaining)])),
  );
  const [closes, setCloses] = useState(false);
  const [reason, setReason] = useState('');
  const [needsReason, setNeedsReason] = useState(false);
  const [typo, setTypo] = useState<Error | undefined>(undefined);
  const action = useAction();
  const headingId = useId();

  const submit = async (event: Event) => {
    event.preventDefault();
    const lines = order.lines
      .map((line) => ({ sku: line.sku, quantity: Number(quantities[line.sku] ?? '') }))
      .filter((line) => Number.isInteger(line.quantity) && line.quantity > 0);
    setTypo(
      lines.length === 0
        ? new Error(
            'Type the units that came of at least one SKU; if nothing more will come, close it short.',
          )
        : undefined,
    );
    if (lines.length === 0) return;
    const input = {
      ...(deliveryNote.trim() === '' ? {} : { delivery_note: deliveryNote.trim() }),
      lines,
      ...(closes ? { close: true } : {}),
      ...(needsReason ? { override: { reason: reason.trim() } } : {}),
    };
    await action.run(async () => {
      try {
        const response = await request('POST', `${pathOf(order.id)}/receipts`, input);
        // 200 rather than 201: the delivery note was recorded before, and that receipt is answered again.
        onReceived((await response.json()) as ReceiptAnswer, response.status === 200);
      } catch (failure) {
        if (isSoldesRefusal(failure)) setNeedsReason(true);
        throw failure;
      }
    });
  };

  return (
    <div class="card">
      <h2 id={headingId}>Record a receipt</h2>
      <form class="incoming-receipt-form" aria-labelledby={headingId} onSubmit={submit}>
        <div class="inline-form">
          <Field label="Delivery note">
            <input
              value={deliveryNote}
              maxLength={nameLengthMax}
              placeholder="optional"
              onInput={(event) => setDeliveryNote(inputValue(event))}
            />
          </Field>
        </div>
        <table class="rows">
          <thead>
            <tr>
              <th scope="col">SKU</th>
              <th scope="col" class="num">
                Still to come
              </th>
              <th scope="col" class="num">
                Units that came
              </th>
            </tr>
          </thead>
          <tbody>
            {order.lines.map((line) => (
              <tr key={line.sku}>
                <td>{line.sku}</td>
                <td class="num">{line.remaining}</td>
                <td class="num">
                  <input
                    type="number"
                    min={0}
                    max={quantityMax}
                    step={1}
                    class="count-input"
                    aria-label={`Units of ${line.sku} that came`}
                    value={quantities[line.sku] ?? ''}
                    onInput={(event) => setQuantities({ ...quantities, [line.sku]: inputValue(event) })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div class="inline-form">
          <label class="incoming-check">
            <input
              type="checkbox"
              checked={closes}
              onChange={(event) => setCloses((event.currentTarget as HTMLInputElement).checked)}
            />{' '}
            Nothing more will come: close the purchase order
          </label>
          {needsReason && (
            <Field label="Reason to restock during the soldes">
              <input
                required
                value={reason}
                maxLength={nameLengthMax}
                onInput={(event) => setReason(inputValue(event))}
              />
            </Field>
          )}
          <button type="submit" class="primary" disabled={action.busy}>
            Record receipt
          </button>
        </div>
      </form>
      <p class="muted">
        A delivery note recorded already is the same delivery: sent again, it changes nothing.
      </p>
      <ErrorNote error={typo ?? action.error} />
    </div>
  );
}

function isSoldesRefusal(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'soldes_no_restock';
}

/** What the supplier announces: a new date, or that the rest will not come. */
function SupplierNews({ order, onChange }: { order: PurchaseOrder; onChange: () => void }) {
  const [expectedOn, setExpectedOn] = useState('');
  const reschedule = useAction();
  const close = useAction();
  const { remaining } = totalsOf(order);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (await reschedule.run(() => api('PATCH', pathOf(order.id), { expected_on: expectedOn }))) {
      setExpectedOn('');
      onChange();
    }
  };
  const closeShort = async () => {
    if (
      !window.confirm(
        `Close the purchase order from ${order.supplier} short? The ${plural(remaining, 'unit', 'units')} still to come will no longer count as incoming; the orders waiting for them are dated again, and flagged delayed when that breaks their promise.`,
      )
    )
      return;
    if (await close.run(() => api('POST', `${pathOf(order.id)}/close`))) onChange();
  };
  return (
    <div class="card">
      <h2>News from the supplier</h2>
      <form class="inline-form" onSubmit={submit}>
        <Field label="New expected date">
          <input
            type="date"
            required
            value={expectedOn}
            onInput={(event) => setExpectedOn(inputValue(event))}
          />
        </Field>
        <button type="submit" class="secondary" disabled={reschedule.busy}>
          Reschedule
        </button>
      </form>
      <ErrorNote error={reschedule.error} />
      <div class="actions">
        <button type="button" class="danger" disabled={close.busy} onClick={closeShort}>
          Close short
        </button>
        <span class="muted">
          The rest will not come: {plural(remaining, 'unit', 'units')} stop counting as incoming.
        </span>
      </div>
      <ErrorNote error={close.error} />
    </div>
  );
}

function ReceiptRow({ receipt, status }: { receipt: Receipt; status: PurchaseOrder['status'] }) {
  return (
    <tr data-receipt={receipt.id}>
      <td>{dateTime(receipt.created_at)}</td>
      <td>{receipt.delivery_note ?? <span class="muted">none</span>}</td>
      <td>
        {receipt.lines.map((line) => `${line.sku} ×${line.quantity}`).join(', ')}
        {receipt.closes && (
          <div class="muted">{status === 'closed' ? 'closed the order short' : 'completed the order'}</div>
        )}
      </td>
      <td>
        {receipt.served.length === 0 ? (
          <span class="muted">no order was waiting</span>
        ) : (
          <ul class="incoming-served">
            {receipt.served.map((line) => (
              <li key={`${line.order_id}:${line.line_no}`}>
                <Link to={`/orders/${encodeURIComponent(line.order_id)}`} class="strong">
                  {line.order_number}
                </Link>{' '}
                <span class="muted">
                  {line.sku} ×{line.quantity}
                </span>
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}

function Receipts({ order }: { order: PurchaseOrder }) {
  return (
    <div class="card">
      <h2>Receipts</h2>
      {order.receipts.length === 0 ? (
        <p class="empty">Nothing has come yet.</p>
      ) : (
        <table class="rows">
          <thead>
            <tr>
              <th scope="col">Received</th>
              <th scope="col">Delivery note</th>
              <th scope="col">Units</th>
              <th scope="col">Waiting orders served</th>
            </tr>
          </thead>
          <tbody>
            {order.receipts.map((receipt) => (
              <ReceiptRow key={receipt.id} receipt={receipt} status={order.status} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function receivedNotice(answer: ReceiptAnswer, replayed: boolean): string {
  const { receipt } = answer;
  if (replayed)
    return `Delivery note ${receipt.delivery_note} was recorded already, ${dateTime(receipt.created_at)}: nothing changed.`;
  const units = receipt.lines.reduce((total, line) => total + line.quantity, 0);
  const orders = new Set(receipt.served.map((line) => line.order_id)).size;
  const served = orders === 0 ? '' : `; ${plural(orders, 'waiting order', 'waiting orders')} served`;
  return `Received ${plural(units, 'unit', 'units')}${served}.`;
}

export function PurchaseOrderPage({ id }: { id: string }) {
  const order = useLoad(() => api<PurchaseOrder>('GET', pathOf(id)), [id]);
  const locations = useLoad(() => api<{ data: Location[] }>('GET', '/v1/locations'), []);
  const [notice, setNotice] = useState<string | null>(null);
  if (order.error !== undefined) return <ErrorNote error={order.error} />;
  if (order.data === undefined) return <p class="empty">Loading…</p>;
  const value = order.data;
  const locationName = locations.data?.data.find((each) => each.code === value.location)?.name;
  const changed = () => {
    setNotice(null);
    order.reload();
  };
  return (
    <section>
      {/* Under its tab, so that the list and the waiting orders are one click away. */}
      <IncomingTabs current="/incoming" />
      <h1>
        Purchase order from {value.supplier} <StatusPill status={value.status} />{' '}
        {value.late && <LateBadge />}
      </h1>
      {notice !== null && (
        <output class="notice" data-received>
          {notice}
        </output>
      )}
      <div class="columns">
        <Facts
          order={value}
          locationName={locationName === undefined ? value.location : `${locationName} (${value.location})`}
        />
        <Lines order={value} />
      </div>
      {value.status === 'open' && (
        <div class="columns">
          {/* A new receipt is a new form: its quantities are prefilled again with what still remains. */}
          <ReceiptForm
            key={value.receipts.length}
            order={value}
            onReceived={(answer, replayed) => {
              setNotice(receivedNotice(answer, replayed));
              order.reload();
            }}
          />
          <SupplierNews order={value} onChange={changed} />
        </div>
      )}
      <Receipts order={value} />
    </section>
  );
}
