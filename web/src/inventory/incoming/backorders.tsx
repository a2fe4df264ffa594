/**
 * Incoming, the backorders tab: the order lines waiting for stock in the order they will be served,
 * those a late or short purchase order left behind their promise marked (the customers to tell);
 * and the terms on which each channel sells a SKU beyond its stock, with a form to set them.
 */
import { useId, useState } from 'preact/hooks';
import type { Channel } from '../../../../src/catalog/contract.js';
import type { backorderModes } from '../../../../src/inventory/core/backorders.js';
import type { BackorderTerms, WaitingLine } from '../../../../src/inventory/incoming/contract.js';
import type { limits as serverLimits } from '../../../../src/platform/core/limits.js';
import type { Page } from '../../../../src/platform/http/schemas.js';
import { api, query } from '../../api.js';
import { ErrorNote, Field, inputValue, useAction } from '../../components/forms.js';
import { Link } from '../../components/link.js';
import { useLoad } from '../../components/load.js';
import { Pager } from '../../components/pager.js';
import { dateTime } from '../../format.js';
import { navigate } from '../../router.js';
import { pageLimits } from '../../server-values.js';
import { Day, DelayedBadge } from './marks.js';
import { IncomingTabs } from './tabs.js';

type Mode = BackorderTerms['mode'];
type ServerLimits = typeof serverLimits;

/** The server's modes, copied: typed by its table, so a copy that differs does not compile. */
const modeList: typeof backorderModes = ['backorder', 'preorder'];
const modeLabels: Record<Mode, string> = { backorder: 'Backorder', preorder: 'Pre-order' };
const codeLengthMax: ServerLimits['codeLengthMax'] = 64;
const quantityMax: ServerLimits['stockQuantityMax'] = 1_000_000_000;

function termsPath(sku: string, channel: string): string {
  return `/v1/backorder-terms/${encodeURIComponent(sku)}/${encodeURIComponent(channel)}`;
}

function stockPath(sku: string): string {
  return `/stock/${encodeURIComponent(sku)}`;
}

/** Writes the waiting list's filters into the URL, so that "the delayed ones" can be shared and come back. */
function show(filters: { sku: string; delayed: boolean; cursor?: string | null }): void {
  navigate(
    `/incoming/backorders${query({
      sku: filters.sku,
      delayed: filters.delayed ? 'true' : undefined,
      cursor: filters.cursor,
    })}`,
  );
}

function WaitingRow({ line }: { line: WaitingLine }) {
  return (
    <tr data-waiting-order={line.order_number} class={line.delayed ? 'incoming-delayed' : undefined}>
      <td>
        <Link to={`/orders/${encodeURIComponent(line.order_id)}`} class="strong">
          {line.order_number}
        </Link>{' '}
        <span class={`status status-${line.order_status}`}>{line.order_status}</span>
      </td>
      <td>
        <Link to={stockPath(line.sku)}>{line.sku}</Link>
      </td>
      <td>{line.channel}</td>
      <td class="num strong">{line.waiting}</td>
      <td>
        <Day day={line.promised_on} />
      </td>
      <td class={line.delayed ? 'incoming-slipped' : undefined}>
        <Day day={line.expected_on} />
      </td>
      <td>
        {line.delayed ? (
          <>
            <DelayedBadge />
            {line.delayed_since !== null && <div class="muted">since {dateTime(line.delayed_since)}</div>}
          </>
        ) : (
          <span class="muted">on time</span>
        )}
      </td>
      <td>{dateTime(line.created_at)}</td>
    </tr>
  );
}

