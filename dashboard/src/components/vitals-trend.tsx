import { VITAL_THRESHOLDS } from '../../../server/src/analytics/vitals-summary.ts';
import { formatVital } from './format.ts';
import { LineChart } from './line-chart.tsx';
import { pivot, widen } from './pivot.ts';
import type { VitalPoint } from './trend-types.ts';

/**
 * One chart per metric: p75 per UTC day for each route template (the busiest eight), with the metric's good and
 * poor thresholds drawn as dashed lines, from `GET /api/analytics/trends?series=vitals`.
 */
export function VitalsTrend({ points, span }: { points: VitalPoint[]; span: { since: number; until: number } }) {
  const metrics = [...new Set(points.map((point) => point.metric))].sort((a, b) => metricOrder(a) - metricOrder(b));
  return (
    <>
      {metrics.map((metric) => {
        const rows = points.filter((point) => point.metric === metric);
        const { times, series } = widen(
          pivot(
            rows,
            (row) => row.day,
            (row) => row.route || '(no route)',
            (row) => row.p75,
          ),
          span,
        );
        const [good, poor] = VITAL_THRESHOLDS[metric] ?? [];
        const limits =
          good === undefined || poor === undefined
            ? []
            : [
                {
                  label: `good ≤ ${formatVital(metric, good)}`,
                  values: times.map(() => good),
                  color: '#1b7f3b',
                  dash: [6, 4],
                },
                {
                  label: `poor > ${formatVital(metric, poor)}`,
                  values: times.map(() => poor),
                  color: '#b3261e',
                  dash: [6, 4],
                },
              ];
        return (
          <div key={metric} class="vitals-trend" data-metric={metric}>
            <h3>{metric} p75 per day</h3>
            <LineChart
              label={`${metric} p75 per day by route`}
              times={times}
              span={span}
              height={180}
              series={[...series, ...limits]}
            />
          </div>
        );
      })}
    </>
  );
}

const ORDER = Object.keys(VITAL_THRESHOLDS);
function metricOrder(metric: string): number {
  const at = ORDER.indexOf(metric);
  return at === -1 ? ORDER.length : at;
}
