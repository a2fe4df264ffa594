/** API keys: who may call Affluence, with which scopes; a new key is shown once, a revoked one stops at once. */
import { useState } from 'preact/hooks';
import type { ApiKey } from '../../../src/platform/api-keys/contract.js';
import { api } from '../api.js';
import { ErrorNote, Field, inputValue, useAction } from '../components/forms.js';
import { useLoad } from '../components/load.js';
import { dateTime } from '../format.js';
import { scopeList as scopes } from '../server-values.js';

function CreateKey({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>(['storefront']);
  const [created, setCreated] = useState<(ApiKey & { key: string }) | null>(null);
  const action = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    await action.run(async () => {
      setCreated(
        await api<ApiKey & { key: string }>('POST', '/v1/api-keys', { name: name.trim(), scopes: chosen }),
      );
      setName('');
      onCreated();
    });
  };
  return (
    <div class="card">
      <h2>New key</h2>
      <form class="inline-form" onSubmit={submit}>
        <Field label="Who or what uses it">
          <input
            required
            value={name}
            placeholder="storefront"
            onInput={(event) => setName(inputValue(event))}
          />
        </Field>
        <fieldset class="checks">
          <legend>Scopes</legend>
          {scopes.map((scope) => (
            <label key={scope}>
              <input
                type="checkbox"
                checked={chosen.includes(scope)}
                onChange={(event) =>
                  setChosen(
                    (event.currentTarget as HTMLInputElement).checked
                      ? [...chosen, scope]
                      : chosen.filter((each) => each !== scope),
                  )
                }
              />{' '}
              {scope}
            </label>
          ))}
        </fieldset>
        <button type="submit" class="primary" disabled={action.busy}>
          Create key
        </button>
      </form>
      <ErrorNote error={action.error} />
      {created !== null && (
        <output class="notice">
          <p>
            The key of <strong>{created.name}</strong>, shown this once — copy it now:
          </p>
          <code class="secret">{created.key}</code>{' '}
          <button type="button" class="secondary" onClick={() => navigator.clipboard?.writeText(created.key)}>
            Copy
          </button>{' '}
          <button type="button" class="quiet" onClick={() => setCreated(null)}>
            Done
          </button>
        </output>
      )}
    </div>
  );
}

function Revoke({ apiKey, onRevoked }: { apiKey: ApiKey; onRevoked: () => void }) {
  const action = useAction();
  return (
    <>
      <button
        type="button"
        class="danger"
        disabled={action.busy}
        onClick={async () => {
          if (!window.confirm(`Revoke the key ${apiKey.name} (${apiKey.prefix}…)? It stops working at once.`))
            return;
          if (await action.run(() => api('DELETE', `/v1/api-keys/${encodeURIComponent(apiKey.id)}`)))
            onRevoked();
        }}
      >
        Revoke
      </button>
      <ErrorNote error={action.error} />
    </>
  );
}

export function ApiKeysPage() {
  const keys = useLoad(() => api<{ data: ApiKey[] }>('GET', '/v1/api-keys'), []);
  return (
    <section>
      <h1>API keys</h1>
      <CreateKey onCreated={keys.reload} />
      <ErrorNote error={keys.error} />
      <table class="rows">
        <thead>
          <tr>
            <th>Name</th>
            <th>Scopes</th>
            <th>Starts with</th>
            <th>Created</th>
            <th>Revoked</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {keys.data?.data.map((key) => (
            <tr key={key.id} class={key.revoked_at === null ? '' : 'revoked'}>
              <td>{key.name}</td>
              <td>{key.scopes.join(', ')}</td>
              <td>
                <code>{key.prefix}…</code>
              </td>
              <td>{dateTime(key.created_at)}</td>
              <td>{dateTime(key.revoked_at)}</td>
              <td>{key.revoked_at === null && <Revoke apiKey={key} onRevoked={keys.reload} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
