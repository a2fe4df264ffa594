/**
 * Sales: running, upcoming and ended, each with its check and, on demand, its compliance report
 * (the reference price of every item against a naive one); "End now" is a contingency switch.
 */
import { useState } from 'preact/hooks';
import type { Page } from '../../../src/platform/http/schemas.js';
import type { Compliance, SaleSummary } from '../../../src/pricing/contract.js';
import { api, query } from '../api.js';
import { ErrorNote, inputValue, useAction } from '../components/forms.js';
import { useLoad } from '../components/load.js';
import { Pager } from '../components/pager.js';
import { dateTime, money } from '../format.js';
import { pageLimits } from '../server-values.js';

const statusOrder = ['running', 'scheduled', 'ended'] as const;
const statusTitles: Record<(typeof statusOrder)[number], string> = {
  running: 'Running',
  scheduled: 'Upcoming',
  ended: 'Ended',
};

/** A reduction in basis points as people read it: 2000 → "20 %", 139 → "1.39 %". */
function reduction(bp: number | null): string {
  return bp === null ? '—' : `${(bp / 100).toLocaleString(undefined, { maximumFractionDigits: 2 })} %`;
}

function price(amountMinor: number | null, currency: string): string {
  return amountMinor === null ? '—' : money(amountMinor, currency);
}

export function EndNow({ sale, onEnded }: { sale: Pick<SaleSummary, 'id' | 'name'>; onEnded: () => void }) {
  const [reason, setReason] = useState('');
  const action = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    if (
      await action.run(() =>
        api('POST', `/v1/sales/${encodeURIComponent(sale.id)}/end`, { reason: reason.trim() }),
      )
    )
      onEnded();
  };
  return (
    <form class="inline-form" onSubmit={submit}>
      <input
        aria-label={`Reason to end ${sale.name} now`}
        placeholder="Reason"
        maxLength={200}
        value={reason}
        onInput={(event) => setReason(inputValue(event))}
      />
      <button type="submit" class="danger" disabled={action.busy || reason.trim() === ''}>
        End now
      </button>
      <ErrorNote error={action.error} />
    </form>
  );
}

function ComplianceTable({ id }: { id: string }) {
  const report = useLoad(
    () => api<Compliance>('GET', `/v1/sales/${encodeURIComponent(id)}/compliance`),
    [id],
  );
  if (report.error !== undefined) return <ErrorNote error={report.error} />;
  if (report.data === undefined) return <p class="muted">Computing the reference prices…</p>;
  return (
    <table class="rows">
      <thead>
        <tr>
          <th>SKU</th>
          <th>Channel</th>
          <th class="num">Sale price</th>
          <th class="num">Reference price</th>
          <th class="num">Reduction shown</th>
          <th class="num">Naive reference</th>
          <th class="num">Naive reduction</th>
          <th>Rests on</th>
        </tr>
      </thead>
      <tbody>
        {report.data.data.map((row) => (
          <tr key={`${row.sku} ${row.channel}`} class={row.raises.length > 0 ? 'raised' : ''}>
            <td>{row.sku}</td>
            <td>{row.channel}</td>
            <td class="num">{price(row.sale_price, row.currency)}</td>
            <td class="num">{price(row.reference_price, row.currency)}</td>
            <td class="num">{reduction(row.discount_bp)}</td>
            <td class="num">{price(row.naive_reference_price, row.currency)}</td>
            <td class="num">{reduction(row.naive_discount_bp)}</td>
            <td class="muted">
              {row.rule === 'lowest_in_30_days'
                ? `lowest from ${dateTime(row.window_from)}`
                : row.rule === 'perishable_prior_price'
                  ? 'perishable: the price before'
                  : 'no price before'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SaleCard({ sale, onChange }: { sale: SaleSummary; onChange: () => void }) {
  const [showCompliance, setShowCompliance] = useState(false);
  return (
    <div class={showCompliance ? 'card wide' : 'card'} data-sale={sale.id}>
      <h2>{sale.name}</h2>
      <p class="muted">
        {sale.kind.replace('_', ' ')} · {sale.channels.join(', ')} · {sale.item_count} SKU
        {sale.item_count === 1 ? '' : 's'}
        {sale.discount_bp !== null && ` · ${reduction(sale.discount_bp)} off`}
      </p>
      <p>
        {sale.starts_local.replace('T', ' ')} → {sale.ends_local.replace('T', ' ')}{' '}
        <span class="muted">({sale.time_zone})</span>
      </p>
      {sale.ended_at !== null && (
        <p class="muted">
          Ended by hand {dateTime(sale.ended_at)}: {sale.end_reason}
        </p>
      )}
      {sale.check.ok ? (
        <p class="check-ok">Check passed</p>
      ) : (
        <details class="check">
          <summary class="check-warn">
            {sale.check.problems.length} problem{sale.check.problems.length === 1 ? '' : 's'} in its check
          </summary>
          <ul>
            {sale.check.problems.map((problem, index) => (
              <li key={`${problem.code}${problem.sku}${problem.channel}${index}`}>{problem.message}</li>
            ))}
          </ul>
        </details>
      )}
      <button type="button" class="secondary" onClick={() => setShowCompliance(!showCompliance)}>
        {showCompliance ? 'Hide' : 'Show'} reference prices
      </button>
      {showCompliance && <ComplianceTable id={sale.id} />}
      {sale.status !== 'ended' && <EndNow sale={sale} onEnded={onChange} />}
    </div>
  );
}

export function SalesPage() {
  const [cursor, setCursor] = useState<string | null>(null);
  const sales = useLoad(
    () =>
      api<Page<SaleSummary>>('GET', `/v1/sales${query({ cursor, limit: pageLimits.backOfficePageSize })}`),
    [cursor],
  );
  const rows = sales.data?.data ?? [];
  return (
    <section>
      <h1>Sales</h1>
      <ErrorNote error={sales.error} />
      {sales.data !== undefined && rows.length === 0 && (
        <p class="empty">No sale yet: schedule one with POST /v1/sales.</p>
      )}
      {statusOrder.map((status) => {
        const shown = rows.filter((sale) => sale.status === status);
        if (shown.length === 0) return null;
        return (
          <div key={status} data-status={status}>
            <h2>{statusTitles[status]}</h2>
            <div class="grid-cards">
              {shown.map((sale) => (
                <SaleCard key={sale.id} sale={sale} onChange={sales.reload} />
              ))}
            </div>
          </div>
        );
      })}
      <Pager cursor={cursor} next={sales.data?.next_cursor ?? null} onPage={setCursor} />
    </section>
  );
}

/** The sales running now, each with End now: for the switches panel of the live wall. */
export function RunningSales({ refreshKey }: { refreshKey: number }) {
  const sales = useLoad(
    () => api<Page<SaleSummary>>('GET', `/v1/sales${query({ limit: pageLimits.backOfficePageSize })}`),
    [refreshKey],
  );
  const running = sales.data?.data.filter((sale) => sale.status === 'running') ?? [];
  if (sales.error !== undefined) return <ErrorNote error={sales.error} />;
  if (running.length === 0) return <p class="muted">No sale running.</p>;
  return (
    <>
      {running.map((sale) => (
        <div key={sale.id} data-sale={sale.id}>
          <p>
            <strong>{sale.name}</strong>{' '}
            <span class="muted">
              {sale.channels.join(', ')} · until {sale.ends_local.replace('T', ' ')}
            </span>
            {!sale.check.ok && <span class="check-warn"> · check failed</span>}
          </p>
          <EndNow sale={sale} onEnded={sales.reload} />
        </div>
      ))}
    </>
  );
}
