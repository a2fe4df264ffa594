/**
 * The back office's plan page: the latest peak plan made on the store, as the readiness report;
 * before the first, how to make one.
 */
import type { StoredPlan } from '../../../src/planner/contract.js';
import { ApiError, api } from '../api.js';
import { ErrorNote } from '../components/forms.js';
import { Link } from '../components/link.js';
import { useLoad } from '../components/load.js';
import { dateTime } from '../format.js';
import { PlanReport } from './plan-report.js';

const makeCommand = 'affluence plan --store --window FROM..TO --out DIR';

function NoPlan({ message }: { message: string }) {
  return (
    <section class="plan-none">
      <h1>Peak plan</h1>
      <p class="notice" data-no-plan>
        {message}
      </p>
      <div class="card">
        <h2>Make a plan</h2>
        <p>
          From the store’s own orders, stock and purchase orders, for the window of the peak (dates as
          YYYY-MM-DD):
        </p>
        <pre class="payload">
          <code>{makeCommand}</code>
        </pre>
        <p class="muted">
          It writes plan.json, report.md and report.html to DIR, and keeps the plan in the store: this page
          then shows it. <code>POST /v1/plans</code> with <code>{'{"window": {"from": …, "to": …}}'}</code>{' '}
          does the same over the API.
        </p>
      </div>
    </section>
  );
}

export function PlanPage() {
  const plan = useLoad(() => api<StoredPlan>('GET', '/v1/plans/latest'), []);
  if (plan.error instanceof ApiError && plan.error.status === 404)
    return <NoPlan message={plan.error.message} />;
  if (plan.error !== undefined)
    return (
      <section>
        <h1>Peak plan</h1>
        <ErrorNote error={plan.error} />
      </section>
    );
  if (plan.data === undefined) return <p class="muted">Loading the latest plan…</p>;
  return (
    <>
      <p class="muted plan-stored" data-plan-id={plan.data.id}>
        The latest plan, made {dateTime(plan.data.created_at)}. Make another with <code>{makeCommand}</code>.
      </p>
      <PlanReport
        plan={plan.data}
        skuLabel={(sku) => <Link to={`/stock/${encodeURIComponent(sku)}`}>{sku}</Link>}
      />
    </>
  );
}
