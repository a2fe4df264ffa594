/** The audit log: every admin action, who did it and when, and for the switches and other acts that give one, why. */

import { useState } from 'preact/hooks';
import type { AuditEntry } from '../../../src/platform/audit/contract.js';
import type { Page } from '../../../src/platform/http/schemas.js';
import { api, query } from '../api.js';
import { ErrorNote } from '../components/forms.js';
import { useLoad } from '../components/load.js';
import { Pager } from '../components/pager.js';
import { dateTime } from '../format.js';
import { pageLimits } from '../server-values.js';

export function AuditLogPage() {
  const [cursor, setCursor] = useState<string | null>(null);
  const log = useLoad(
    () =>
      api<Page<AuditEntry>>('GET', `/v1/audit-log${query({ cursor, limit: pageLimits.backOfficePageSize })}`),
    [cursor],
  );
  return (
    <section>
      <h1>Audit log</h1>
      <ErrorNote error={log.error} />
      {log.data !== undefined && log.data.data.length === 0 && <p class="empty">Nothing recorded yet.</p>}
      {log.data !== undefined && log.data.data.length > 0 && (
        <table class="rows">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Action</th>
              <th>Target</th>
              <th>Reason</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {log.data?.data.map((entry) => (
              <tr key={entry.id}>
                <td>{dateTime(entry.at)}</td>
                <td>{entry.actor_name}</td>
                <td>{entry.action}</td>
                <td>{entry.target}</td>
                <td>{entry.reason}</td>
                <td>
                  <pre class="payload">{JSON.stringify(entry.details, null, 1)}</pre>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager cursor={cursor} next={log.data?.next_cursor ?? null} onPage={setCursor} />
    </section>
  );
}
