/** Sign in with an admin key: checked against the API before it is kept for the session. */
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorNote, Field, inputValue, useAction } from '../components/forms.js';
import { sessionEndReason, signIn } from '../session.js';

export function SignIn() {
  const [key, setKey] = useState('');
  const action = useAction();
  const ended = sessionEndReason();
  const submit = async (event: Event) => {
    event.preventDefault();
    const trimmed = key.trim();
    // Any admin-only read proves the key; the channels are small and always there.
    if (await action.run(() => api('GET', '/v1/channels', undefined, trimmed))) signIn(trimmed);
  };
  return (
    <main class="sign-in">
      <form class="card sign-in-card" onSubmit={submit}>
        <h1>
          <span class="brand-mark" aria-hidden="true" /> Affluence operations room
        </h1>
        <p class="muted">
          Paste an admin API key. It stays in this browser tab only, and is forgotten when the tab closes.
        </p>
        {ended !== null && action.error === undefined && <output class="notice">Signed out: {ended}</output>}
        <Field label="Admin key">
          <input
            type="password"
            name="key"
            autocomplete="off"
            placeholder="aff_…"
            required
            value={key}
            onInput={(event) => setKey(inputValue(event))}
          />
        </Field>
        <ErrorNote error={action.error} />
        <button type="submit" class="primary" disabled={action.busy || key.trim() === ''}>
          Sign in
        </button>
      </form>
    </main>
  );
}
