/** Where alerts are sent when they fire and resolve: each webhook with how its last delivery went. */
import { useState } from 'preact/hooks';
import type { Webhook } from '../../../src/ops/alerts/contract.js';
import { api } from '../api.js';
import { ErrorNote, Field, inputValue, useAction } from '../components/forms.js';
import { useLoad } from '../components/load.js';
import { dateTime } from '../format.js';

function AddWebhook({ onAdded }: { onAdded: () => void }) {
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [format, setFormat] = useState('slack');
  const action = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    if (
      await action.run(() =>
        api('POST', '/v1/alert-webhooks', { name: name.trim(), url: url.trim(), format }),
      )
    ) {
      setName('');
      setUrl('');
      onAdded();
    }
  };
  return (
    <form class="inline-form" onSubmit={submit}>
      <Field label="Name">
        <input
          required
          value={name}
          placeholder="#ops channel"
          onInput={(event) => setName(inputValue(event))}
        />
      </Field>
      <Field label="URL">
        <input
          type="url"
          required
          value={url}
          placeholder="https://hooks.slack.com/…"
          onInput={(event) => setUrl(inputValue(event))}
        />
      </Field>
      <Field label="Format">
        <select value={format} onChange={(event) => setFormat(inputValue(event))}>
          <option value="slack">Slack</option>
          <option value="json">JSON</option>
        </select>
      </Field>
      <button type="submit" class="primary" disabled={action.busy}>
        Add webhook
      </button>
      <ErrorNote error={action.error} />
    </form>
  );
}

function lastDelivery(hook: Webhook): string {
  if (hook.last_attempt_at === null) return 'never sent';
  const outcome = hook.last_error ?? (hook.last_status === null ? 'no answer' : `HTTP ${hook.last_status}`);
  return `${outcome} · ${dateTime(hook.last_attempt_at)}`;
}

export function AlertWebhooks() {
  const hooks = useLoad(() => api<{ data: Webhook[] }>('GET', '/v1/alert-webhooks'), []);
  const remove = useAction();
  return (
    <div class="card">
      <h2>Webhooks</h2>
      <ErrorNote error={hooks.error ?? remove.error} />
      {hooks.data?.data.length === 0 && (
        <p class="empty">No webhook yet: alerts show on the live page only.</p>
      )}
      {hooks.data !== undefined && hooks.data.data.length > 0 && (
        <table class="rows">
          <thead>
            <tr>
              <th>Name</th>
              <th>URL</th>
              <th>Format</th>
              <th>Last delivery</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {hooks.data?.data.map((hook) => (
              <tr key={hook.id}>
                <td>{hook.name}</td>
                <td class="wrap">{hook.url}</td>
                <td>{hook.format}</td>
                <td class={hook.last_error === null ? '' : 'bad'}>{lastDelivery(hook)}</td>
                <td>
                  <button
                    type="button"
                    class="danger"
                    disabled={remove.busy}
                    onClick={async () => {
                      if (
                        await remove.run(() =>
                          api('DELETE', `/v1/alert-webhooks/${encodeURIComponent(hook.id)}`),
                        )
                      )
                        hooks.reload();
                    }}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AddWebhook onAdded={hooks.reload} />
    </div>
  );
}
