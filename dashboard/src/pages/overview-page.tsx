import type { RunningExperimentsAnswer } from '../components/leading-metric.tsx';
import { NpsFigures } from '../components/nps-figures.tsx';
import type { NpsAnswer } from '../components/nps-figures.tsx';
import { Panel } from '../components/panel.tsx';
import { VitalsTable } from '../components/vitals-table.tsx';
import type { VitalSummary } from '../components/vitals-table.tsx';
import type { ActivePoint, EventPoint, TrendsAnswer } from '../components/trend-types.ts';
import type { OverviewAnswer } from '../../../server/src/analytics/queries/overview.ts';
import type { PageProps } from '../page-props.ts';
import { HealthFigures, IncidentList } from './health-and-alerts.tsx';
import type { HealthScore, Incident } from './health-and-alerts.tsx';
import { useApi } from '../use-api.ts';
import { LEADING_METRIC_CANDIDATES } from './experiment-verdict-leader.ts';
import type { ErrorGroupRow } from './error-group-types.ts';
import { Last24HoursPanel, OpenErrorGroupsPanel, RunningExperimentsPanel, TrafficPanels } from './overview-panels.tsx';

/**
 * The overview: the last day's rollups (`GET /api/analytics/overview`), events per hour, error rate and active
 * users over the range (`/analytics/trends`), vitals p75, NPS, open error groups, running experiments with their
 * leading metric (`/experiments/running`), open alert incidents and the health score.
 */
export function OverviewPage({ range }: PageProps) {
  const { span, incidents, health, overview, events, errors, active, nps, vitals, running } = useOverviewReads(range);
  return (
    <div class="grid">
      <Last24HoursPanel state={overview} />
      <TrafficPanels events={events} active={active} span={span} />
      <Panel
        title="NPS"
        state={nps}
        isEmpty={(data) => data.responses === 0}
        empty="No NPS answers in this range: turn on the NPS survey in the widget, then answer it on a CRM page."
      >
        {(data) => <NpsFigures nps={data} span={span} />}
      </Panel>
      <OpenErrorGroupsPanel state={errors} />
      <RunningExperimentsPanel state={running} />
      <Panel title="Health score" state={health}>
        {(data) => <HealthFigures health={data} />}
      </Panel>
      <Panel
        title="Open alerts"
        state={incidents}
        isEmpty={(data) => data.incidents.length === 0}
        empty="No alert is firing. Alert rules are added with POST /api/alerts/rules (staff) or ALERT_RULES_FILE; see docs/operations.md."
      >
        {(data) => <IncidentList incidents={data.incidents} />}
      </Panel>
      <Panel
        title="Web vitals p75"
        state={vitals}
        wide
        isEmpty={(data) => data.vitals.length === 0}
        empty="No vitals yet: install the script tag, then load a page."
      >
        {(data) => <VitalsTable rows={data.vitals} />}
      </Panel>
    </div>
  );
}

/** Every read of the overview over `range`, started in the order the comment inside explains. */
function useOverviewReads(range: PageProps['range']) {
  const span = { since: range.since, until: range.until };
  // The order of the reads matters: the browser sends at most six requests to one host at a time over HTTP/1.1
  // (https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/Connection_management_in_HTTP_1.x) and the engine
  // runs two reads at a time in the order they came. The two that never wait for the engine go first, so they free
  // their connections at once; the slowest (every running experiment's results, one request, no config read
  // before it) goes last: measured at 10 M events, it slowed every other read when it ran beside them.
  const incidents = useApi<{ incidents: Incident[] }>('/alerts/incidents', { status: 'open' });
  const health = useApi<HealthScore>('/infrastructure/health');
  const overview = useApi<OverviewAnswer>('/analytics/overview');
  const events = useApi<TrendsAnswer<EventPoint>>('/analytics/trends', { series: 'events', ...span });
  const errors = useApi<{ groups: ErrorGroupRow[] }>('/errors/groups', { ...span, status: 'open' });
  const active = useApi<TrendsAnswer<ActivePoint>>('/analytics/trends', { series: 'active-users', ...span });
  const nps = useApi<NpsAnswer>('/feedback/nps', span);
  const vitals = useApi<{ vitals: VitalSummary[] }>('/analytics/vitals', { ...span, groupBy: 'route' });
  const running = useApi<RunningExperimentsAnswer>('/experiments/running', {
    metric: LEADING_METRIC_CANDIDATES,
    ...span,
  });
  return { span, incidents, health, overview, events, errors, active, nps, vitals, running };
}
