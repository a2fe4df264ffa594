/**
 * Webhooks: the shop's subscriptions to its events, each with its backlog and last attempt, the
 * signing secret shown once; a subscription's deliveries with every attempt (time, status, error,
 * duration), the dead-letter list a click away, and a replay from an event once the endpoint is back.
 */
import { useId, useRef, useState } from 'preact/hooks';
import type {
  CreatedWebhook,
  Delivery,
  deliveryStatuses,
  Replay,
  WebhookInput,
  WebhookPatch,
  WebhookSubscription,
} from '../../../src/channels/webhooks/contract.js';
import type { limits as serverLimits } from '../../../src/platform/core/limits.js';
import { api, query } from '../api.js';
import { ErrorNote, Field, inputValue, useAction } from '../components/forms.js';
import { Link } from '../components/link.js';
import { useLoad } from '../components/load.js';
import { Pager } from '../components/pager.js';
import { dateTime, milliseconds } from '../format.js';
import { navigate } from '../router.js';
import { pageLimits } from '../server-values.js';

type DeliveryStatus = Delivery['status'];

/** The server's delivery statuses, copied: typed by its table, so a copy that differs does not compile. */
const deliveryStatusList: typeof deliveryStatuses = ['pending', 'delivered', 'dead'];
const statusTabLabels: Record<DeliveryStatus, string> = {
  pending: 'Pending',
  delivered: 'Delivered',
  dead: 'Dead-letter list',
};
/** The API's largest page: the oldest dead delivery is found in one call for up to that many. */
const deliveriesPageSizeMax: (typeof serverLimits)['pageSizeMax'] = 1_000;
/** A delivery keeps its latest attempts only, this many. */
const attemptsLoggedMax: (typeof serverLimits)['webhookAttemptsLogged'] = 20;

function pathOf(id: string): string {
  return `/v1/webhooks/${encodeURIComponent(id)}`;
}

function pageOf(id: string): string {
  return `/webhooks/${encodeURIComponent(id)}`;
}

/** The event types typed in one field, split at commas and spaces, each once. */
function eventTypesOf(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((each) => each !== ''))];
}

/** How one attempt went, in words: "HTTP 500", or "no answer" when none came. */
function answerOf(status: number | null): string {
  return status === null ? 'no answer' : `HTTP ${status}`;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function EventTypesField({ value, onInput }: { value: string; onInput: (text: string) => void }) {
  const id = useId();
  const types = eventTypesOf(value);
  return (
    <div class="field">
      <label for={id}>Event types</label>
      <input
        id={id}
        required
        value={value}
        placeholder="order.placed, order.*"
        aria-describedby={`${id}-types`}
        onInput={(event) => onInput(inputValue(event))}
      />
      <span id={`${id}-types`}>
        {types.length === 0 ? (
          'Commas or spaces between: a type (order.placed), a family (order.*), or * for all'
        ) : (
          <>
            Subscribes to{' '}
            {types.map((type) => (
              <code key={type}>{type} </code>
            ))}
          </>
        )}
      </span>
    </div>
  );
}

function EnabledCheck({ value, onChange }: { value: boolean; onChange: (enabled: boolean) => void }) {
  return (
    <fieldset class="checks">
      <legend>Deliveries</legend>
      <label>
        <input
          type="checkbox"
          checked={value}
          onChange={(event) => onChange((event.currentTarget as HTMLInputElement).checked)}
        />{' '}
        Enabled
      </label>
    </fieldset>
  );
}

/** The secret of a new subscription, shown this once: copied to the clipboard, or selected for Ctrl+C. */
function SecretShownOnce({ created, onDone }: { created: CreatedWebhook; onDone: () => void }) {
  const secret = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.secret);
      setCopied('Copied.');
    } catch {
      // No clipboard (a page served over plain HTTP to another host, or refused): select it instead.
      const selection = window.getSelection();
      if (secret.current !== null) selection?.selectAllChildren(secret.current);
      setCopied('Selected: press Ctrl+C to copy it.');
    }
  };
  return (
    <output class="notice" data-secret-shown-once>
      <p>
        <strong>Shown once.</strong> The signing secret of <code>{created.url}</code>: copy it now into the
        receiver, which checks each delivery’s <code>webhook-signature</code> with it. Affluence never shows
        it again; to change it, subscribe anew or set another through the API.
      </p>
      <code class="secret" ref={secret}>
        {created.secret}
      </code>{' '}
      <button type="button" class="secondary" onClick={copy}>
        Copy
      </button>{' '}
      <button type="button" class="quiet" onClick={onDone}>
        Done
      </button>{' '}
      <span class="muted">{copied}</span>
    </output>
  );
}

