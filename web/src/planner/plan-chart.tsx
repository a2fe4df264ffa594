/**
 * A uPlot chart of a plan: drawn once from figures that do not change (a plan is never updated in
 * place), resized with its box, its legend in HTML and its reading in words for screen readers.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface LegendItem {
  readonly label: string;
  readonly color: string;
  /** How the swatch looks: a line, a filled band or bar, or a day's shade. */
  readonly mark: 'line' | 'area' | 'shade';
}

export interface PlanChartProps {
  readonly title: string;
  /** What the chart says, in words: the plot's accessible name after its title. */
  readonly description: string;
  readonly legend: readonly LegendItem[];
  readonly data: uPlot.AlignedData;
  /** Everything but the size, which follows the figure's width. */
  readonly options: Omit<uPlot.Options, 'width' | 'height'>;
  readonly heightPx?: number;
}

/** Tall enough to tell a band from its line on a laptop, short enough to keep the tables in view. */
const plotHeightPxDefault = 260;

export const chartColors = {
  axis: '#8fa3b8',
  grid: 'rgba(143, 163, 184, 0.14)',
  history: '#4aa3ff',
  forecast: '#3ddc97',
  actual: '#ffb020',
  event: '#ffb020',
  closed: '#8fa3b8',
} as const;

export const chartFont = '13px Inter, "Segoe UI", system-ui, sans-serif';

/** An axis as the app draws them: muted, a faint grid, no ticks. */
export function axis(extra: uPlot.Axis = {}): uPlot.Axis {
  return {
    stroke: chartColors.axis,
    font: chartFont,
    grid: { stroke: chartColors.grid, width: 1 },
    ticks: { show: false },
    ...extra,
  };
}

export function PlanChart(props: PlanChartProps) {
  const target = useRef<HTMLDivElement>(null);
  const heightPx = props.heightPx ?? plotHeightPxDefault;

  // Built again only when the figures change: options are derived from the same plan.
  useEffect(() => {
    const element = target.current!;
    const widthPx = Math.max(element.clientWidth, 300);
    const chart = new uPlot(
      { ...props.options, width: widthPx, height: heightPx, legend: { show: false } },
      props.data,
      element,
    );
    const resize = new ResizeObserver(() => {
      if (element.clientWidth > 0) chart.setSize({ width: element.clientWidth, height: heightPx });
    });
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [props.data]);

  return (
    <figure class="chart card plan-chart">
      <figcaption>
        <span class="chart-title">{props.title}</span>
        <span class="legend">
          {props.legend.map((item) => (
            <span key={item.label} class="legend-item">
              <span class={`plan-swatch plan-swatch-${item.mark}`} style={{ color: item.color }} />
              {item.label}
            </span>
          ))}
        </span>
      </figcaption>
      <div ref={target} class="chart-plot" role="img" aria-label={`${props.title}: ${props.description}`} />
    </figure>
  );
}
