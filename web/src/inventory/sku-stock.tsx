/**
 * One SKU's stock: per location, what is on its way, what each channel may promise, its buffers, its
 * ledger and its audit.
 */

import { useState } from 'preact/hooks';
import type { Channel, Sku } from '../../../src/catalog/contract.js';
import type { Movement, Reconciliation, Stock } from '../../../src/inventory/contract.js';
import type { Page } from '../../../src/platform/http/schemas.js';
import { api, query } from '../api.js';
import { ErrorNote, Field, inputValue, useAction } from '../components/forms.js';
import { Link } from '../components/link.js';
import { useLoad } from '../components/load.js';
import { Pager } from '../components/pager.js';
import { dateTime, figure, money } from '../format.js';
import { pageLimits } from '../server-values.js';
import { SkuIncoming } from './incoming/sku-incoming.js';

function Availability({ sku, channels }: { sku: string; channels: Channel[] }) {
  const available = useLoad(
    () =>
      Promise.all(
        channels.map((channel) =>
          api<{ available: number }>(
            'GET',
            `/v1/availability/${encodeURIComponent(sku)}${query({ channel: channel.code })}`,
          ),
        ),
      ),
    [sku, channels],
  );
  const [channel, setChannel] = useState('');
  const [quantity, setQuantity] = useState('');
  const buffer = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    const path = `/v1/channels/${encodeURIComponent(channel)}/buffers/${encodeURIComponent(sku)}`;
    if (await buffer.run(() => api('PUT', path, { quantity: Number(quantity) }))) available.reload();
  };
  return (
    <div class="card">
      <h2>Available to promise</h2>
      <ErrorNote error={available.error} />
      <table class="rows">
        <tbody>
          {channels.map((item, index) => (
            <tr key={item.code}>
              <td>{item.name}</td>
              <td class="num strong">{figure(available.data?.[index]?.available)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="inline-form" onSubmit={submit}>
        <Field label="Hold back from channel">
          <select required value={channel} onChange={(event) => setChannel(inputValue(event))}>
            <option value="">choose…</option>
            {channels.map((item) => (
              <option key={item.code} value={item.code}>
                {item.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Buffer (units)">
          <input
            type="number"
            min="0"
            step="1"
            required
            value={quantity}
            onInput={(event) => setQuantity(inputValue(event))}
          />
        </Field>
        <button type="submit" class="secondary" disabled={buffer.busy}>
          Set buffer
        </button>
      </form>
      <ErrorNote error={buffer.error} />
    </div>
  );
}

function Ledger({ sku }: { sku: string }) {
  const [cursor, setCursor] = useState<string | null>(null);
  const movements = useLoad(
    () =>
      api<Page<Movement>>(
        'GET',
        `/v1/stock/${encodeURIComponent(sku)}/movements${query({ cursor, limit: pageLimits.backOfficePageSize })}`,
      ),
    [sku, cursor],
  );
  return (
    <div class="card">
      <h2>Ledger</h2>
      <ErrorNote error={movements.error} />
      <table class="rows">
        <thead>
          <tr>
            <th>When</th>
            <th>Location</th>
            <th>Kind</th>
            <th class="num">Quantity</th>
            <th>Reference or reason</th>
          </tr>
        </thead>
        <tbody>
          {movements.data?.data.map((movement) => (
            <tr key={movement.id}>
              <td>{dateTime(movement.created_at)}</td>
              <td>{movement.location}</td>
              <td>{movement.kind}</td>
              <td class="num">{movement.quantity > 0 ? `+${movement.quantity}` : movement.quantity}</td>
              <td>{movement.reference ?? movement.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager cursor={cursor} next={movements.data?.next_cursor ?? null} onPage={setCursor} />
    </div>
  );
}

function ReconciliationCard({ sku }: { sku: string }) {
  const audit = useLoad(
    () => api<Reconciliation>('GET', `/v1/stock/${encodeURIComponent(sku)}/reconciliation`),
    [sku],
  );
  return (
    <div class="card">
      <h2>
        Reconciliation{' '}
        {audit.data !== undefined && (
          <span class={`status ${audit.data.balanced ? 'status-delivered' : 'status-cancelled'}`}>
            {audit.data.balanced ? 'balanced' : 'out of balance'}
          </span>
        )}
      </h2>
      <ErrorNote error={audit.error} />
      <table class="rows">
        <thead>
          <tr>
            <th>Location</th>
            <th class="num">On hand</th>
            <th class="num">Ledger</th>
            <th class="num">Reserved</th>
            <th class="num">By orders</th>
            <th class="num">By holds</th>
          </tr>
        </thead>
        <tbody>
          {audit.data?.locations.map((row) => (
            <tr key={row.location}>
              <td>{row.location}</td>
              <td class="num">{row.on_hand}</td>
              <td class="num">{row.ledger_total}</td>
              <td class="num">{row.reserved}</td>
              <td class="num">{row.reserved_by_orders}</td>
              <td class="num">{row.reserved_by_holds}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function SkuStockPage({ sku }: { sku: string }) {
  const code = encodeURIComponent(sku);
  const item = useLoad(() => api<Sku>('GET', `/v1/skus/${code}`), [sku]);
  const stock = useLoad(() => api<Stock>('GET', `/v1/stock/${code}`), [sku]);
  const channels = useLoad(() => api<{ data: Channel[] }>('GET', '/v1/channels'), []);
  if (item.error !== undefined) return <ErrorNote error={item.error} />;
  const moneyOn = (channel: string, priceMinor: number) => {
    const currency = channels.data?.data.find((each) => each.code === channel)?.currency;
    return currency === undefined ? `${priceMinor} minor units` : money(priceMinor, currency);
  };
  return (
    <section>
      <p>
        <Link to="/stock">← Stock</Link>
      </p>
      <h1>
        {sku} <span class="muted">{item.data?.name}</span>
      </h1>
      <div class="columns">
        <div class="card">
          <h2>Stock per location</h2>
          <ErrorNote error={stock.error} />
          <table class="rows">
            <thead>
              <tr>
                <th>Location</th>
                <th class="num">On hand</th>
                <th class="num">Reserved</th>
                <th class="num">Available</th>
              </tr>
            </thead>
            <tbody>
              {stock.data?.locations.map((level) => (
                <tr key={level.location}>
                  <td>{level.location}</td>
                  <td class="num">{level.on_hand}</td>
                  <td class="num">{level.reserved}</td>
                  <td class="num strong">{level.available}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Incoming</h2>
          {stock.data !== undefined && <SkuIncoming stock={stock.data} />}
          <h2>Prices</h2>
          <table class="rows">
            <tbody>
              {Object.entries(item.data?.prices ?? {}).map(([channel, price]) => (
                <tr key={channel}>
                  <td>{channel}</td>
                  <td class="num">{moneyOn(channel, price)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {channels.data !== undefined && <Availability sku={sku} channels={channels.data.data} />}
      </div>
      <ReconciliationCard sku={sku} />
      <Ledger sku={sku} />
    </section>
  );
}
