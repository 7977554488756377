import { ApiPerformance } from '../components/api-performance.tsx';
import type { ApiPerformanceAnswer } from '../components/api-performance.tsx';
import { Panel } from '../components/panel.tsx';
import { LongFrameScripts } from '../components/long-frame-scripts.tsx';
import type { TrendsAnswer, VitalPoint } from '../components/trend-types.ts';
import { VitalsTable } from '../components/vitals-table.tsx';
import type { VitalSummary } from '../components/vitals-table.tsx';
import { VitalsTrend } from '../components/vitals-trend.tsx';
import type { LongFrameScriptsAnswer } from '../../../server/src/analytics/queries/long-frame-scripts.ts';
import type { PageProps } from '../page-props.ts';
import { useApi } from '../use-api.ts';

/**
 * Performance: vitals p75 by route template against the thresholds with rating stacks, the daily p75 per route template
 * and metric with the thresholds drawn, the API calls the widget timed by route, and the scripts behind long
 * animation frames ranked by their own total run time.
 */
export function PerformancePage({ range }: PageProps) {
  const span = { since: range.since, until: range.until };
  const vitals = useApi<{ vitals: VitalSummary[] }>('/analytics/vitals', { ...span, groupBy: 'route' });
  const trend = useApi<TrendsAnswer<VitalPoint>>('/analytics/trends', { series: 'vitals', ...span });
  const api = useApi<ApiPerformanceAnswer>('/analytics/api-performance', span);
  const frames = useApi<LongFrameScriptsAnswer>('/analytics/long-frame-scripts', span);
  return (
    <div class="grid">
      <Panel
        title="Web vitals p75 by route"
        state={vitals}
        wide
        isEmpty={(data) => data.vitals.length === 0}
        empty="No vitals yet: install the script tag, then load a page."
      >
        {(data) => <VitalsTable rows={data.vitals} />}
      </Panel>
      <Panel
        title="Vitals p75 per day by route"
        state={trend}
        wide
        isEmpty={(data) => data.points.length === 0}
        empty="No vitals in this range: install the script tag, then load a page (or widen the range)."
      >
        {(data) => <VitalsTrend points={data.points} span={span} />}
      </Panel>
      <Panel
        title="API performance by route"
        state={api}
        wide
        isEmpty={(data) => data.routes.length === 0}
        empty="No API calls timed in this range: the widget times the CRM's fetch and XHR calls once the script tag is installed."
      >
        {(data) => <ApiPerformance data={data} span={span} />}
      </Panel>
      <Panel
        title="Scripts behind long animation frames"
        state={frames}
        wide
        isEmpty={(data) => data.scripts.length === 0}
        empty="No long animation frames in this range (Chromium reports them; the widget sends each frame's longest script)."
      >
        {(data) => <LongFrameScripts data={data} />}
      </Panel>
    </div>
  );
}
