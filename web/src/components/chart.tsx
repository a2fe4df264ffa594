/**
 * A uPlot time chart made once and fed new data in place, so a wall screen sees lines move without
 * the chart being rebuilt (no flicker). Its legend, under the title, shows each line's latest value.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartLine {
  readonly label: string;
  readonly color: string;
  /** The y scale the line is read on; a second scale gets its own axis on the right. */
  readonly scale?: string;
  readonly dash?: number[];
  readonly fill?: boolean;
  /** Drawn as a bar per minute, so that it reads apart from a line on the other scale. */
  readonly bars?: boolean;
  /** The latest value as the legend shows it. */
  readonly latest: string;
}

export interface ChartProps {
  readonly title: string;
  readonly lines: readonly ChartLine[];
  /** x: instants in epoch seconds; then one array per line, null where a minute has no value. */
  readonly data: uPlot.AlignedData;
  /** How the axis of each scale writes its values ("120 ms"). */
  readonly units?: Readonly<Record<string, (value: number) => string>>;
  readonly logScale?: string;
}

/** Three charts side by side under the tiles leave the lists of the wall most of its height. */
const plotHeightPx = 190;
const axisColor = '#8fa3b8';
const gridColor = 'rgba(143, 163, 184, 0.14)';
const font = '13px Inter, "Segoe UI", system-ui, sans-serif';
const tickTime = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** Values with no neighbour: a line needs two points, so a lone minute is drawn as a dot. */
const loneValues: uPlot.Series.Points.Filter = (u, seriesIndex) => {
  const values = u.data[seriesIndex] as (number | null | undefined)[];
  return values.flatMap((value, index) =>
    value != null && values[index - 1] == null && values[index + 1] == null ? [index] : [],
  );
};

function options(props: ChartProps, widthPx: number): uPlot.Options {
  const scales = [...new Set(props.lines.map((line) => line.scale ?? 'y'))];
  return {
    width: widthPx,
    height: plotHeightPx,
    legend: { show: false },
    cursor: { show: false },
    scales: Object.fromEntries(
      scales.map((scale) => [
        scale,
        scale === props.logScale
          ? { distr: 3, log: 10 }
          : { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
      ]),
    ),
    axes: [
      {
        stroke: axisColor,
        font,
        grid: { stroke: gridColor, width: 1 },
        ticks: { stroke: gridColor },
        // Hours and minutes only: the chart spans one hour of today, the date is noise on a wall.
        values: (_u: uPlot, ticks: number[]) => ticks.map((tick) => tickTime.format(tick * 1000)),
      },
      ...scales.map((scale, index) => ({
        scale,
        side: index === 0 ? 3 : 1,
        stroke: axisColor,
        font,
        size: 64,
        grid: index === 0 ? { stroke: gridColor, width: 1 } : { show: false },
        ticks: { show: false },
        values: (_u: uPlot, ticks: number[]) =>
          ticks.map((tick) => props.units?.[scale]?.(tick) ?? uPlot.fmtNum(tick)),
      })),
    ] as uPlot.Axis[],
    series: [
      {},
      ...props.lines.map((line) => ({
        label: line.label,
        stroke: line.color,
        width: 2.5,
        scale: line.scale ?? 'y',
        points: { show: true, size: 7, fill: line.color, filter: loneValues },
        ...(line.dash === undefined ? {} : { dash: line.dash }),
        ...(line.fill === true ? { fill: `${line.color}22` } : {}),
        ...(line.bars === true
          ? { paths: uPlot.paths.bars!({ size: [0.6, 18] }), fill: `${line.color}aa` }
          : {}),
      })),
    ],
  };
}

export function Chart(props: ChartProps) {
  const target = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);

  // Made once: later data goes through setData.
  useEffect(() => {
    const element = target.current!;
    const made = new uPlot(options(props, element.clientWidth), props.data, element);
    chart.current = made;
    const resize = new ResizeObserver(() =>
      made.setSize({ width: element.clientWidth, height: plotHeightPx }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      made.destroy();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setData(props.data);
  }, [props.data]);

  return (
    <figure class="chart card">
      <figcaption>
        <span class="chart-title">{props.title}</span>
        <span class="legend">
          {props.lines.map((line) => (
            <span key={line.label} class="legend-item" data-line={line.label}>
              <span
                class={`swatch${line.dash === undefined ? '' : ' dashed'}`}
                style={{ color: line.color }}
              />
              {line.label} <strong>{line.latest}</strong>
            </span>
          ))}
        </span>
      </figcaption>
      <div
        ref={target}
        class="chart-plot"
        role="img"
        aria-label={`${props.title}: ${props.lines.map((line) => `${line.label} ${line.latest}`).join(', ')}`}
      />
    </figure>
  );
}
