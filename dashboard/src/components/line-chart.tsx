import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

/** One line of a chart. */
export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
  dash?: number[];
}

interface LineChartProps {
  /** What the chart shows, read out by screen readers. */
  label: string;
  /** X values in epoch milliseconds. */
  times: number[];
  series: ChartSeries[];
  height?: number;
  bars?: boolean;
  /** The time span the x axis covers (epoch ms), so a chart always shows the chosen range, even with one point. */
  span?: { since: number; until: number };
}

/**
 * A time-series chart drawn by uPlot on canvas, as wide as its container (redrawn when that changes). The figure
 * carries a text summary for screen readers and `data-series` / `data-points` so tests can see what was drawn.
 */
export function LineChart({ label, times, series, height = 220, bars = false, span }: LineChartProps) {
  const holder = useRef<HTMLDivElement>(null);
  // The span's two times, not the object: a new object with the same times must not redraw the chart.
  const since = span?.since;
  const until = span?.until;
  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    const options: uPlot.Options = {
      width: Math.max(240, element.clientWidth),
      height,
      series: [
        {},
        ...series.map((each) => ({
          label: each.label,
          stroke: each.color,
          width: 2,
          ...(each.dash ? { dash: each.dash } : {}),
          ...(bars ? { fill: each.color, paths: uPlot.paths.bars!({ size: [0.6, 40] }) } : {}),
        })),
      ],
      axes: [{}, { size: 72 }],
      // Points may start before the range (a weekly point is dated by its Monday), so the axis widens to hold them.
      ...(since !== undefined && until !== undefined
        ? {
            scales: {
              x: {
                time: true,
                range: (): uPlot.Range.MinMax => [Math.min(since, ...times) / 1000, Math.max(until, ...times) / 1000],
              },
            },
          }
        : {}),
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
    };
    const chart = new uPlot(options, [times.map((time) => time / 1000), ...series.map((each) => each.values)], element);
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(240, element.clientWidth), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [times, series, height, bars, since, until]);
  const points = series.map((each) => each.values.filter((value) => value !== null).length).join(',');
  return (
    <figure class="chart" data-series={series.length} data-points={points}>
      <div
        ref={holder}
        role="img"
        aria-label={`${label}: ${series.map((each) => each.label).join(', ')}; ${times.length} points`}
      />
    </figure>
  );
}
