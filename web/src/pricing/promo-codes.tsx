/**
 * Promotions: the shop's promo codes with their terms, uses and status, a form to create one, and on
 * each the kill switch (a reason required) and batches of single-use codes downloaded as CSV files.
 */
import { useId, useState } from 'preact/hooks';
import type { Channel } from '../../../src/catalog/contract.js';
import type { limits as serverLimits } from '../../../src/platform/core/limits.js';
import type { Page } from '../../../src/platform/http/schemas.js';
import type { promoCodeKinds } from '../../../src/pricing/core/promo-codes.js';
import type { PromoCodeInput, PromoCodeView } from '../../../src/pricing/promo-codes/contract.js';
import { api, query, request } from '../api.js';
import { ErrorNote, Field, inputValue, useAction } from '../components/forms.js';
import { useLoad } from '../components/load.js';
import { Pager } from '../components/pager.js';
import { dateTime, money } from '../format.js';
import { pageLimits } from '../server-values.js';

type Kind = PromoCodeView['kind'];
type ServerLimits = typeof serverLimits;

/** The server's kinds, copied: typed by its table, so a copy that differs does not compile. */
const kindList: typeof promoCodeKinds = ['amount', 'percent'];
const kindLabels: Record<Kind, string> = { percent: 'Percent off', amount: 'Amount off' };
const reasonLengthMax: ServerLimits['nameLengthMax'] = 200;
const codeLengthMax: ServerLimits['promoCodeLengthMax'] = 40;
const batchCountMax: ServerLimits['promoCodeBatchMax'] = 20_000;

/** The server's status of a code, as people read it. */
const statusLabels: Record<PromoCodeView['status'], string> = {
  active: 'active',
  disabled: 'disabled',
  not_started: 'not started',
  ended: 'ended',
  used_up: 'used up',
};

