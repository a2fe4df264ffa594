/**
 * The top sellers: a bar per SKU of the units the window sells, its 80 % range drawn as a whisker
 * over the bar, all on one scale so that the SKUs compare at a glance. The figures beside each bar
 * say the same in words.
 */
import type { ComponentChildren } from 'preact';
import type { Forecast, ForecastSku } from '../../../src/planner/contract.js';
import { figure, percent } from '../format.js';
import { modelName, range } from './marks.js';

function share(value: number, max: number): string {
  return `${max === 0 ? 0 : (value / max) * 100}%`;
}

function Bar({ sku, max }: { sku: ForecastSku; max: number }) {
  return (
    <span class="plan-bar-track" aria-hidden="true">
      <span class="plan-bar" style={{ width: share(sku.units, max) }} />
      <span
        class="plan-whisker"
        style={{ left: share(sku.units_low80, max), width: share(sku.units_high80 - sku.units_low80, max) }}
      />
    </span>
  );
}

export function TopSellers({
  forecast,
  serviceLevel,
  skuLabel,
}: {
  forecast: Forecast;
  serviceLevel: number;
  skuLabel: (sku: string) => ComponentChildren;
}) {
  const max = Math.max(0, ...forecast.skus.map((sku) => sku.units_high80));
  return (
    <section class="plan-section" aria-labelledby="plan-skus">
      <h2 id="plan-skus">Top sellers</h2>
      {forecast.skus.length === 0 ? (
        <p class="empty">No SKU sold in the history.</p>
      ) : (
        <div class="card">
          <table class="rows plan-skus" aria-describedby="plan-skus-note">
            <caption>Units forecast over the window, with their 80 % range</caption>
            <thead>
              <tr>
                <th scope="col">SKU</th>
                <th scope="col" class="plan-bar-head">
                  Units <span class="muted">(bar: forecast, whisker: 80 % range)</span>
                </th>
                <th scope="col" class="num">
                  Units
                </th>
                <th scope="col" class="num">
                  80 %
                </th>
                <th scope="col" class="num">
                  At {percent(serviceLevel)}
                </th>
                <th scope="col">Forecast by</th>
              </tr>
            </thead>
            <tbody>
              {forecast.skus.map((sku) => (
                <tr key={sku.sku} data-sku={sku.sku}>
                  <th scope="row">
                    {skuLabel(sku.sku)}
                    {sku.name !== null && <div class="muted plan-sku-name">{sku.name}</div>}
                  </th>
                  <td class="plan-bar-cell">
                    <Bar sku={sku} max={max} />
                  </td>
                  <td class="num strong">{figure(sku.units)}</td>
                  <td class="num">{range(sku.units_low80, sku.units_high80)}</td>
                  <td class="num">{figure(sku.units_at_service_level)}</td>
                  <td>
                    {sku.model === 'seasonal_naive' ? 'last week' : modelName(sku.model)}
                    {sku.intermittent && <span class="badge plan-intermittent">intermittent</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p id="plan-skus-note" class="muted plan-note">
            Ranked by their last twelve weeks. Forecast by the week; an intermittent SKU sells on fewer than
            one open day in 1.32. “At {percent(serviceLevel)}” is what the window sells at most, with that
            chance: what the stock plan holds.
          </p>
        </div>
      )}
    </section>
  );
}
