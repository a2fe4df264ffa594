/**
 * One return: its order and customer, its lines with their reasons and what came back of them, its
 * label, the receipt and inspection of its parcel, its refund (the amount shown before it is made)
 * and cancelling it while nothing came back.
 */
import type { ComponentChildren } from 'preact';
import type { Location } from '../../../src/catalog/contract.js';
import type { Order } from '../../../src/orders/contract.js';
import type { RefundPreview, Return } from '../../../src/returns/contract.js';
import { api } from '../api.js';
import { fetchFile, save } from '../components/download.js';
import { ErrorNote, useAction } from '../components/forms.js';
import { Link } from '../components/link.js';
import { useLoad } from '../components/load.js';
import { civilDate, dateTime, money } from '../format.js';
import { apiPathOf, plural, ReturnStatusPill, reasonLabels, unitsOf } from './marks.js';
import { ReceiptForm } from './receipt-form.js';

const labelKinds = {
  'label.pdf': 'Label (PDF, 10×15 cm)',
  'label.zpl': 'Label for thermal printers (ZPL)',
} as const;

function LabelLink({ id, kind }: { id: string; kind: keyof typeof labelKinds }) {
  const action = useAction();
  const path = `${apiPathOf(id)}/${kind}`;
  return (
    <>
      <a
        href={path}
        download={`${id}-${kind}`}
        onClick={async (event) => {
          event.preventDefault();
          await action.run(async () => save(await fetchFile('GET', path, `${id}-${kind}`)));
        }}
      >
        {labelKinds[kind]}
      </a>
      <ErrorNote error={action.error} />
    </>
  );
}

