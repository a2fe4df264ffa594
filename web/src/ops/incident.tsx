/** One incident: its runbook, its timeline, notes and actions, moving it along, and closing it with a summary. */

import { useState } from 'preact/hooks';
import type { IncidentDetail } from '../../../src/ops/incidents/contract.js';
import { api } from '../api.js';
import { ErrorNote, Field, inputValue, useAction } from '../components/forms.js';
import { Link } from '../components/link.js';
import { useLoad } from '../components/load.js';
import { Markdown } from '../components/markdown.js';
import { dateTime } from '../format.js';
import { entryKindList, incidentMoves, textLimits } from '../server-values.js';

type Change = (body: Record<string, string>) => Promise<boolean>;

function Progress({ incident, change }: { incident: IncidentDetail; change: Change }) {
  const [owner, setOwner] = useState(incident.owner ?? '');
  const [summary, setSummary] = useState('');
  // Resolving is closing, which needs its summary: it has its own form below.
  const steps = incidentMoves[incident.status].filter((status) => status !== 'resolved');
  return (
    <div class="card">
      <h2>Handle it</h2>
      <div class="actions">
        {steps.map((status) => (
          <button key={status} type="button" class="secondary" onClick={() => change({ status })}>
            Mark {status}
          </button>
        ))}
      </div>
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void change({ owner: owner.trim() });
        }}
      >
        <Field label="Owner">
          <input required value={owner} onInput={(event) => setOwner(inputValue(event))} />
        </Field>
        <button type="submit" class="secondary">
          Set owner
        </button>
      </form>
      {incident.status !== 'resolved' && (
        <form
          class="stacked-form"
          onSubmit={async (event) => {
            event.preventDefault();
            if (await change({ status: 'resolved', summary: summary.trim() })) setSummary('');
          }}
        >
          <Field label="Closing summary: what happened, what was done">
            <textarea
              required
              rows={3}
              maxLength={textLimits.incidentTextLengthMax}
              value={summary}
              onInput={(event) => setSummary(inputValue(event))}
            />
          </Field>
          <button type="submit" class="primary">
            Close incident
          </button>
        </form>
      )}
    </div>
  );
}

function AddEntry({ id, onAdded }: { id: string; onAdded: () => void }) {
  const [kind, setKind] = useState<string>('note');
  const [text, setText] = useState('');
  const action = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    const path = `/v1/incidents/${encodeURIComponent(id)}/timeline`;
    if (await action.run(() => api('POST', path, { kind, text: text.trim() }))) {
      setText('');
      onAdded();
    }
  };
  return (
    <form class="stacked-form" onSubmit={submit}>
      <div class="inline-form">
        <Field label="Write">
          <select value={kind} onChange={(event) => setKind(inputValue(event))}>
            {entryKindList.map((each) => (
              <option key={each} value={each}>
                {each === 'note' ? 'a note' : 'an action taken'}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <textarea
        aria-label="Timeline entry"
        required
        rows={2}
        maxLength={textLimits.incidentTextLengthMax}
        value={text}
        onInput={(event) => setText(inputValue(event))}
      />
      <button type="submit" class="secondary" disabled={action.busy}>
        Add to timeline
      </button>
      <ErrorNote error={action.error} />
    </form>
  );
}

export function IncidentPage({ id }: { id: string }) {
  const path = `/v1/incidents/${encodeURIComponent(id)}`;
  const incident = useLoad(() => api<IncidentDetail>('GET', path), [id]);
  const action = useAction();
  const change: Change = async (body) => {
    const done = await action.run(() => api('PATCH', path, body));
    if (done) incident.reload();
    return done;
  };
  if (incident.error !== undefined) return <ErrorNote error={incident.error} />;
  if (incident.data === undefined) return <p class="empty">Loading…</p>;
  const value = incident.data;
  return (
    <section>
      <p>
        <Link to="/incidents">← Incidents</Link>
      </p>
      <h1>
        <span class={`badge ${value.severity}`}>{value.severity}</span> {value.title}{' '}
        <span class={`status status-incident-${value.status}`}>{value.status}</span>
      </h1>
      <p class="muted">
        Opened {dateTime(value.opened_at)} · owner {value.owner ?? 'nobody yet'}
        {value.closed_at !== null && ` · closed ${dateTime(value.closed_at)}`}
      </p>
      {value.summary !== null && (
        <div class="notice">
          <strong>Summary:</strong> {value.summary}
        </div>
      )}
      <ErrorNote error={action.error} />
      <div class="columns">
        <div class="card runbook">
          <h2>Runbook</h2>
          {value.runbook === null ? (
            <p class="empty">
              This incident has no runbook: it was not opened from an alert rule that has one.
            </p>
          ) : (
            <Markdown text={value.runbook} />
          )}
        </div>
        <div>
          <Progress key={value.status} incident={value} change={change} />
          <div class="card">
            <h2>Timeline</h2>
            <ol class="timeline">
              {value.timeline.map((entry) => (
                <li key={entry.id} class={`entry-${entry.kind}`}>
                  <time>{dateTime(entry.at)}</time> <span class="badge">{entry.kind}</span> {entry.text}{' '}
                  <span class="muted">— {entry.by}</span>
                </li>
              ))}
            </ol>
            <AddEntry id={id} onAdded={incident.reload} />
          </div>
        </div>
      </div>
    </section>
  );
}