function Subscribe({ onCreated }: { onCreated: () => void }) {
  const [url, setUrl] = useState('');
  const [types, setTypes] = useState('');
  const [secret, setSecret] = useState('');
  const [enabled, setEnabled] = useState(true);
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const action = useAction();
  const headingId = useId();
  const submit = async (event: Event) => {
    event.preventDefault();
    const input: WebhookInput = {
      url: url.trim(),
      event_types: eventTypesOf(types),
      enabled,
      ...(secret.trim() === '' ? {} : { secret: secret.trim() }),
    };
    await action.run(async () => {
      setCreated(await api<CreatedWebhook>('POST', '/v1/webhooks', input));
      setUrl('');
      setTypes('');
      setSecret('');
      setEnabled(true);
      onCreated();
    });
  };
  return (
    <div class="card">
      <h2 id={headingId}>New subscription</h2>
      <form class="inline-form" aria-labelledby={headingId} onSubmit={submit}>
        <Field label="URL">
          <input
            type="url"
            required
            value={url}
            placeholder="https://shop.example/hooks/affluence"
            onInput={(event) => setUrl(inputValue(event))}
          />
        </Field>
        <EventTypesField value={types} onInput={setTypes} />
        <Field label="Secret">
          <input
            value={secret}
            autocomplete="off"
            placeholder="generated when left empty"
            onInput={(event) => setSecret(inputValue(event))}
          />
        </Field>
        <EnabledCheck value={enabled} onChange={setEnabled} />
        <button type="submit" class="primary" disabled={action.busy}>
          Subscribe
        </button>
      </form>
      <ErrorNote error={action.error} />
      {created !== null && <SecretShownOnce created={created} onDone={() => setCreated(null)} />}
    </div>
  );
}

/** Changes a subscription's URL, event types and whether it is enabled; sends only what changed. */
function EditWebhook({
  hook,
  onSaved,
  onCancel,
}: {
  hook: WebhookSubscription;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const [url, setUrl] = useState(hook.url);
  const [types, setTypes] = useState(hook.event_types.join(', '));
  const [enabled, setEnabled] = useState(hook.enabled);
  const action = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    const eventTypes = eventTypesOf(types);
    const patch: WebhookPatch = {
      ...(url.trim() === hook.url ? {} : { url: url.trim() }),
      ...(eventTypes.join(' ') === hook.event_types.join(' ') ? {} : { event_types: eventTypes }),
      ...(enabled === hook.enabled ? {} : { enabled }),
    };
    if (Object.keys(patch).length === 0) onCancel();
    else if (await action.run(() => api('PATCH', pathOf(hook.id), patch))) onSaved();
  };
  return (
    <form class="inline-form" aria-label={`Edit the subscription to ${hook.url}`} onSubmit={submit}>
      <Field label="URL">
        <input type="url" required value={url} onInput={(event) => setUrl(inputValue(event))} />
      </Field>
      <EventTypesField value={types} onInput={setTypes} />
      <EnabledCheck value={enabled} onChange={setEnabled} />
      <button type="submit" class="primary" disabled={action.busy}>
        Save
      </button>
      <button type="button" class="quiet" onClick={onCancel}>
        Cancel
      </button>
      <ErrorNote error={action.error} />
    </form>
  );
}

