/**
 * Shipping: what choosing each parcel's box and service saved over the last 90 days, against always
 * the same box and service (selectable; in the address, so a reload or a shared link shows the same),
 * with the orders counted apart and the breakdowns by chosen service and box. Sample prices say so.
 */
import type { ComponentChildren } from 'preact';
import type { CarrierList } from '../../../src/fulfilment/carriers/contract.js';
import type { ShippingSavings } from '../../../src/fulfilment/savings/contract.js';
import type { Packaging } from '../../../src/fulfilment/warehouse/contract.js';
import { api, query } from '../api.js';
import { ErrorNote, Field, inputValue } from '../components/forms.js';
import { useLoad } from '../components/load.js';
import { figure, money, percent } from '../format.js';
import { navigate } from '../router.js';

type Comparison = ShippingSavings['totals'];

function baselineOf(search: URLSearchParams) {
  return {
    baseline_box: search.get('baseline_box') ?? '',
    baseline_service: search.get('baseline_service') ?? '',
  };
}

/** A share in basis points as a percentage, never broken from its sign across a line. */
function share(bp: number): string {
  return percent(bp / 10_000).replace(' ', '\u00a0');
}

function Tile({
  name,
  title,
  value,
  tone,
  children,
}: {
  name: string;
  title: string;
  value: string;
  tone?: string;
  children: ComponentChildren;
}) {
  return (
    <div class={`tile ${tone ?? ''}`} data-tile={name}>
      <h2>{title}</h2>
      <output class="tile-value">{value}</output>
      <div class="tile-note">{children}</div>
    </div>
  );
}

function Breakdown({
  title,
  rows,
  currency,
}: {
  title: string;
  rows: readonly (Comparison & { key: string; label: string })[];
  currency: string;
}) {
  return (
    <div class="card">
      <h2>{title}</h2>
      {rows.length === 0 ? (
        <p class="empty">No order to compare.</p>
      ) : (
        <table class="rows">
          <thead>
            <tr>
              <th>{title.replace('By ', '')}</th>
              <th class="num">Orders</th>
              <th class="num">Smart</th>
              <th class="num">Always the same</th>
              <th class="num">Saved</th>
              <th class="num">Share</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <td>{row.label}</td>
                <td class="num">{figure(row.orders)}</td>
                <td class="num">{money(row.smart.total, currency)}</td>
                <td class="num">{money(row.baseline.total, currency)}</td>
                <td class="num">{money(row.saved, currency)}</td>
                <td class="num">{share(row.saved_bp)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Report({ report }: { report: ShippingSavings }) {
  const { currency, orders, totals, baseline } = report;
  const apart: [string, number][] = [
    ['A SKU has no size or weight', orders.unmeasured],
    ['No box holds them', orders.no_box],
    ['No service carries the parcel', orders.no_service],
    [`Not possible with ${baseline.box.code} and ${baseline.service.name}`, orders.baseline_impossible],
  ];
  return (
    <>
      <div class="tiles">
        <Tile name="saved" title="Saved" value={money(totals.saved, currency)} tone="tone-good">
          <strong>{share(totals.saved_bp)}</strong> of always the same
        </Tile>
        <Tile name="smart" title="Smart choice" value={money(totals.smart.total, currency)}>
          boxes {money(totals.smart.box, currency)} · shipping {money(totals.smart.shipping, currency)}
        </Tile>
        <Tile name="baseline" title="Always the same" value={money(totals.baseline.total, currency)}>
          boxes {money(totals.baseline.box, currency)} · shipping {money(totals.baseline.shipping, currency)}
        </Tile>
        <Tile name="compared" title="Orders compared" value={figure(orders.compared)}>
          of {figure(orders.read)} in the period (cancelled left out)
        </Tile>
      </div>
      <p>
        Against always <strong>{baseline.box.name}</strong> ({baseline.box.code}
        {baseline.box.default && ', the largest packaging'}) with <strong>{baseline.service.name}</strong>
        {baseline.service.default && ' (the service the most orders could take)'}, from {report.since} to{' '}
        {report.until}.
      </p>
      <div class="columns">
        <Breakdown
          title="By service chosen"
          currency={currency}
          rows={report.by_service.map((row) => ({
            ...row,
            key: `${row.carrier}/${row.code}`,
            label: row.name,
          }))}
        />
        <Breakdown
          title="By box chosen"
          currency={currency}
          rows={report.by_box.map((row) => ({ ...row, key: row.code, label: `${row.name} (${row.code})` }))}
        />
      </div>
      <div class="card" data-apart>
        <h2>Counted apart</h2>
        <table class="rows">
          <tbody>
            {apart.map(([label, count]) => (
              <tr key={label}>
                <td>{label}</td>
                <td class="num">{figure(count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {report.unmeasured_skus.length > 0 && (
          <p class="muted">
            To measure: {report.unmeasured_skus.map((row) => `${row.sku} (${row.orders})`).join(', ')}
          </p>
        )}
      </div>
    </>
  );
}

export function ShippingPage({ search }: { search: URLSearchParams }) {
  const chosen = baselineOf(search);
  const packagings = useLoad(() => api<{ data: Packaging[] }>('GET', '/v1/packagings'), []);
  const carriers = useLoad(() => api<CarrierList>('GET', '/v1/carriers'), []);
  const report = useLoad(
    () => api<ShippingSavings>('GET', `/v1/fulfilment/savings${query(chosen)}`),
    [chosen.baseline_box, chosen.baseline_service],
  );
  const show = (change: Partial<typeof chosen>) => navigate(`/shipping${query({ ...chosen, ...change })}`);
  return (
    <section>
      <h1>Shipping</h1>
      <p class="muted">
        What choosing each parcel’s box (the smallest that fits) and service (the cheapest to its destination)
        saved over the last 90 days, against always the same box and service. Each order is one parcel.
      </p>
      <form class="toolbar" onSubmit={(event) => event.preventDefault()}>
        <Field label="Always the box">
          <select value={chosen.baseline_box} onChange={(event) => show({ baseline_box: inputValue(event) })}>
            <option value="">the largest</option>
            {packagings.data?.data.map((packaging) => (
              <option key={packaging.code} value={packaging.code}>
                {packaging.name} ({packaging.code})
              </option>
            ))}
          </select>
        </Field>
        <Field label="Always the service">
          <select
            value={chosen.baseline_service}
            onChange={(event) => show({ baseline_service: inputValue(event) })}
          >
            <option value="">the one most orders could take</option>
            {/* A service without a transit time never ships a parcel: the report refuses it. */}
            {carriers.data?.data
              .filter((service) => service.transit_days !== null)
              .map((service) => (
                <option
                  key={`${service.carrier}/${service.code}`}
                  value={`${service.carrier}/${service.code}`}
                >
                  {service.name}
                </option>
              ))}
          </select>
        </Field>
      </form>
      {report.data?.notice != null && (
        <p class="notice" role="note" data-sample-notice>
          <strong>Sample prices.</strong> {report.data.notice}
        </p>
      )}
      <ErrorNote error={report.error ?? packagings.error ?? carriers.error} />
      {report.data === undefined && report.error === undefined && (
        <p class="muted">Reading the orders of the last 90 days…</p>
      )}
      {report.data !== undefined && <Report report={report.data} />}
    </section>
  );
}
