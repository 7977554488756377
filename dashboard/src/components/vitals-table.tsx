import { TableHead } from './table-head.tsx';
import { formatCount, formatVital } from './format.ts';
import { RatingStack } from './bar.tsx';
import { rateVital, VITAL_THRESHOLDS } from '../../../server/src/analytics/vitals-summary.ts';
import type { VitalSummary } from '../../../server/src/analytics/vitals-summary.ts';

export type { VitalSummary };

/** Vitals p75 per route template (or page) and metric, each against its thresholds, with the good / needs improvement / poor stack. */
export function VitalsTable({ rows }: { rows: VitalSummary[] }) {
  return (
    <table class="data">
      <caption class="sr-only">Web vitals: p75 per page and metric</caption>
      <TableHead columns={['Route', 'Metric', 'p75', 'Thresholds (good / poor)', 'Samples', 'Ratings']} />
      <tbody>
        {rows.map((row) => {
          const rating = rateVital(row.metric, row.p75).replace('-', ' ');
          const [good, poor] = VITAL_THRESHOLDS[row.metric] ?? [];
          return (
            <tr key={`${row.path} ${row.metric}`} data-path={row.path} data-metric={row.metric}>
              <td>{row.path}</td>
              <td>{row.metric}</td>
              <td>
                <span class={`rating ${rating.replace(' ', '-')}`} data-p75={row.p75}>
                  {formatVital(row.metric, row.p75)}
                </span>{' '}
                <span class="muted">{rating}</span>
              </td>
              <td class="muted">
                {good === undefined ? '–' : `≤ ${formatVital(row.metric, good)} / > ${formatVital(row.metric, poor!)}`}
              </td>
              <td>{formatCount(row.count)}</td>
              <td>
                <RatingStack good={row.good} needsImprovement={row.needsImprovement} poor={row.poor} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