/** One click turns deliveries on or off; disabled, a subscription keeps its place and resumes from it. */
function EnabledSwitch({ hook, onChange }: { hook: WebhookSubscription; onChange: () => void }) {
  const action = useAction();
  return (
    <>
      <button
        type="button"
        role="switch"
        aria-checked={hook.enabled}
        aria-label={`Enabled: ${hook.url}`}
        class={hook.enabled ? 'primary' : 'secondary'}
        disabled={action.busy}
        onClick={async () => {
          if (await action.run(() => api('PATCH', pathOf(hook.id), { enabled: !hook.enabled }))) onChange();
        }}
      >
        {hook.enabled ? 'On' : 'Off'}
      </button>
      <ErrorNote error={action.error} />
    </>
  );
}

function DeleteWebhook({ hook, onDeleted }: { hook: WebhookSubscription; onDeleted: () => void }) {
  const action = useAction();
  return (
    <>
      <button
        type="button"
        class="danger"
        disabled={action.busy}
        onClick={async () => {
          const dead = hook.dead === 0 ? '' : `, the ${plural(hook.dead, 'dead one', 'dead ones')} included,`;
          if (
            !window.confirm(
              `Delete the subscription to ${hook.url}? Nothing more is sent to it, and its deliveries${dead} are deleted with it.`,
            )
          )
            return;
          if (await action.run(() => api('DELETE', pathOf(hook.id)))) onDeleted();
        }}
      >
        Delete
      </button>
      <ErrorNote error={action.error} />
    </>
  );
}

/** The dead count stands out, and opens the dead-letter list. */
function DeadCount({ hook }: { hook: WebhookSubscription }) {
  if (hook.dead === 0) return <span class="muted">0 dead</span>;
  return (
    <Link to={`${pageOf(hook.id)}?status=dead`} class="count-badge hot">
      {hook.dead} dead
    </Link>
  );
}

function LastAttempt({ hook }: { hook: WebhookSubscription }) {
  if (hook.last_attempt_at === null) return <span class="muted">never sent</span>;
  return (
    <>
      {dateTime(hook.last_attempt_at)} · {answerOf(hook.last_status)}
      {hook.last_error !== null && <div>{hook.last_error}</div>}
    </>
  );
}

function SubscriptionRow({ hook, onChange }: { hook: WebhookSubscription; onChange: () => void }) {
  const [editing, setEditing] = useState(false);
  return (
    <>
      <tr data-webhook={hook.id}>
        <td class="wrap">
          <Link to={pageOf(hook.id)}>{hook.url}</Link>
        </td>
        <td>
          {hook.event_types.map((type) => (
            <code key={type}>{type} </code>
          ))}
        </td>
        <td>
          <EnabledSwitch hook={hook} onChange={onChange} />
        </td>
        <td class="num">{hook.pending}</td>
        <td class="num">
          <DeadCount hook={hook} />
        </td>
        <td class={hook.last_error === null ? '' : 'bad'}>
          <LastAttempt hook={hook} />
        </td>
        <td>
          <div class="actions">
            <button type="button" class="quiet" onClick={() => setEditing(!editing)}>
              {editing ? 'Close' : 'Edit'}
            </button>
            <DeleteWebhook hook={hook} onDeleted={onChange} />
          </div>
        </td>
      </tr>
      {editing && (
        <tr>
          <td colSpan={7}>
            <EditWebhook
              hook={hook}
              onCancel={() => setEditing(false)}
              onSaved={() => {
                setEditing(false);
                onChange();
              }}
            />
          </td>
        </tr>
      )}
    </>
  );
}