function pathOf(code: string): string {
  return `/v1/promo-codes/${encodeURIComponent(code)}`;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Digits after the decimal point in a currency's amounts: 2 for EUR, 0 for JPY; 2 when unknown. */
function minorDigits(currency: string | undefined): number {
  if (currency === undefined) return 2;
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

/**
 * An amount typed in major units ("5", "5,00", "12.5 €") in minor units, put together from its digits
 * as text: a float would make 0.29 € into 28.999… cents. Undefined when it is not such an amount, or
 * has more decimals than the currency (a cent cannot be split).
 */
function minorUnits(text: string, digits: number): number | undefined {
  const match = /^(\d+)(?:[.,](\d*))?$/.exec(text.replace(/[\s€$£]/g, ''));
  if (match === null) return undefined;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return undefined;
  const minor = Number(`${match[1]}${fraction.padEnd(digits, '0')}`);
  return Number.isSafeInteger(minor) ? minor : undefined;
}

/** A `datetime-local` value, read in the browser's time zone, as the API's UTC instant. */
function instantOf(local: string): string | null {
  if (local === '') return null;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The one currency a code's amounts are in: that of its channels, when they share one. */
function currencyOf(
  channels: readonly string[],
  currencies: ReadonlyMap<string, string>,
): string | undefined {
  const found = new Set(channels.map((channel) => currencies.get(channel)));
  const [only] = found;
  return found.size === 1 && only !== undefined ? only : undefined;
}

function amountText(amountMinor: number, currency: string | undefined): string {
  return currency === undefined ? `${amountMinor} (minor units)` : money(amountMinor, currency);
}

interface CsvFile {
  readonly name: string;
  readonly blob: Blob;
}

/** A CSV answer of the API as a file, with the name the server gave it. */
async function fetchFile(
  method: string,
  path: string,
  fallbackName: string,
  body?: unknown,
): Promise<CsvFile> {
  const response = await request(method, path, body);
  const named = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  return { name: named ?? fallbackName, blob: await response.blob() };
}

/** Hands the file to the browser's downloads, as a link to it clicked would. */
function save(file: CsvFile): void {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.name;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked at once, the URL could be gone before the browser has read the blob.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function batchFileName(code: string): string {
  return `${code.toLowerCase()}-codes.csv`;
}

function ChannelChecks({
  channels,
  chosen,
  onChange,
}: {
  channels: readonly Channel[] | undefined;
  chosen: readonly string[];
  onChange: (chosen: string[]) => void;
}) {
  return (
    <fieldset class="checks">
      <legend>Channels</legend>
      {channels === undefined && <span class="muted">Loading…</span>}
      {channels?.length === 0 && <span class="muted">No channel yet.</span>}
      {channels?.map((channel) => (
        <label key={channel.code}>
          <input
            type="checkbox"
            checked={chosen.includes(channel.code)}
            onChange={(event) =>
              onChange(
                (event.currentTarget as HTMLInputElement).checked
                  ? [...chosen, channel.code]
                  : chosen.filter((each) => each !== channel.code),
              )
            }
          />{' '}
          {channel.code} <span class="muted">({channel.currency})</span>
        </label>
      ))}
    </fieldset>
  );
}

/** An optional whole number typed in a field: null when left empty. */
function countOf(text: string): number | null {
  return text.trim() === '' ? null : Number(text);
}

function NewPromoCode({
  channels,
  onCreated,
}: {
  channels: readonly Channel[] | undefined;
  onCreated: () => void;
}) {
  const [code, setCode] = useState('');
  const [kind, setKind] = useState<Kind>('percent');
  const [value, setValue] = useState('');
  const [minBasket, setMinBasket] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [usageLimit, setUsageLimit] = useState('');
  const [perCustomer, setPerCustomer] = useState('');
  const [stacks, setStacks] = useState(false);
  const [created, setCreated] = useState<PromoCodeView | null>(null);
  const [typo, setTypo] = useState<Error | undefined>(undefined);
  const action = useAction();
  const headingId = useId();
  const currencies = new Map(channels?.map((channel) => [channel.code, channel.currency]));
  // Before any channel is chosen, amounts are in the shop's currency if it has one.
  const currency = currencyOf(chosen.length > 0 ? chosen : [...currencies.keys()], currencies);
  const digits = minorDigits(currency);
  const inCurrency = currency === undefined ? '' : ` (${currency})`;
  const amountLabel = `${kindLabels.amount}${inCurrency}`;

  const amountOf = (text: string, what: string): number | null | Error => {
    if (text.trim() === '') return null;
    return (
      minorUnits(text, digits) ??
      new Error(
        `${what}: write an amount such as 5, 5.50 or 5,50${digits === 2 ? '' : ` (${digits} decimals at most)`}.`,
      )
    );
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    action.clear();
    setCreated(null);
    const amount = kind === 'amount' ? amountOf(value, amountLabel) : Number(value);
    const basket = amountOf(minBasket, 'Minimum basket');
    const wrong = [amount, basket].find((each): each is Error => each instanceof Error);
    setTypo(wrong);
    if (wrong !== undefined || amount === null || amount instanceof Error || basket instanceof Error) return;
    const input: PromoCodeInput = {
      code: code.trim(),
      kind,
      value: amount,
      channels: chosen,
      stacks_with_sales: stacks,
      min_basket: basket,
      starts_at: instantOf(startsAt),
      ends_at: instantOf(endsAt),
      usage_limit: countOf(usageLimit),
      per_customer_limit: countOf(perCustomer),
    };
    await action.run(async () => {
      setCreated(await api<PromoCodeView>('POST', '/v1/promo-codes', input));
      setCode('');
      setValue('');
      setMinBasket('');
      setStartsAt('');
      setEndsAt('');
      setUsageLimit('');
      setPerCustomer('');
      onCreated();
    });
  };

  return (
    <div class="card">
      <h2 id={headingId}>New promo code</h2>
      <form class="inline-form" aria-labelledby={headingId} onSubmit={submit}>
        <Field label="Code">
          <input
            required
            value={code}
            maxLength={codeLengthMax}
            autocomplete="off"
            placeholder="BLACKFRIDAY10"
            onInput={(event) => setCode(inputValue(event))}
          />
        </Field>
        <Field label="Kind">
          <select value={kind} onChange={(event) => setKind(inputValue(event) as Kind)}>
            {kindList.map((each) => (
              <option key={each} value={each}>
                {kindLabels[each]}
              </option>
            ))}
          </select>
        </Field>
        {kind === 'percent' ? (
          <Field label={`${kindLabels.percent} (%)`}>
            <input
              type="number"
              required
              min={1}
              max={100}
              step={1}
              value={value}
              placeholder="10"
              onInput={(event) => setValue(inputValue(event))}
            />
          </Field>
        ) : (
          <Field label={amountLabel}>
            <input
              required
              inputMode="decimal"
              value={value}
              placeholder="5,00"
              onInput={(event) => setValue(inputValue(event))}
            />
          </Field>
        )}
        <Field label={`Minimum basket${inCurrency}`}>
          <input
            inputMode="decimal"
            value={minBasket}
            placeholder="none"
            onInput={(event) => setMinBasket(inputValue(event))}
          />
        </Field>
        <ChannelChecks channels={channels} chosen={chosen} onChange={setChosen} />
        <Field label="Starts">
          <input type="datetime-local" value={startsAt} onInput={(event) => setStartsAt(inputValue(event))} />
        </Field>
        <Field label="Ends">
          <input type="datetime-local" value={endsAt} onInput={(event) => setEndsAt(inputValue(event))} />
        </Field>
        <Field label="Uses in all">
          <input
            type="number"
            min={1}
            step={1}
            value={usageLimit}
            placeholder="unlimited"
            onInput={(event) => setUsageLimit(inputValue(event))}
          />
        </Field>
        <Field label="Uses per customer">
          <input
            type="number"
            min={1}
            step={1}
            value={perCustomer}
            placeholder="unlimited"
            onInput={(event) => setPerCustomer(inputValue(event))}
          />
        </Field>
        <fieldset class="checks">
          <legend>Sale prices</legend>
          <label>
            <input
              type="checkbox"
              checked={stacks}
              onChange={(event) => setStacks((event.currentTarget as HTMLInputElement).checked)}
            />{' '}
            Stacks with sales
          </label>
        </fieldset>
        <button type="submit" class="primary" disabled={action.busy}>
          Create code
        </button>
      </form>
      <p class="muted">
        Times are this browser’s local time; left empty, a code works from now on and never ends. Without
        “Stacks with sales”, a code takes nothing off lines sold at a sale price.
      </p>
      <ErrorNote error={typo ?? action.error} />
      {created !== null && (
        <output class="notice" data-created>
          Created <code>{created.code}</code>: orders may use it on {created.channels.join(', ')}.
        </output>
      )}
    </div>
  );
}

/** The kill switch: a reason is required either way, for the audit log. */
function KillSwitch({ code, onChange }: { code: PromoCodeView; onChange: () => void }) {
  const [reason, setReason] = useState('');
  const action = useAction();
  const verb = code.disabled === null ? 'disable' : 'enable';
  const submit = async (event: Event) => {
    event.preventDefault();
    if (await action.run(() => api('POST', `${pathOf(code.code)}/${verb}`, { reason: reason.trim() }))) {
      setReason('');
      onChange();
    }
  };
  return (
    <form class="inline-form" onSubmit={submit}>
      <input
        aria-label={`Reason to ${verb} ${code.code}`}
        placeholder={verb === 'disable' ? 'Reason to disable' : 'Reason to enable'}
        maxLength={reasonLengthMax}
        value={reason}
        onInput={(event) => setReason(inputValue(event))}
      />
      <button
        type="submit"
        class={verb === 'disable' ? 'danger' : 'primary'}
        disabled={action.busy || reason.trim() === ''}
      >
        {verb === 'disable' ? 'Disable' : 'Enable'}
      </button>
      <ErrorNote error={action.error} />
    </form>
  );
}

/**
 * Makes single-use codes and downloads their file. The first batch turns the code into a template
 * that no order may use itself: that is asked first.
 */
function MakeBatch({ code, onMade }: { code: PromoCodeView; onMade: () => void }) {
  const [count, setCount] = useState('');
  const [made, setMade] = useState<string | null>(null);
  const action = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    const wanted = Number(count);
    if (
      code.batch === null &&
      !window.confirm(
        `Make ${plural(wanted, 'single-use code', 'single-use codes')} from ${code.code}? From then on ${code.code} itself takes no order: only its single-use codes do, each once.`,
      )
    )
      return;
    setMade(null);
    const make = async () => {
      const file = await fetchFile('POST', `${pathOf(code.code)}/batch`, batchFileName(code.code), {
        count: wanted,
      });
      save(file);
      setMade(`${plural(wanted, 'code', 'codes')} made, downloaded as ${file.name}.`);
      setCount('');
    };
    if (await action.run(make)) onMade();
  };
  return (
    <form class="inline-form" onSubmit={submit}>
      <input
        type="number"
        required
        min={1}
        max={batchCountMax}
        step={1}
        aria-label={`Single-use codes to make from ${code.code}`}
        placeholder="How many"
        class="count-input"
        value={count}
        onInput={(event) => setCount(inputValue(event))}
      />
      <button type="submit" class="secondary" disabled={action.busy || count === ''}>
        Make single-use codes
      </button>
      {made !== null && (
        <output class="muted" data-batch-made>
          {made}
        </output>
      )}
      <ErrorNote error={action.error} />
    </form>
  );
}

function DownloadBatch({ code }: { code: string }) {
  const action = useAction();
  const path = `${pathOf(code)}/batch`;
  return (
    <>
      <a
        href={path}
        download={batchFileName(code)}
        onClick={async (event) => {
          event.preventDefault();
          await action.run(async () => save(await fetchFile('GET', path, batchFileName(code))));
        }}
      >
        Download the codes again
      </a>
      <ErrorNote error={action.error} />
    </>
  );
}

/** How much of a limit is used: a bar that turns amber, then red, as it fills. */
function UseBar({ used, of, label }: { used: number; of: number; label: string }) {
  return (
    <meter
      class="use-bar"
      min={0}
      max={Math.max(1, of)}
      low={of * 0.75}
      high={of * 0.9}
      optimum={0}
      value={used}
      aria-label={label}
    />
  );
}

function Uses({ code }: { code: PromoCodeView }) {
  if (code.batch !== null)
    return (
      <>
        <div>
          batch: made {code.batch.made}, used {code.batch.used}
        </div>
        {code.batch.made > 0 && (
          <>
            <UseBar
              used={code.batch.used}
              of={code.batch.made}
              label={`Single-use codes of ${code.code} used`}
            />
            <div>
              <DownloadBatch code={code.code} />
            </div>
          </>
        )}
      </>
    );
  if (code.usage_limit === null)
    return (
      <>
        {code.used} used · <span class="muted">unlimited</span>
      </>
    );
  return (
    <>
      <div>
        {code.used} / {code.usage_limit}
      </div>
      <UseBar used={code.used} of={code.usage_limit} label={`Uses of ${code.code}`} />
    </>
  );
}

function Period({ code }: { code: PromoCodeView }) {
  if (code.starts_at === null && code.ends_at === null) return <span class="muted">any time</span>;
  if (code.starts_at === null) return <>until {dateTime(code.ends_at)}</>;
  if (code.ends_at === null) return <>from {dateTime(code.starts_at)}</>;
  return (
    <>
      {dateTime(code.starts_at)} → {dateTime(code.ends_at)}
    </>
  );
}

function StatusCell({ code }: { code: PromoCodeView }) {
  return (
    <>
      <span class={`status promo-${code.status.replace('_', '-')}`}>{statusLabels[code.status]}</span>
      {code.disabled !== null && (
        <div class="promo-disabled-by">
          by {code.disabled.by}, {dateTime(code.disabled.at)}: <q>{code.disabled.reason}</q>
        </div>
      )}
    </>
  );
}

function PromoCodeRow({
  code,
  currencies,
  onChange,
}: {
  code: PromoCodeView;
  currencies: ReadonlyMap<string, string>;
  onChange: () => void;
}) {
  const currency = currencyOf(code.channels, currencies);
  // A code orders have used cannot become a template: the API would refuse the batch.
  const batchable = code.batch !== null || code.used === 0;
  return (
    <tr data-promo-code={code.code}>
      <td>
        <code class="strong">{code.code}</code>
      </td>
      <td>
        {code.kind === 'percent' ? `${code.value} %` : amountText(code.value, currency)} off
        {code.min_basket !== null && (
          <div class="muted">from a basket of {amountText(code.min_basket, currency)}</div>
        )}
      </td>
      <td>{code.channels.join(', ')}</td>
      <td>
        <Period code={code} />
      </td>
      <td>
        <Uses code={code} />
      </td>
      <td>
        {code.per_customer_limit === null ? <span class="muted">unlimited</span> : code.per_customer_limit}
      </td>
      <td>{code.stacks_with_sales ? 'yes' : 'no'}</td>
      <td>
        <StatusCell code={code} />
      </td>
      <td>
        <KillSwitch code={code} onChange={onChange} />
        {batchable && <MakeBatch code={code} onMade={onChange} />}
      </td>
    </tr>
  );
}

export function PromoCodesPage() {
  const [cursor, setCursor] = useState<string | null>(null);
  const channels = useLoad(() => api<{ data: Channel[] }>('GET', '/v1/channels'), []);
  const codes = useLoad(
    () =>
      api<Page<PromoCodeView>>(
        'GET',
        `/v1/promo-codes${query({ cursor, limit: pageLimits.backOfficePageSize })}`,
      ),
    [cursor],
  );
  const currencies = new Map(channels.data?.data.map((channel) => [channel.code, channel.currency]));
  const rows = codes.data?.data ?? [];
  return (
    <section>
      <h1>Promotions</h1>
      <p class="muted">
        Promo codes buyers type at checkout, each with its terms and its uses by orders not cancelled. A
        leaked or broken code is stopped at once with Disable; single-use codes made from a code come as a CSV
        file for a mailing.
      </p>
      <NewPromoCode channels={channels.data?.data} onCreated={codes.reload} />
      <div class="card">
        <h2>
          Promo codes
          <button type="button" class="secondary" onClick={codes.reload}>
            Refresh
          </button>
        </h2>
        <ErrorNote error={codes.error ?? channels.error} />
        {codes.data !== undefined && rows.length === 0 && <p class="empty">No promo code yet.</p>}
        {rows.length > 0 && (
          <table class="rows">
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Discount</th>
                <th scope="col">Channels</th>
                <th scope="col">Period</th>
                <th scope="col">Used</th>
                <th scope="col">Per customer</th>
                <th scope="col">Stacks with sales</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((code) => (
                <PromoCodeRow key={code.code} code={code} currencies={currencies} onChange={codes.reload} />
              ))}
            </tbody>
          </table>
        )}
        <Pager cursor={cursor} next={codes.data?.next_cursor ?? null} onPage={setCursor} />
      </div>
    </section>
  );
}
