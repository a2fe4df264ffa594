/** The selections tab: every product selection, and what one answers now for a segment or a customer, as a banner shows it. */
import { useState } from 'preact/hooks';
import type { Segment, Selection, SelectionAnswer } from '../../../src/campaigns/selections/contract.js';
import { api, query } from '../api.js';
import { ErrorNote, Field, inputValue, useAction } from '../components/forms.js';
import { useLoad } from '../components/load.js';
import { dateTime, money } from '../format.js';
import { CampaignTabs } from './tabs.js';

/** An entry as people read it: its segment, and its rule or list. */
function entryText(entry: Selection['entries'][number]): string {
  const who = entry.segment ?? 'everyone else';
  if ('skus' in entry && entry.skus !== undefined) return `${who}: ${entry.skus.join(', ')}`;
  const rule = entry as Exclude<Selection['entries'][number], { skus: string[] }>;
  const parts = [
    rule.best_sellers === undefined ? null : `best sellers of ${rule.best_sellers.days} days`,
    rule.category === undefined ? null : `category ${rule.category}`,
    rule.in_stock_above === undefined ? null : `more than ${rule.in_stock_above} in stock`,
  ].filter((part) => part !== null);
  return `${who}: ${parts.join(', ')}${entry.limit === undefined ? '' : `, ${entry.limit} at most`}`;
}

function Preview({
  selections,
  segments,
}: {
  selections: readonly Selection[];
  segments: readonly Segment[];
}) {
  const [code, setCode] = useState('');
  const [segment, setSegment] = useState('');
  const [customer, setCustomer] = useState('');
  const [answer, setAnswer] = useState<SelectionAnswer | null>(null);
  const action = useAction();
  const chosen = code === '' ? selections[0]?.code : code;
  const submit = async (event: Event) => {
    event.preventDefault();
    if (chosen === undefined) return;
    setAnswer(null);
    // A customer named wins: the API then answers the entry of their first matching segment.
    const who = customer.trim() === '' ? { segment } : { customer: customer.trim() };
    await action.run(async () =>
      setAnswer(
        await api<SelectionAnswer>('GET', `/v1/selections/${encodeURIComponent(chosen)}${query(who)}`),
      ),
    );
  };
  return (
    <div class="card">
      <h2 id="selection-preview-title">What a banner shows now</h2>
      <form class="inline-form" aria-labelledby="selection-preview-title" onSubmit={submit}>
        <Field label="Selection">
          <select value={chosen ?? ''} onChange={(event) => setCode(inputValue(event))}>
            {selections.map((each) => (
              <option key={each.code} value={each.code}>
                {each.name} ({each.code})
              </option>
            ))}
          </select>
        </Field>
        <Field label="Segment">
          <select value={segment} onChange={(event) => setSegment(inputValue(event))}>
            <option value="">default entry</option>
            {segments.map((each) => (
              <option key={each.code} value={each.code}>
                {each.name} ({each.code})
              </option>
            ))}
          </select>
        </Field>
        <Field label="Customer email">
          <input
            type="email"
            value={customer}
            placeholder="or a customer"
            onInput={(event) => setCustomer(inputValue(event))}
          />
        </Field>
        <button type="submit" class="primary" disabled={action.busy || chosen === undefined}>
          Show
        </button>
      </form>
      <ErrorNote error={action.error} />
      {answer !== null && (
        <div class="selection-answer">
          <p class="muted">
            {answer.name} on {answer.channel}, entry of {answer.segment ?? 'the default'}, computed{' '}
            {dateTime(answer.computed_at)}.
          </p>
          {answer.skus.length === 0 ? (
            <p class="empty">Nothing to show: no SKU of this entry can be bought now.</p>
          ) : (
            <table class="rows" aria-label={`SKUs of ${answer.name}`}>
              <thead>
                <tr>
                  <th scope="col">SKU</th>
                  <th scope="col">Name</th>
                  <th scope="col" class="num">
                    Price
                  </th>
                  <th scope="col" class="num">
                    Available
                  </th>
                </tr>
              </thead>
              <tbody>
                {answer.skus.map((sku) => (
                  <tr key={sku.sku} data-sku={sku.sku}>
                    <td>
                      <code>{sku.sku}</code>
                    </td>
                    <td>{sku.name}</td>
                    <td class="num">{money(sku.price, answer.currency)}</td>
                    <td class="num">{sku.available}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </div>
  );
}

export function SelectionsPage() {
  const selections = useLoad(() => api<{ data: Selection[] }>('GET', '/v1/selections'), []);
  const segments = useLoad(() => api<{ data: Segment[] }>('GET', '/v1/segments'), []);
  const rows = selections.data?.data ?? [];
  return (
    <section>
      <h1>Selections</h1>
      <CampaignTabs current="/selections" />
      <p class="muted">
        Product selections per segment, read live: only SKUs a customer can buy now, with their price in force
        and the units available.
      </p>
      <ErrorNote error={selections.error ?? segments.error} />
      {selections.data !== undefined && rows.length === 0 && <p class="empty">No selection yet.</p>}
      {rows.length > 0 && (
        <>
          <div class="card">
            <h2>Selections</h2>
            <table class="rows" aria-label="Selections">
              <thead>
                <tr>
                  <th scope="col">Selection</th>
                  <th scope="col">Channel</th>
                  <th scope="col">Entries</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((selection) => (
                  <tr key={selection.code}>
                    <td>
                      {selection.name} <code>{selection.code}</code>
                    </td>
                    <td>{selection.channel}</td>
                    <td>
                      {selection.entries.map((entry) => (
                        <div key={entry.segment ?? ''}>{entryText(entry)}</div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Preview selections={rows} segments={segments.data?.data ?? []} />
        </>
      )}
    </section>
  );
}