export function WebhooksPage() {
  const hooks = useLoad(() => api<{ data: WebhookSubscription[] }>('GET', '/v1/webhooks'), []);
  return (
    <section>
      <h1>Webhooks</h1>
      <p class="muted">
        The shop’s events posted to its endpoints, signed the Standard Webhooks way, in order per order or
        SKU, retried with backoff; out of attempts, a delivery waits on the dead-letter list for a replay.
        Where alerts are sent is on the Alerts page.
      </p>
      <Subscribe onCreated={hooks.reload} />
      <div class="card">
        <h2>
          Subscriptions
          <button type="button" class="secondary" onClick={hooks.reload}>
            Refresh
          </button>
        </h2>
        <ErrorNote error={hooks.error} />
        {hooks.data?.data.length === 0 && <p class="empty">No subscription yet.</p>}
        {hooks.data !== undefined && hooks.data.data.length > 0 && (
          <table class="rows">
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">Event types</th>
                <th scope="col">Enabled</th>
                <th scope="col" class="num">
                  Pending
                </th>
                <th scope="col" class="num">
                  Dead
                </th>
                <th scope="col">Last attempt</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {hooks.data.data.map((hook) => (
                <SubscriptionRow key={hook.id} hook={hook} onChange={hooks.reload} />
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}

function Attempts({ delivery }: { delivery: Delivery }) {
  if (delivery.attempt_log.length === 0) return <p class="empty">Not tried yet.</p>;
  return (
    <table class="rows">
      <caption class="muted">
        Attempts to deliver event {delivery.event_id}, oldest first (the latest {attemptsLoggedMax} are kept)
      </caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Status</th>
          <th scope="col">Error</th>
          <th scope="col" class="num">
            Duration
          </th>
        </tr>
      </thead>
      <tbody>
        {delivery.attempt_log.map((attempt) => (
          <tr key={`${attempt.at}/${attempt.duration_ms}`}>
            <td>{dateTime(attempt.at)}</td>
            <td>{answerOf(attempt.status)}</td>
            <td class={attempt.error === null ? '' : 'bad'}>{attempt.error ?? '—'}</td>
            <td class="num">{milliseconds(attempt.duration_ms)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DeliveryStatusMark({ status }: { status: DeliveryStatus }) {
  if (status === 'dead') return <span class="badge severity-critical">dead</span>;
  return <span class={`status status-${status}`}>{status}</span>;
}

function DeliveryRow({ delivery }: { delivery: Delivery }) {
  const [open, setOpen] = useState(false);
  const attemptsId = useId();
  const last = delivery.attempt_log.at(-1);
  const entity = `${delivery.entity_type} ${delivery.entity_id}`;
  return (
    <>
      <tr data-event={delivery.event_id} class={delivery.status === 'dead' ? 'urgent' : ''}>
        <td class="num">{delivery.event_id}</td>
        <td>
          <code>{delivery.event_type}</code>
        </td>
        <td>
          {delivery.entity_type === 'order' ? (
            <Link to={`/orders/${encodeURIComponent(delivery.entity_id)}`}>{entity}</Link>
          ) : (
            entity
          )}
        </td>
        <td>
          <DeliveryStatusMark status={delivery.status} />
        </td>
        <td class="num">{delivery.attempts}</td>
        <td class={last?.error == null ? '' : 'bad'}>
          {last === undefined ? '—' : `${dateTime(last.at)} · ${answerOf(last.status)}`}
        </td>
        <td>
          {delivery.status === 'pending'
            ? `next try ${dateTime(delivery.next_attempt_at)}`
            : delivery.status === 'delivered'
              ? `delivered ${dateTime(delivery.delivered_at)}`
              : 'out of attempts'}
        </td>
        <td>
          <button
            type="button"
            class="quiet"
            aria-expanded={open}
            aria-controls={attemptsId}
            onClick={() => setOpen(!open)}
          >
            {open ? 'Hide attempts' : `Show attempts (${delivery.attempt_log.length})`}
          </button>
        </td>
      </tr>
      <tr id={attemptsId} hidden={!open}>
        <td colSpan={8}>{open && <Attempts delivery={delivery} />}</td>
      </tr>
    </>
  );
}

function Deliveries({
  id,
  dead,
  status,
  before,
  version,
}: {
  id: string;
  dead: number;
  status: DeliveryStatus | '';
  before: string;
  version: number;
}) {
  const deliveries = useLoad(
    () =>
      api<{ data: Delivery[] }>(
        'GET',
        `${pathOf(id)}/deliveries${query({ status, before_event: before, limit: pageLimits.backOfficePageSize })}`,
      ),
    [id, status, before, version],
  );
  const show = (change: { status?: string; before_event?: string | null }) =>
    navigate(`${pageOf(id)}${query({ status, before_event: before, ...change })}`);
  const rows = deliveries.data?.data ?? [];
  const next = rows.length === pageLimits.backOfficePageSize ? String(rows.at(-1)!.event_id) : null;
  const tabs: [DeliveryStatus | '', string][] = [
    ['', 'All'],
    ...deliveryStatusList.map((each): [DeliveryStatus, string] => [
      each,
      each === 'dead' ? `${statusTabLabels[each]} (${dead})` : statusTabLabels[each],
    ]),
  ];
  return (
    <div class="card">
      <h2>Deliveries, newest first</h2>
      <div class="tabs" role="tablist" aria-label="Deliveries by status">
        {tabs.map(([each, label]) => (
          <button
            key={each}
            type="button"
            role="tab"
            aria-selected={status === each}
            class={status === each ? 'active' : ''}
            onClick={() => show({ status: each, before_event: null })}
          >
            {label}
          </button>
        ))}
      </div>
      <ErrorNote error={deliveries.error} />
      {deliveries.data !== undefined && rows.length === 0 && (
        <p class="empty">{status === 'dead' ? 'The dead-letter list is empty.' : 'No delivery here.'}</p>
      )}
      {rows.length > 0 && (
        <table class="rows">
          <thead>
            <tr>
              <th scope="col" class="num">
                Event
              </th>
              <th scope="col">Type</th>
              <th scope="col">Of</th>
              <th scope="col">Status</th>
              <th scope="col" class="num">
                Attempts
              </th>
              <th scope="col">Last attempt</th>
              <th scope="col">Then</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {rows.map((delivery) => (
              <DeliveryRow key={delivery.event_id} delivery={delivery} />
            ))}
          </tbody>
        </table>
      )}
      <Pager
        cursor={before === '' ? null : before}
        next={next}
        onPage={(cursor) => show({ before_event: cursor })}
      />
    </div>
  );
}

/** The oldest delivery on the dead-letter list, read a page at a time from the newest. */
async function oldestDeadEvent(id: string): Promise<number | null> {
  let oldest: number | null = null;
  for (;;) {
    const page: { data: Delivery[] } = await api<{ data: Delivery[] }>(
      'GET',
      `${pathOf(id)}/deliveries${query({ status: 'dead', before_event: oldest, limit: deliveriesPageSizeMax })}`,
    );
    oldest = page.data.at(-1)?.event_id ?? oldest;
    if (page.data.length < deliveriesPageSizeMax) return oldest;
  }
}

function ReplayCard({
  hook,
  version,
  onReplayed,
}: {
  hook: WebhookSubscription;
  version: number;
  onReplayed: () => void;
}) {
  const oldestDead = useLoad(
    () => (hook.dead === 0 ? Promise.resolve(null) : oldestDeadEvent(hook.id)),
    [hook.id, hook.dead, version],
  );
  const [typed, setTyped] = useState<string | null>(null);
  const [replayed, setReplayed] = useState<Replay | null>(null);
  const action = useAction();
  const suggested = hook.dead === 0 ? null : (oldestDead.data ?? null);
  const fromEvent = typed ?? (suggested === null ? '' : String(suggested));
  const submit = async (event: Event) => {
    event.preventDefault();
    if (
      !window.confirm(
        `Send again, in order, every event from ${fromEvent} on that this subscription takes, delivered ones too?`,
      )
    )
      return;
    const replay = () =>
      api<Replay>('POST', `${pathOf(hook.id)}/replay`, { from_event: Number(fromEvent) }).then(setReplayed);
    if (await action.run(replay)) {
      setTyped(null);
      onReplayed();
    }
  };
  return (
    <div class="card">
      <h2>Replay</h2>
      <p class="muted">
        Sends again, in order, every event from the one given on that this subscription takes, delivered or
        dead: once a dead endpoint is back, or after its receiver lost what it had.
        {suggested !== null && ` Prefilled with the oldest dead delivery’s event, ${suggested}.`}
      </p>
      <form class="inline-form" onSubmit={submit}>
        <Field label="From event">
          <input
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            required
            value={fromEvent}
            placeholder="event id"
            onInput={(event) => setTyped(inputValue(event))}
          />
        </Field>
        <button type="submit" class="secondary" disabled={action.busy || fromEvent === ''}>
          Replay from event {fromEvent === '' ? '…' : fromEvent}
        </button>
      </form>
      <ErrorNote error={action.error ?? oldestDead.error} />
      {replayed !== null && (
        <output class="notice" data-replayed>
          Replayed from event {replayed.from_event}:{' '}
          <strong>{plural(replayed.deliveries_reset, 'delivery', 'deliveries')} reset</strong>, to be sent
          again in order.
        </output>
      )}
    </div>
  );
}

export function WebhookPage({ id, search }: { id: string; search: URLSearchParams }) {
  const status = deliveryStatusList.find((each) => each === search.get('status')) ?? '';
  const before = search.get('before_event') ?? '';
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState(false);
  const hook = useLoad(() => api<WebhookSubscription>('GET', pathOf(id)), [id, version]);
  const refresh = () => setVersion((count) => count + 1);
  const back = (
    <p>
      <Link to="/webhooks">← Webhooks</Link>
    </p>
  );
  if (hook.error !== undefined)
    return (
      <section>
        {back}
        <ErrorNote error={hook.error} />
      </section>
    );
  if (hook.data === undefined) return <p class="empty">Loading…</p>;
  const value = hook.data;
  return (
    <section>
      {back}
      <h1>
        Webhook <span class="status">{value.enabled ? 'enabled' : 'disabled'}</span>
      </h1>
      <div class="columns">
        <div class="card">
          <h2>
            Subscription
            <button type="button" class="secondary" onClick={refresh}>
              Refresh
            </button>
          </h2>
          <table class="rows">
            <tbody>
              <tr>
                <th scope="row">URL</th>
                <td class="wrap">{value.url}</td>
              </tr>
              <tr>
                <th scope="row">Event types</th>
                <td>
                  {value.event_types.map((type) => (
                    <code key={type}>{type} </code>
                  ))}
                </td>
              </tr>
              <tr>
                <th scope="row">Enabled</th>
                <td>
                  <EnabledSwitch hook={value} onChange={refresh} />
                </td>
              </tr>
              <tr>
                <th scope="row">Backlog</th>
                <td>
                  {value.pending} pending · <DeadCount hook={value} />
                </td>
              </tr>
              <tr>
                <th scope="row">Last attempt</th>
                <td class={value.last_error === null ? '' : 'bad'}>
                  <LastAttempt hook={value} />
                </td>
              </tr>
              <tr>
                <th scope="row">Read up to</th>
                <td>event {value.position}</td>
              </tr>
              <tr>
                <th scope="row">Created</th>
                <td>{dateTime(value.created_at)}</td>
              </tr>
            </tbody>
          </table>
          <div class="actions">
            <button type="button" class="quiet" onClick={() => setEditing(!editing)}>
              {editing ? 'Close' : 'Edit'}
            </button>
            <DeleteWebhook hook={value} onDeleted={() => navigate('/webhooks')} />
          </div>
          {editing && (
            <EditWebhook
              hook={value}
              onCancel={() => setEditing(false)}
              onSaved={() => {
                setEditing(false);
                refresh();
              }}
            />
          )}
        </div>
        <ReplayCard hook={value} version={version} onReplayed={refresh} />
      </div>
      <Deliveries id={id} dead={value.dead} status={status} before={before} version={version} />
    </section>
  );
}
