import { ForestPlot } from '../components/forest-plot.tsx';
import type { ForestRow } from '../components/forest-plot.tsx';
import { formatCount, formatP, formatPercent } from '../components/format.ts';
import { TableHead } from '../components/table-head.tsx';
import { verdictOf } from './experiment-verdict.ts';
import type { ExperimentResults, MetricResult } from './experiment-verdict.ts';

/** One variation's figures for a metric, as the results read answers them. */
type VariationResult = MetricResult['variations'][number];

/** One metric of an experiment: a verdict per treatment, the forest plot of their lifts, each variation's figures. */
export function ExperimentMetricView({ results, metric }: { results: ExperimentResults; metric: MetricResult }) {
  const scale = metric.kind === 'conversion' ? 100 : 1;
  const unit = metric.kind === 'conversion' ? ' pts' : '';
  const treatments = metric.variations.filter((variation) => variation.comparison);
  return (
    <section class="metric" aria-label={`Metric ${metric.metric}`}>
      <h3>{metric.metric}</h3>
      <ul class="verdicts">
        {treatments.map((variation) => (
          <li key={variation.variation} class="verdict">
            {verdictOf(results, metric, variation.variation, variation.comparison)}
          </li>
        ))}
      </ul>
      <ForestPlot
        title={`Lift over ${results.control}`}
        unit={unit}
        rows={treatments.map((variation) => liftRow(variation, results.control, scale))}
      />
      <MetricTable metric={metric} scale={scale} unit={unit} />
    </section>
  );
}

/** A treatment's absolute lift over control as a forest plot row; a bound the read could not compute is NaN. */
function liftRow(variation: VariationResult, control: string, scale: number): ForestRow {
  const lift = variation.comparison!.absoluteLift;
  return {
    label: `${variation.variation} vs ${control}`,
    estimate: (lift.estimate ?? NaN) * scale,
    lower: (lift.lower ?? NaN) * scale,
    upper: (lift.upper ?? NaN) * scale,
  };
}

/** Every variation's users, conversions or values, rate or mean, lift with its 95% CI, and p-values. */
function MetricTable({ metric, scale, unit }: { metric: MetricResult; scale: number; unit: string }) {
  const conversion = metric.kind === 'conversion';
  return (
    <table class="data">
      <TableHead
        columns={[
          'Variation',
          'Users',
          conversion ? 'Conversions' : 'Users with a value',
          conversion ? 'Rate' : 'Mean',
          'Lift (95% CI)',
          'p-value',
          'Sequential p',
        ]}
      />
      <tbody>
        {metric.variations.map((variation) => (
          <VariationRow
            key={variation.variation}
            variation={variation}
            conversion={conversion}
            scale={scale}
            unit={unit}
          />
        ))}
      </tbody>
    </table>
  );
}

/** One variation's row of the metric table; control has no lift of its own, so its lift cell names it. */
function VariationRow({
  variation,
  conversion,
  scale,
  unit,
}: {
  variation: VariationResult;
  conversion: boolean;
  scale: number;
  unit: string;
}) {
  const lift = variation.comparison?.absoluteLift;
  const number = (value: number | null | undefined) =>
    value === null || value === undefined ? '?' : (value * scale).toFixed(2);
  return (
    <tr data-variation={variation.variation}>
      <th scope="row">{variation.variation}</th>
      <td>{formatCount(variation.users)}</td>
      <td>{formatCount((conversion ? variation.conversions : variation.usersWithValue) ?? 0)}</td>
      <td>{conversion ? formatPercent(variation.rate) : (variation.mean?.toFixed(2) ?? '–')}</td>
      <td class="lift">
        {lift ? `${number(lift.estimate)}${unit} (${number(lift.lower)} to ${number(lift.upper)})` : 'control'}
      </td>
      <td>{formatP(variation.comparison?.pValue)}</td>
      <td>{formatP(variation.comparison?.sequentialPValue)}</td>
    </tr>
  );
}
