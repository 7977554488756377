import { Fragment } from 'preact';
import { follow } from '../app.tsx';
import { formatCount, formatTime } from '../components/format.ts';
import { LeadingMetricLine } from '../components/leading-metric.tsx';
import type { RunningExperimentsAnswer } from '../components/leading-metric.tsx';
import { NpsFigures } from '../components/nps-figures.tsx';
import type { NpsAnswer } from '../components/nps-figures.tsx';
import { Panel } from '../components/panel.tsx';
import { VitalsTable } from '../components/vitals-table.tsx';
import type { VitalSummary } from '../components/vitals-table.tsx';
import { ActiveUsersChart, EventsCharts } from '../components/traffic-charts.tsx';
import type { ActivePoint, EventPoint, TrendsAnswer } from '../components/trend-types.ts';
import type { OverviewAnswer } from '../../../server/src/analytics/queries/overview.ts';
import type { PageProps } from '../page-props.ts';
import { HealthFigures, IncidentList } from './health-and-alerts.tsx';
import type { HealthScore, Incident } from './health-and-alerts.tsx';
import { useApi } from '../use-api.ts';
import { pageHref } from '../use-location.ts';
import { LEADING_METRIC_CANDIDATES } from './experiment-verdict-leader.ts';
import type { ErrorGroupRow } from './error-group-types.ts';

/**
 * The overview: the last day's rollups (`GET /api/analytics/overview`), events per hour, error rate and active
 * users over the range (`/analytics/trends`), vitals p75, NPS, open error groups, running experiments with their
 * leading metric (`/experiments/running`), open alert incidents and the health score.
 */
export function OverviewPage({ range }: PageProps) {
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
  return (
    <div class="grid">
      <Panel
        title="Last 24 hours"
        state={overview}
        isEmpty={(data) => data.last24h.events === 0 && data.activeUsers.last30Days === 0}
        empty="No events in the last 24 hours: install the script tag, then load a CRM page."
      >
        {(data) => (
          <dl class="facts">
            <dt>Events</dt>
            <dd data-figure="events-24h">{formatCount(data.last24h.events)}</dd>
            <dt>Error occurrences</dt>
            <dd data-figure="errors-24h">{formatCount(data.last24h.errors)}</dd>
            <dt>Active users</dt>
            <dd>
              <span data-figure="active-today">{formatCount(data.activeUsers.today)}</span> today,{' '}
              {formatCount(data.activeUsers.last7Days)} in 7 days, {formatCount(data.activeUsers.last30Days)} in 30 days
            </dd>
            {data.revenueToday.map((row) => (
              <Fragment key={row.currency}>
                <dt>Revenue today ({row.currency})</dt>
                <dd>
                  {row.amount.toLocaleString('en-US')} from {formatCount(row.payments)} payments
                </dd>
              </Fragment>
            ))}
          </dl>
        )}
      </Panel>
      <Panel
        title="Events and error rate"
        state={events}
        wide
        isEmpty={(data) => data.points.length === 0}
        empty="No events in this range: install the script tag, then load a CRM page (or widen the range)."
      >
        {(data) => <EventsCharts points={data.points} span={span} />}
      </Panel>
      <Panel
        title="Active users"
        state={active}
        wide
        isEmpty={(data) => data.points.length === 0}
        empty="Nobody was active in this range: people count once the widget sends their first event."
      >
        {(data) => <ActiveUsersChart points={data.points} span={span} />}
      </Panel>
      <Panel
        title="NPS"
        state={nps}
        isEmpty={(data) => data.responses === 0}
        empty="No NPS answers in this range: turn on the NPS survey in the widget, then answer it on a CRM page."
      >
        {(data) => <NpsFigures nps={data} span={span} />}
      </Panel>
      <Panel
        title="Open error groups"
        state={errors}
        isEmpty={(data) => data.groups.length === 0}
        empty="No open errors in this range. Errors appear here once the widget reports one."
      >
        {(data) => (
          <>
            <p class="big-number">
              <strong>{data.groups.length}</strong> open,{' '}
              <strong>{data.groups.filter((group) => group.regressed).length}</strong> regressed
            </p>
            <ul class="plain">
              {data.groups.slice(0, 5).map((group) => (
                <li key={group.fingerprint}>
                  <a href={pageHref(`errors/${encodeURIComponent(group.fingerprint)}`)} onClick={follow}>
                    {group.type}: {group.message || '(no message)'}
                  </a>{' '}
                  <span class="muted">
                    {formatCount(group.count)}× · last {formatTime(group.lastSeen)}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </Panel>
      <Panel
        title="Running experiments"
        state={running}
        isEmpty={(data) => data.experiments.length === 0}
        empty="No experiment is running: add an experiment rule to a flag (Flags page or the flags file)."
      >
        {(data) => (
          <ul class="plain">
            {data.experiments.map((experiment) => (
              <li key={experiment.key}>
                <a href={pageHref(`experiments/${encodeURIComponent(experiment.key)}`)} onClick={follow}>
                  {experiment.name ?? experiment.key}
                </a>{' '}
                <span class="muted">
                  {experiment.variations.join(' vs ')} · flag {experiment.flag}
                </span>
                <br />
                <LeadingMetricLine results={experiment.results} />
              </li>
            ))}
          </ul>
        )}
      </Panel>
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
