/** Alerts: the rules (on, off, edited, new), what fired and when, and where alerts are sent. */

import { useState } from 'preact/hooks';
import type { Alert, Rule } from '../../../src/ops/alerts/contract.js';
import { api, query } from '../api.js';
import { ErrorNote, useAction } from '../components/forms.js';
import { Link } from '../components/link.js';
import { useLoad } from '../components/load.js';
import { dateTime } from '../format.js';
import { pageLimits } from '../server-values.js';
import { AlertRuleForm, describeCondition } from './alert-rule-form.js';
import { AlertWebhooks } from './alert-webhooks.js';

function RuleRow({ rule, onChange }: { rule: Rule; onChange: () => void }) {
  const [editing, setEditing] = useState(false);
  const action = useAction();
  const path = `/v1/alert-rules/${encodeURIComponent(rule.id)}`;
  const toggle = () =>
    action.run(async () => {
      const { name, severity, condition, runbook } = rule;
      // PUT replaces the rule: send it whole, with only `enabled` changed.
      await api('PUT', path, {
        name,
        severity,
        condition,
        enabled: !rule.enabled,
        ...(runbook === null ? {} : { runbook }),
      });
      onChange();
    });
  return (
    <>
      <tr class={rule.enabled ? '' : 'disabled'} data-rule={rule.id}>
        <td>
          <strong>{rule.name}</strong>
          <div class="muted">{rule.id}</div>
        </td>
        <td>
          <span class={`badge severity-${rule.severity}`}>{rule.severity}</span>
        </td>
        <td>{describeCondition(rule.condition)}</td>
        <td>{rule.runbook === null ? '—' : 'yes'}</td>
        <td>
          <div class="actions">
            <button
              type="button"
              class={rule.enabled ? 'secondary' : 'primary'}
              disabled={action.busy}
              onClick={toggle}
            >
              {rule.enabled ? 'Disable' : 'Enable'}
            </button>
            <button type="button" class="quiet" onClick={() => setEditing(!editing)}>
              {editing ? 'Close' : 'Edit'}
            </button>
            <button
              type="button"
              class="quiet"
              disabled={action.busy}
              onClick={async () => {
                if (
                  window.confirm(`Delete the rule ${rule.name}? Its past alerts stay.`) &&
                  (await action.run(() => api('DELETE', path)))
                )
                  onChange();
              }}
            >
              Delete
            </button>
          </div>
          <ErrorNote error={action.error} />
        </td>
      </tr>
      {editing && (
        <tr>
          <td colSpan={5}>
            <AlertRuleForm
              rule={rule}
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

function History() {
  const alerts = useLoad(
    () => api<{ data: Alert[] }>('GET', `/v1/alerts${query({ limit: pageLimits.backOfficePageSize })}`),
    [],
  );
  return (
    <div class="card">
      <h2>History</h2>
      <ErrorNote error={alerts.error} />
      {alerts.data?.data.length === 0 && <p class="empty">No alert has fired yet.</p>}
      <table class="rows">
        <thead>
          <tr>
            <th>Fired</th>
            <th>Rule</th>
            <th>Severity</th>
            <th>Message</th>
            <th>Resolved</th>
            <th>Incident</th>
          </tr>
        </thead>
        <tbody>
          {alerts.data?.data.map((alert) => (
            <tr key={alert.id} class={alert.status === 'firing' ? 'urgent' : ''}>
              <td>{dateTime(alert.fired_at)}</td>
              <td>{alert.rule_name}</td>
              <td>
                <span class={`badge severity-${alert.severity}`}>{alert.severity}</span>
              </td>
              <td>{alert.message}</td>
              <td>{alert.status === 'firing' ? 'firing' : dateTime(alert.resolved_at)}</td>
              <td>
                {alert.incident_id !== null && (
                  <Link to={`/incidents/${encodeURIComponent(alert.incident_id)}`}>open it</Link>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AlertsPage() {
  const rules = useLoad(() => api<{ data: Rule[] }>('GET', '/v1/alert-rules'), []);
  const [creating, setCreating] = useState(false);
  return (
    <section>
      <h1>Alerts</h1>
      <div class="card">
        <h2>
          Rules{' '}
          <button type="button" class="secondary" onClick={() => setCreating(!creating)}>
            {creating ? 'Close' : 'New rule'}
          </button>
        </h2>
        {creating && (
          <AlertRuleForm
            onSaved={() => {
              setCreating(false);
              rules.reload();
            }}
          />
        )}
        <ErrorNote error={rules.error} />
        <table class="rows">
          <thead>
            <tr>
              <th>Rule</th>
              <th>Severity</th>
              <th>Fires when</th>
              <th>Runbook</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rules.data?.data.map((rule) => (
              <RuleRow key={rule.id} rule={rule} onChange={rules.reload} />
            ))}
          </tbody>
        </table>
      </div>
      <History />
      <AlertWebhooks />
    </section>
  );
}
