/** The wall's lists: best sellers per channel, the SKUs running out soonest, firing alerts, open incidents. */

import type { Alert } from '../../../../src/ops/alerts/contract.js';
import type { Stockout, TopSku } from '../../../../src/ops/contract.js';
import type { Incident } from '../../../../src/ops/incidents/contract.js';
import { ApiError, api } from '../../api.js';
import { ErrorNote, useAction } from '../../components/forms.js';
import { Link } from '../../components/link.js';
import { age, figure, minutesLeft } from '../../format.js';
import { navigate } from '../../router.js';

/** The wall has room for five per channel; the API sends up to ten. */
const bestSellersShown = 5;
/** Stock-outs this close are coloured as urgent. */
const stockoutUrgentMinutes = 30;

function Empty({ text }: { text: string }) {
  return <p class="empty">{text}</p>;
}

export function BestSellers({ skus }: { skus: TopSku[] }) {
  const channels = [...new Set(skus.map((sku) => sku.channel))];
  return (
    <section class="card panel" aria-labelledby="best-sellers-title">
      <h2 id="best-sellers-title">Best sellers, last 15 minutes</h2>
      {channels.length === 0 && <Empty text="No sales in the last hour." />}
      <div class="per-channel">
        {channels.map((channel) => (
          <div key={channel}>
            <h3>{channel}</h3>
            <ol class="ranked">
              {skus
                .filter((sku) => sku.channel === channel)
                .slice(0, bestSellersShown)
                .map((sku) => (
                  <li key={sku.sku}>
                    <span class="name" title={sku.sku}>
                      {sku.name}
                    </span>
                    <span class="count">{figure(sku.units)}</span>
                  </li>
                ))}
            </ol>
          </div>
        ))}
      </div>
    </section>
  );
}

export function Stockouts({ stockouts }: { stockouts: Stockout[] }) {
  return (
    <section class="card panel" aria-labelledby="stockouts-title">
      <h2 id="stockouts-title">Running out soonest</h2>
      {stockouts.length === 0 ? (
        <Empty text="Nothing is selling fast enough to run out." />
      ) : (
        <table class="compact">
          <thead>
            <tr>
              <th>SKU, channel</th>
              <th class="num">Left</th>
              <th class="num">Per hour</th>
              <th class="num">Out in</th>
            </tr>
          </thead>
          <tbody>
            {stockouts.map((item) => (
              <tr
                key={`${item.channel}:${item.sku}`}
                class={item.minutes_to_stockout <= stockoutUrgentMinutes ? 'urgent' : ''}
              >
                <td class="name" title={`${item.name} (${item.sku}) on ${item.channel}`}>
                  <Link to={`/stock/${encodeURIComponent(item.sku)}`}>{item.name}</Link>{' '}
                  <span class="muted">{item.channel}</span>
                </td>
                <td class="num">{figure(item.available)}</td>
                <td class="num">{figure(item.units_per_hour)}</td>
                <td class="num strong">
                  {item.available === 0 ? 'sold out' : minutesLeft(item.minutes_to_stockout)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function FiringAlert({ alert, nowMs }: { alert: Alert; nowMs: number }) {
  const action = useAction();
  const open = async () => {
    await action.run(async () => {
      // Opened from its alert, the incident takes the alert's title and severity (the contract).
      try {
        const incident = await api<Incident>('POST', '/v1/incidents', { alert_id: alert.id });
        navigate(`/incidents/${encodeURIComponent(incident.id)}`);
      } catch (error) {
        // Someone else opened it a moment ago: join theirs rather than show a refusal.
        const theirs =
          error instanceof ApiError && error.code === 'alert_has_incident' ? error.details : null;
        const id = (theirs as { incident_id?: unknown } | null)?.incident_id;
        if (typeof id !== 'string') throw error;
        navigate(`/incidents/${encodeURIComponent(id)}`);
      }
    });
  };
  return (
    <li class={`alert severity-${alert.severity}`} data-alert={alert.rule_id}>
      <div class="alert-head">
        <span class="badge">{alert.severity}</span>
        <strong>{alert.rule_name}</strong>
        <span class="muted">{age(alert.fired_at, nowMs)}</span>
      </div>
      <div class="alert-message">{alert.message}</div>
      {alert.incident_id === null ? (
        <button type="button" class="danger" disabled={action.busy} onClick={open}>
          Open incident
        </button>
      ) : (
        <Link to={`/incidents/${encodeURIComponent(alert.incident_id)}`}>Incident under way →</Link>
      )}
      <ErrorNote error={action.error} />
    </li>
  );
}

export function FiringAlerts({ alerts, nowMs }: { alerts: Alert[]; nowMs: number }) {
  return (
    <section class="card panel" aria-labelledby="alerts-title">
      <h2 id="alerts-title">
        Alerts firing <span class={`count-badge${alerts.length > 0 ? ' hot' : ''}`}>{alerts.length}</span>
      </h2>
      {alerts.length === 0 ? (
        <Empty text="All clear." />
      ) : (
        <ul class="alerts">
          {alerts.map((alert) => (
            <FiringAlert key={alert.id} alert={alert} nowMs={nowMs} />
          ))}
        </ul>
      )}
    </section>
  );
}

export function OpenIncidents({ incidents, nowMs }: { incidents: Incident[]; nowMs: number }) {
  return (
    <section class="card panel" aria-labelledby="incidents-title">
      <h2 id="incidents-title">
        Open incidents <span class="count-badge">{incidents.length}</span>
      </h2>
      {incidents.length === 0 ? (
        <Empty text="No incident open." />
      ) : (
        <ul class="incidents">
          {incidents.map((incident) => (
            <li key={incident.id}>
              <span class={`badge ${incident.severity}`}>{incident.severity}</span>
              <Link to={`/incidents/${encodeURIComponent(incident.id)}`}>{incident.title}</Link>
              <span class="muted">
                {incident.status} · {incident.owner ?? 'no owner'} · {age(incident.opened_at, nowMs)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
