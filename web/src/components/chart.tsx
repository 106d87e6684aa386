import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './chart.css';

/** One line of a chart: bars (stacked, when the chart stacks) or a line on the right axis. */
export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  readonly values: readonly number[];
  /** A line with points on its own right-hand axis (a different unit, e.g. runs). */
  readonly isLine?: boolean;
}

export interface ChartProps {
  readonly title: string;
  /** What the bars count, for the figure's caption. */
  readonly unit: string;
  /** Bucket starts, in seconds since the epoch (uPlot's time unit). */
  readonly x: readonly number[];
  readonly series: readonly ChartSeries[];
  /** Bars on top of each other (parts of one whole), rather than in front of each other. */
  readonly isStacked?: boolean;
  /** Name of the right axis when a series is a line. */
  readonly lineUnit?: string;
  readonly height?: number;
  /** Said where the chart would be when every value is zero. */
  readonly empty: string;
}

const bars = uPlot.paths.bars?.({ size: [0.8, 24, 4] });
const noLine = () => null;
// Counts are whole: ticks at 1, 2, 5, 10, 20, 50… never at 0.2.
const wholeSteps = Array.from({ length: 24 }, (_, i) => [1, 2, 5][i % 3] ?? 1).map(
  (step, i) => step * 10 ** Math.floor(i / 3),
);
const total = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0);

/**
 * A uPlot bar chart per time bucket that follows its container's width and takes new data
 * without being rebuilt. The figure carries the series totals (data-total, and per series
 * data-total-LABEL) and a spoken summary, so tests and screen readers see what it shows.
 */
export function Chart(props: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  // The legend reads the current values, not those the chart was built with.
  const current = useRef(props.series);
  current.current = props.series;
  const { x, series, isStacked = false, height = 220 } = props;
  const shape = series.map((s) => `${s.label}:${s.isLine === true}`).join('|');
  const totals = series.map((s) => total(s.values));
  const grandTotal = total(totals);

  // Build once per shape of the chart; data changes go through setData below.
  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt only when the series change, not their values
  useEffect(() => {
    const element = box.current;
    if (element === null) return;
    const chart = new uPlot(
      options(props, () => current.current, element.clientWidth, height),
      dataOf(props),
      element,
    );
    plot.current = chart;
    const observer = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [shape, isStacked, height]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: props are read through dataOf
  useEffect(() => {
    plot.current?.setData(dataOf(props));
  }, [x, series]);

  const summary = `${props.title}: ${series
    .map((s, i) => `${(totals[i] ?? 0).toLocaleString()} ${s.label}`)
    .join(', ')}`;
  const perSeries = Object.fromEntries(
    series.map((s, i) => [`data-total-${s.label.replace(/\W+/g, '-').toLowerCase()}`, totals[i]]),
  );
  return (
    <figure className="chart" data-total={grandTotal} data-points={x.length} {...perSeries}>
      <figcaption>
        <span className="chart-title">{props.title}</span> <span className="muted small">{props.unit}</span>
      </figcaption>
      <div className="chart-plot" ref={box} role="img" aria-label={summary} />
      {grandTotal === 0 && <p className="chart-empty muted">{props.empty}</p>}
    </figure>
  );
}

/** uPlot's columns: x, then each series (stacked bars as running sums, top one first). */
function dataOf(props: ChartProps): uPlot.AlignedData {
  const columns = props.series.map((s) => [...s.values]);
  if (props.isStacked) {
    // Each bar series shows itself plus those after it, so drawn in order they stack.
    for (let i = columns.length - 2; i >= 0; i--) {
      const below = props.series[i + 1]?.isLine === true ? undefined : columns[i + 1];
      const column = columns[i];
      if (below === undefined || column === undefined || props.series[i]?.isLine) continue;
      for (let j = 0; j < column.length; j++) column[j] = (column[j] ?? 0) + (below[j] ?? 0);
    }
  }
  // Zeros of a line series are gaps, so only the hours with something get a dot.
  const gapped = columns.map((column, i) =>
    props.series[i]?.isLine === true ? column.map((value) => (value === 0 ? null : value)) : column,
  );
  return [[...props.x], ...gapped];
}

function options(
  props: ChartProps,
  seriesNow: () => readonly ChartSeries[],
  width: number,
  height: number,
): uPlot.Options {
  const hasLine = props.series.some((s) => s.isLine === true);
  return {
    width: Math.max(width, 200),
    height,
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: { time: true },
      count: { range: (_u, _min, max) => [0, Math.max(max, 1)] },
      line: { range: (_u, _min, max) => [0, Math.max(max, 1)] },
    },
    axes: [
      { stroke: '#5b6475', grid: { stroke: '#eef0f3' } },
      { scale: 'count', stroke: '#5b6475', grid: { stroke: '#eef0f3' }, size: 56, incrs: wholeSteps },
      ...(hasLine
        ? [
            {
              scale: 'line',
              side: 1,
              stroke: '#5b6475',
              grid: { show: false },
              label: props.lineUnit,
              incrs: wholeSteps,
            },
          ]
        : []),
    ],
    series: [
      { label: 'Hour' },
      ...props.series.map(
        (s, index): uPlot.Series =>
          s.isLine === true
            ? {
                label: s.label,
                scale: 'line',
                stroke: s.color,
                width: 2,
                // Dots only where something happened: a line along zero would hide the bars.
                paths: noLine,
                points: { show: true, size: 8, fill: s.color },
                value: (_u, _value, _series, at) => legendValue(seriesNow()[index]?.values ?? [], at),
              }
            : {
                label: s.label,
                scale: 'count',
                stroke: s.color,
                fill: s.color,
                width: 0,
                paths: bars,
                points: { show: false },
                // The legend shows the series' own value, not the stacked sum drawn.
                value: (_u, _value, _series, at) => legendValue(seriesNow()[index]?.values ?? [], at),
              },
      ),
    ],
  };
}

/** The hovered hour's value, or the period's total when the pointer is elsewhere. */
function legendValue(values: readonly number[], at: number | null): string {
  return at === null ? `${total(values).toLocaleString()} in all` : (values[at] ?? 0).toLocaleString();
}
