import type { NpsAnswer } from '../../../server/src/analytics/queries/nps.ts';
import { LineChart } from './line-chart.tsx';

export type { NpsAnswer };

/** The NPS now and its weekly trend line over the chosen range (each point is the week starting that Monday). */
export function NpsFigures({ nps, span }: { nps: NpsAnswer; span: { since: number; until: number } }) {
  return (
    <>
      <p class="big-number">
        NPS <strong data-nps={nps.score}>{nps.score}</strong> <span class="muted">from {nps.responses} answers</span>
      </p>
      <LineChart
        label="NPS per week"
        times={nps.trend.map((week) => Date.parse(`${week.weekStart}T00:00:00Z`))}
        series={[{ label: 'NPS', values: nps.trend.map((week) => week.score), color: '#3355ff' }]}
        height={160}
        span={span}
      />
    </>
  );
}
