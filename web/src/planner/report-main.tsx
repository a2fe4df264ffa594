/**
 * The standalone readiness report (report.html): the plan comes embedded in the page, as JSON in
 * `<script id="plan">`, so that the file opens from disk with no server and no network.
 */
import { render } from 'preact';
import type { PeakPlan } from '../../../src/planner/contract.js';
import { PlanReport } from './plan-report.js';
import '../styles.css';

function embeddedPlan(): PeakPlan | null {
  const text = document.getElementById('plan')?.textContent?.trim() ?? '';
  return text === '' ? null : (JSON.parse(text) as PeakPlan);
}

const plan = embeddedPlan();
const root = document.getElementById('app')!;
if (plan === null) {
  render(
    <p class="empty big">
      No plan in this page: <code>affluence plan</code> writes report.html with its plan in it.
    </p>,
    root,
  );
} else {
  document.title = `Peak readiness: ${plan.forecast.window.from} to ${plan.forecast.window.to}`;
  render(
    <main>
      <PlanReport plan={plan} />
    </main>,
    root,
  );
}
