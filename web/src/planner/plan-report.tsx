/**
 * The peak readiness report: one set of components for the back office's plan page and for the
 * standalone report.html that `affluence plan` writes. In the order a shop acts on it: what is wrong,
 * the demand, the top sellers, the stock to order, the people, and whether the site will hold.
 */
import type { ComponentChildren } from 'preact';
import type { PeakPlan } from '../../../src/planner/contract.js';
import { civilDate, dateTime } from '../format.js';
import { Capacity } from './capacity.js';
import { Demand } from './demand.js';
import { TopSellers } from './skus.js';
import { Staff } from './staff.js';
import { StockToOrder } from './stock.js';
import './plan-report.css';

export interface PlanReportProps {
  readonly plan: PeakPlan;
  /** A SKU as shown: plain text in the standalone report, a link to its stock in the back office. */
  readonly skuLabel?: (sku: string) => ComponentChildren;
}

function Warnings({ warnings }: { warnings: readonly string[] }) {
  return (
    <section class="plan-section" aria-labelledby="plan-warnings">
      <h2 id="plan-warnings">
        Warnings {warnings.length > 0 && <span class="badge severity-warning">{warnings.length}</span>}
      </h2>
      {warnings.length === 0 ? (
        <p class="empty">None: the plan found nothing to act on first.</p>
      ) : (
        <ul class="card plan-warnings">
          {warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function PlanReport({ plan, skuLabel = (sku) => <code>{sku}</code> }: PlanReportProps) {
  const { forecast } = plan;
  return (
    <article class="plan-report">
      <header class="plan-header">
        <h1>
          Peak readiness: {civilDate(forecast.window.from)} to {civilDate(forecast.window.to)}
        </h1>
        <p class="muted" data-plan-source>
          Planned {dateTime(plan.generated_at)} from {plan.source}: history from{' '}
          {civilDate(forecast.history_from)} to {civilDate(forecast.trained_until)}, revenue in{' '}
          {forecast.currency}.
        </p>
      </header>
      <Warnings warnings={plan.warnings} />
      <Demand forecast={forecast} />
      <TopSellers forecast={forecast} serviceLevel={plan.stock.service_level} skuLabel={skuLabel} />
      <StockToOrder stock={plan.stock} skuLabel={skuLabel} />
      <Staff staff={plan.staff} />
      <Capacity capacity={plan.capacity} />
    </article>
  );
}