function Waiting({ search }: { search: URLSearchParams }) {
  const sku = search.get('sku') ?? '';
  const delayed = search.get('delayed') === 'true';
  const cursor = search.get('cursor');
  const [text, setText] = useState(sku);
  const lines = useLoad(
    () =>
      api<Page<WaitingLine>>(
        'GET',
        `/v1/backorders${query({
          sku,
          delayed: delayed ? 'true' : undefined,
          cursor,
          limit: pageLimits.backOfficePageSize,
        })}`,
      ),
    [sku, delayed, cursor],
  );
  const rows = lines.data?.data ?? [];
  return (
    <div class="card">
      <h2>
        Waiting for stock, first come first served
        <button type="button" class="secondary" onClick={lines.reload}>
          Refresh
        </button>
      </h2>
      <form
        class="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          show({ sku: text.trim(), delayed });
        }}
      >
        <Field label="SKU">
          <input
            type="search"
            value={text}
            maxLength={codeLengthMax}
            placeholder="every SKU"
            onInput={(event) => setText(inputValue(event))}
          />
        </Field>
        <button type="submit" class="secondary">
          Find
        </button>
        <label class="incoming-check">
          <input
            type="checkbox"
            checked={delayed}
            onChange={(event) =>
              show({ sku, delayed: (event.currentTarget as HTMLInputElement).checked, cursor: null })
            }
          />{' '}
          Delayed only
        </label>
      </form>
      <ErrorNote error={lines.error} />
      {lines.data !== undefined && rows.length === 0 && (
        <p class="empty">{delayed ? 'No order is delayed.' : 'No order is waiting for stock.'}</p>
      )}
      {rows.length > 0 && (
        <table class="rows">
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">SKU</th>
              <th scope="col">Channel</th>
              <th scope="col" class="num">
                Waiting
              </th>
              <th scope="col">Promised</th>
              <th scope="col">Expected</th>
              <th scope="col">Promise</th>
              <th scope="col">Ordered</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((line) => (
              <WaitingRow key={line.id} line={line} />
            ))}
          </tbody>
        </table>
      )}
      <Pager
        cursor={cursor}
        next={lines.data?.next_cursor ?? null}
        onPage={(next) => show({ sku, delayed, cursor: next })}
      />
    </div>
  );
}

interface TermsDraft {
  readonly sku: string;
  readonly channel: string;
  readonly mode: Mode;
  readonly limit: string;
  readonly releaseOn: string;
  readonly paused: boolean;
}

const blankTerms: TermsDraft = {
  sku: '',
  channel: '',
  mode: 'backorder',
  limit: '',
  releaseOn: '',
  paused: false,
};

function draftOf(terms: BackorderTerms): TermsDraft {
  return {
    sku: terms.sku,
    channel: terms.channel,
    mode: terms.mode,
    limit: String(terms.limit),
    releaseOn: terms.release_on ?? '',
    paused: terms.paused,
  };
}