function Lines({ value }: { value: Return }) {
  return (
    <table class="rows">
      <thead>
        <tr>
          <th scope="col">SKU</th>
          <th scope="col">Reason</th>
          <th scope="col" class="num">
            Authorised
          </th>
          <th scope="col" class="num">
            Received
          </th>
          <th scope="col" class="num">
            Resellable
          </th>
          <th scope="col" class="num">
            Damaged
          </th>
          <th scope="col" class="num">
            Refunded
          </th>
        </tr>
      </thead>
      <tbody>
        {value.lines.map((line) => (
          <tr key={line.sku} data-return-line={line.sku}>
            <td>
              <Link to={`/stock/${encodeURIComponent(line.sku)}`}>{line.sku}</Link>
            </td>
            <td>
              {reasonLabels[line.reason]}
              {line.note !== null && (
                <div>
                  <q class="returns-note">{line.note}</q>
                </div>
              )}
            </td>
            <td class="num">{line.quantity}</td>
            <td class="num">{line.received}</td>
            <td class="num">{line.resellable}</td>
            <td class="num">
              {line.damaged}
              {line.damage_reason !== null && (
                <div class="returns-damage">
                  <q>{line.damage_reason}</q>
                </div>
              )}
            </td>
            <td class="num">
              {line.refunded === 0 ? (
                '—'
              ) : (
                <>
                  {money(line.refund, value.currency)}
                  <div class="muted">VAT {money(line.refund_tax, value.currency)}</div>
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Refunded({ value }: { value: Return }) {
  const { refund, currency } = value;
  return (
    <p class="returns-refunded" data-refunded>
      Refunded <strong>{money(refund.total, currency)}</strong>, VAT {money(refund.tax, currency)} included
      {refund.shipping > 0 && <>, shipping {money(refund.shipping, currency)}</>}, on{' '}
      {dateTime(value.refunded_at)}
      {refund.payment_id !== null && (
        <>
          {' '}
          (payment <code>{refund.payment_id}</code>)
        </>
      )}
      .
    </p>
  );
}

/**
 * The refund of what came back: the amount on the button, asked again before the money goes out.
 * Damaged units are refunded too: whether the customer broke them is the shop's call, outside.
 */
function Refund({
  value,
  preview,
  onRefunded,
}: {
  value: Return;
  /** What the server says refunding now gives back, by the refund's own computation. */
  preview: RefundPreview | undefined;
  onRefunded: () => void;
}) {
  const action = useAction();
  if (value.status === 'refunded') return <Refunded value={value} />;
  if (value.status === 'cancelled') return <p class="muted">Cancelled: nothing is refunded.</p>;
  if (value.status === 'authorised')
    return <p class="muted">Nothing received yet: the refund comes once the parcel is inspected.</p>;
  // A preview read before the last receipt (its units not those received) must not put a stale
  // amount on the button: it waits for the new one.
  const units = preview?.lines.reduce((total, line) => total + line.units, 0);
  if (preview === undefined || preview.return_id !== value.id || units !== unitsOf(value).received)
    return <p class="muted">Working out the refund…</p>;
  const amount = money(preview.total, preview.currency);
  const tax = money(preview.tax, preview.currency);
  return (
    <>
      <p data-refund-preview>
        The {plural(units, 'unit', 'units')} received give back <strong>{amount}</strong>, VAT {tax} included,
        recorded as a refund payment of order {value.order_number}.
      </p>
      <div class="actions">
        <button
          type="button"
          class="primary"
          disabled={action.busy}
          onClick={async () => {
            if (
              !window.confirm(
                `Refund ${amount} (VAT ${tax} included) to the customer of order ${value.order_number}? The money goes out at once.`,
              )
            )
              return;
            if (await action.run(() => api<Return>('POST', `${apiPathOf(value.id)}/refund`, {})))
              onRefunded();
          }}
        >
          Refund {amount}
        </button>
      </div>
      <ErrorNote error={action.error} />
    </>
  );
}

function CancelReturn({ value, onCancelled }: { value: Return; onCancelled: () => void }) {
  const action = useAction();
  return (
    <div class="actions">
      <button
        type="button"
        class="danger"
        disabled={action.busy}
        onClick={async () => {
          if (
            !window.confirm(
              `Cancel this return of order ${value.order_number}? Its units may be returned again within the window.`,
            )
          )
            return;
          if (await action.run(() => api('POST', `${apiPathOf(value.id)}/cancel`))) onCancelled();
        }}
      >
        Cancel return
      </button>
      <ErrorNote error={action.error} />
    </div>
  );
}

function Fact({ term, children }: { term: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

export function ReturnPage({ id }: { id: string }) {
  const found = useLoad(() => api<Return>('GET', apiPathOf(id)), [id]);
  const orderId = found.data?.order_id;
  const orderPath = orderId === undefined ? undefined : `/v1/orders/${encodeURIComponent(orderId)}`;
  const order = useLoad(
    () => (orderPath === undefined ? Promise.resolve(undefined) : api<Order>('GET', orderPath)),
    [orderPath],
  );
  // Only a received return has a refund to preview; read again whenever the return changes.
  const refundPath = found.data?.status === 'received' ? `${apiPathOf(id)}/refund` : undefined;
  const preview = useLoad(
    () => (refundPath === undefined ? Promise.resolve(undefined) : api<RefundPreview>('GET', refundPath)),
    [refundPath, found.data?.updated_at],
  );
  const locations = useLoad(() => api<{ data: Location[] }>('GET', '/v1/locations'), []);
  const reload = () => {
    found.reload();
    order.reload();
  };
  if (found.error !== undefined) return <ErrorNote error={found.error} />;
  if (found.data === undefined) return <p class="empty">Loading…</p>;
  const value = found.data;
  const customer = order.data?.customer;
  const locationName = (code: string | null) =>
    code === null ? null : (locations.data?.data.find((each) => each.code === code)?.name ?? code);
  return (
    <section>
      <p>
        <Link to="/returns">← Returns</Link>
      </p>
      <h1>
        Return of order {value.order_number} <ReturnStatusPill status={value.status} />
      </h1>
      <div class="columns">
        <dl class="facts card">
          <Fact term="Return">
            <code>{value.id}</code>
          </Fact>
          <Fact term="Order">
            <Link to={`/orders/${encodeURIComponent(value.order_id)}`}>{value.order_number}</Link>{' '}
            {order.data !== undefined && (
              <span class={`status status-${order.data.status}`}>{order.data.status}</span>
            )}
          </Fact>
          <Fact term="Customer">
            {customer === undefined ? '—' : `${customer.name ?? ''} ${customer.email}`.trim()}
          </Fact>
          <Fact term="Channel">{value.channel}</Fact>
          <Fact term="Authorised">{dateTime(value.created_at)}</Fact>
          <Fact term="Send back by">{civilDate(value.send_back_by)}</Fact>
          <Fact term="Goes back to">
            {locationName(value.location) ?? (
              <span class="returns-unset">not named: the label cannot be printed</span>
            )}
          </Fact>
          <Fact term="First received">{dateTime(value.received_at)}</Fact>
        </dl>
        <div class="card">
          <h2>Label</h2>
          <p class="muted">
            From the customer to the return’s location. Its barcode carries the return’s id, which the
            warehouse scans to find it at receipt.
          </p>
          <div class="actions">
            <LabelLink id={value.id} kind="label.pdf" />
            <LabelLink id={value.id} kind="label.zpl" />
          </div>
          <h2 class="returns-refund-title">Refund</h2>
          <ErrorNote error={order.error ?? preview.error} />
          <Refund value={value} preview={preview.data} onRefunded={reload} />
          {value.status === 'authorised' && <CancelReturn value={value} onCancelled={reload} />}
        </div>
      </div>
      <div class="card">
        <h2>Lines</h2>
        <Lines value={value} />
      </div>
      {(value.status === 'authorised' || value.status === 'received') && (
        <ReceiptForm value={value} locations={locations.data?.data} onReceived={reload} />
      )}
    </section>
  );
}
