/** Incidents: those being handled and those closed, and opening one by hand. */

import { useState } from 'preact/hooks';
import type { Incident } from '../../../src/ops/incidents/contract.js';
import { api, query } from '../api.js';
import { ErrorNote, Field, inputValue, useAction } from '../components/forms.js';
import { Link } from '../components/link.js';
import { useLoad } from '../components/load.js';
import { dateTime } from '../format.js';
import { navigate } from '../router.js';
import { incidentSeverityList, pageLimits } from '../server-values.js';

function OpenIncidentForm() {
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState<string>('sev2');
  const [owner, setOwner] = useState('');
  const action = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    const body = { title: title.trim(), severity, ...(owner.trim() === '' ? {} : { owner: owner.trim() }) };
    await action.run(async () => {
      const incident = await api<Incident>('POST', '/v1/incidents', body);
      navigate(`/incidents/${encodeURIComponent(incident.id)}`);
    });
  };
  return (
    <form class="inline-form card" onSubmit={submit}>
      <Field label="Title">
        <input
          required
          value={title}
          placeholder="Checkout errors on web"
          onInput={(event) => setTitle(inputValue(event))}
        />
      </Field>
      <Field label="Severity">
        <select value={severity} onChange={(event) => setSeverity(inputValue(event))}>
          {incidentSeverityList.map((each) => (
            <option key={each}>{each}</option>
          ))}
        </select>
      </Field>
      <Field label="Owner">
        <input value={owner} placeholder="optional" onInput={(event) => setOwner(inputValue(event))} />
      </Field>
      <button type="submit" class="primary" disabled={action.busy}>
        Open incident
      </button>
      <ErrorNote error={action.error} />
    </form>
  );
}

export function IncidentsPage() {
  const [status, setStatus] = useState<'open' | 'closed'>('open');
  const incidents = useLoad(
    () =>
      api<{ data: Incident[] }>(
        'GET',
        `/v1/incidents${query({ status, limit: pageLimits.backOfficePageSize })}`,
      ),
    [status],
  );
  return (
    <section>
      <h1>Incidents</h1>
      <OpenIncidentForm />
      <div class="tabs" role="tablist">
        {(['open', 'closed'] as const).map((each) => (
          <button
            key={each}
            type="button"
            role="tab"
            aria-selected={status === each}
            class={status === each ? 'active' : ''}
            onClick={() => setStatus(each)}
          >
            {each === 'open' ? 'Being handled' : 'Closed'}
          </button>
        ))}
      </div>
      <ErrorNote error={incidents.error} />
      {incidents.data !== undefined && incidents.data.data.length === 0 && <p class="empty">None.</p>}
      {incidents.data !== undefined && incidents.data.data.length > 0 && (
        <table class="rows">
          <thead>
            <tr>
              <th>Title</th>
              <th>Severity</th>
              <th>Status</th>
              <th>Owner</th>
              <th>Opened</th>
              <th>Closed</th>
            </tr>
          </thead>
          <tbody>
            {incidents.data.data.map((incident) => (
              <tr key={incident.id}>
                <td>
                  <Link to={`/incidents/${encodeURIComponent(incident.id)}`}>{incident.title}</Link>
                </td>
                <td>
                  <span class={`badge ${incident.severity}`}>{incident.severity}</span>
                </td>
                <td>{incident.status}</td>
                <td>{incident.owner ?? '—'}</td>
                <td>{dateTime(incident.opened_at)}</td>
                <td>{dateTime(incident.closed_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