function TermsForm({
  preset,
  channels,
  onSet,
}: {
  preset: TermsDraft;
  channels: readonly Channel[] | undefined;
  onSet: (terms: BackorderTerms) => void;
}) {
  const [draft, setDraft] = useState(preset);
  const action = useAction();
  const headingId = useId();
  const change = (values: Partial<TermsDraft>) => setDraft({ ...draft, ...values });
  const submit = async (event: Event) => {
    event.preventDefault();
    const input = {
      mode: draft.mode,
      limit: Number(draft.limit),
      ...(draft.mode === 'preorder' ? { release_on: draft.releaseOn } : {}),
      paused: draft.paused,
    };
    await action.run(async () => {
      onSet(await api<BackorderTerms>('PUT', termsPath(draft.sku.trim(), draft.channel), input));
      setDraft(blankTerms);
    });
  };
  return (
    <>
      <h3 id={headingId}>Sell beyond stock</h3>
      <form class="inline-form" aria-labelledby={headingId} onSubmit={submit}>
        <Field label="SKU">
          <input
            required
            value={draft.sku}
            maxLength={codeLengthMax}
            autocomplete="off"
            placeholder="LAMP-OAK"
            onInput={(event) => change({ sku: inputValue(event) })}
          />
        </Field>
        <Field label="Channel">
          <select required value={draft.channel} onChange={(event) => change({ channel: inputValue(event) })}>
            <option value="">choose…</option>
            {channels?.map((each) => (
              <option key={each.code} value={each.code}>
                {each.name} ({each.code})
              </option>
            ))}
          </select>
        </Field>
        <Field label="Mode">
          <select value={draft.mode} onChange={(event) => change({ mode: inputValue(event) as Mode })}>
            {modeList.map((each) => (
              <option key={each} value={each}>
                {modeLabels[each]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Units that may wait">
          <input
            type="number"
            required
            min={0}
            max={quantityMax}
            step={1}
            class="count-input"
            value={draft.limit}
            onInput={(event) => change({ limit: inputValue(event) })}
          />
        </Field>
        {draft.mode === 'preorder' && (
          <Field label="Released on">
            <input
              type="date"
              required
              value={draft.releaseOn}
              onInput={(event) => change({ releaseOn: inputValue(event) })}
            />
          </Field>
        )}
        <label class="incoming-check">
          <input
            type="checkbox"
            checked={draft.paused}
            onChange={(event) => change({ paused: (event.currentTarget as HTMLInputElement).checked })}
          />{' '}
          Paused
        </label>
        <button type="submit" class="primary" disabled={action.busy}>
          Set terms
        </button>
      </form>
      <p class="muted">
        A backorder sells against the purchase orders on their way, never more than they bring; a pre-order
        sells until the day before its release. Either way no more units wait at once than the limit. Paused
        terms sell nothing more beyond stock; the orders already waiting still wait and are served.
      </p>
      <ErrorNote error={action.error} />
    </>
  );
}

function TermsRow({
  terms,
  channelName,
  onEdit,
  onRemoved,
}: {
  terms: BackorderTerms;
  channelName: string;
  onEdit: () => void;
  onRemoved: () => void;
}) {
  const remove = useAction();
  const removeTerms = async () => {
    if (!window.confirm(`Stop selling ${terms.sku} beyond stock on ${channelName}?`)) return;
    if (await remove.run(() => api('DELETE', termsPath(terms.sku, terms.channel)))) onRemoved();
  };
  return (
    <tr data-terms={`${terms.sku}/${terms.channel}`}>
      <td>
        <Link to={stockPath(terms.sku)}>{terms.sku}</Link>
      </td>
      <td>{channelName}</td>
      <td>
        {modeLabels[terms.mode]}
        {terms.paused && <span class="incoming-paused"> paused</span>}
      </td>
      <td class="num">{terms.limit}</td>
      <td class="num">{terms.waiting}</td>
      <td class="num strong">{terms.available}</td>
      <td>{terms.release_on === null ? <span class="muted">—</span> : <Day day={terms.release_on} />}</td>
      <td>
        <div class="actions">
          <button type="button" class="secondary" onClick={onEdit}>
            Change
          </button>
          <button type="button" class="quiet" disabled={remove.busy} onClick={removeTerms}>
            Remove
          </button>
        </div>
        <ErrorNote error={remove.error} />
      </td>
    </tr>
  );
}

function Terms() {
  const [cursor, setCursor] = useState<string | null>(null);
  const [preset, setPreset] = useState<{ draft: TermsDraft; version: number }>({
    draft: blankTerms,
    version: 0,
  });
  const channels = useLoad(() => api<{ data: Channel[] }>('GET', '/v1/channels'), []);
  const terms = useLoad(
    () =>
      api<Page<BackorderTerms>>(
        'GET',
        `/v1/backorder-terms${query({ cursor, limit: pageLimits.backOfficePageSize })}`,
      ),
    [cursor],
  );
  const [set, setSet] = useState<BackorderTerms | null>(null);
  const names = new Map(channels.data?.data.map((each) => [each.code, each.name]));
  const rows = terms.data?.data ?? [];
  return (
    <div class="card">
      <h2>
        Backorder terms
        <button type="button" class="secondary" onClick={terms.reload}>
          Refresh
        </button>
      </h2>
      <ErrorNote error={terms.error ?? channels.error} />
      {terms.data !== undefined && rows.length === 0 && (
        <p class="empty">No SKU is sold beyond its stock: every channel sells what is on hand.</p>
      )}
      {rows.length > 0 && (
        <table class="rows">
          <thead>
            <tr>
              <th scope="col">SKU</th>
              <th scope="col">Channel</th>
              <th scope="col">Mode</th>
              <th scope="col" class="num">
                Limit
              </th>
              <th scope="col" class="num">
                Waiting
              </th>
              <th scope="col" class="num">
                Available now
              </th>
              <th scope="col">Released on</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {rows.map((each) => (
              <TermsRow
                key={`${each.sku}/${each.channel}`}
                terms={each}
                channelName={names.get(each.channel) ?? each.channel}
                onEdit={() => setPreset({ draft: draftOf(each), version: preset.version + 1 })}
                onRemoved={terms.reload}
              />
            ))}
          </tbody>
        </table>
      )}
      <Pager cursor={cursor} next={terms.data?.next_cursor ?? null} onPage={setCursor} />
      {/* "Change" on a row starts the form again from that row's terms. */}
      <TermsForm
        key={preset.version}
        preset={preset.draft}
        channels={channels.data?.data}
        onSet={(answer) => {
          setSet(answer);
          terms.reload();
        }}
      />
      {set !== null && (
        <output class="notice" data-terms-set>
          {set.sku} on {names.get(set.channel) ?? set.channel}: {modeLabels[set.mode].toLowerCase()} up to{' '}
          {set.limit} units, {set.available} may be sold beyond stock now.
        </output>
      )}
    </div>
  );
}

export function BackordersPage({ search }: { search: URLSearchParams }) {
  return (
    <section>
      <h1>Incoming</h1>
      <IncomingTabs current="/incoming/backorders" />
      <p class="muted">
        Orders sold beyond stock wait here until their units arrive, and are served in this order when a
        receipt is recorded. A delayed one is expected after the date it was promised, or no longer expected
        at all (“no date”): a purchase order came late or short, and its customer should hear of it.
      </p>
      <Waiting search={search} />
      <Terms />
    </section>
  );
}
