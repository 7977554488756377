import { JsonBlock } from '../components/json-block.tsx';
import { Panel } from '../components/panel.tsx';
import { VitalsTable } from '../components/vitals-table.tsx';
import type { VitalSummary } from '../components/vitals-table.tsx';
import type { PageProps } from '../page-props.ts';
import { useApi } from '../use-api.ts';

/**
 * Performance: vitals p75 by page against the thresholds with rating stacks (today's read), plus the daily vitals
 * trend, API performance and long-animation-frame scripts from the analytics engine's reads as they land.
 */
export function PerformancePage({ range }: PageProps) {
  const span = { since: range.since, until: range.until };
  const vitals = useApi<{ vitals: VitalSummary[] }>('/analytics/vitals', span);
  const trend = useApi<Record<string, unknown>>('/analytics/trends', { series: 'vitals-p75', interval: 'day', ...span });
  const api = useApi<Record<string, unknown>>('/analytics/api-performance', span);
  const scripts = useApi<Record<string, unknown>>('/analytics/trends', { series: 'loaf-scripts', ...span });
  return (
    <div class="grid">
      <Panel title="Web vitals p75 by page" state={vitals} wide isEmpty={(data) => data.vitals.length === 0} empty="No vitals yet: install the script tag, then load a page.">
        {(data) => <VitalsTable rows={data.vitals} />}
      </Panel>
      <Panel title="Vitals p75 per day" state={trend} wide>
        {(data) => <JsonBlock value={data} label="Answer as JSON" />}
      </Panel>
      <Panel title="API performance by route (p50, p95, error rate, throughput)" state={api} wide>
        {(data) => <JsonBlock value={data} label="Answer as JSON" />}
      </Panel>
      <Panel title="Slowest long-animation-frame scripts" state={scripts} wide>
        {(data) => <JsonBlock value={data} label="Answer as JSON" />}
      </Panel>
    </div>
  );
}
