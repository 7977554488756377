import { Fragment } from 'preact';
import { follow } from '../app.tsx';
import { formatAmount, formatCount, formatTime } from '../components/format.ts';
import { LeadingMetricLine } from '../components/leading-metric.tsx';
import type { RunningExperimentsAnswer } from '../components/leading-metric.tsx';
import { Panel } from '../components/panel.tsx';
import { ActiveUsersChart, EventsCharts } from '../components/traffic-charts.tsx';
import type { ActivePoint, EventPoint, TrendsAnswer } from '../components/trend-types.ts';
import type { OverviewAnswer } from '../../../server/src/analytics/queries/overview.ts';
import type { ApiState } from '../use-api.ts';
import { pageHref } from '../use-location.ts';
import type { ErrorGroupRow } from './error-group-types.ts';

/** "Last 24 hours": events, error occurrences, active users and today's revenue per currency. */
export function Last24HoursPanel({ state }: { state: ApiState<OverviewAnswer> }) {
  return (
    <Panel
      title="Last 24 hours"
      state={state}
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
                {formatAmount(row.amount)} from {formatCount(row.payments)} payments
              </dd>
            </Fragment>
          ))}
        </dl>
      )}
    </Panel>
  );
}

/** The two traffic charts over the range: events with the error rate, and active users. */
export function TrafficPanels({
  events,
  active,
  span,
}: {
  events: ApiState<TrendsAnswer<EventPoint>>;
  active: ApiState<TrendsAnswer<ActivePoint>>;
  span: { since: number; until: number };
}) {
  return (
    <>
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
    </>
  );
}

/** "Open error groups": how many are open and regressed, and links to the first five. */
export function OpenErrorGroupsPanel({ state }: { state: ApiState<{ groups: ErrorGroupRow[] }> }) {
  return (
    <Panel
      title="Open error groups"
      state={state}
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
  );
}

/** "Running experiments": each with its variations, its flag and its leading metric. */
export function RunningExperimentsPanel({ state }: { state: ApiState<RunningExperimentsAnswer> }) {
  return (
    <Panel
      title="Running experiments"
      state={state}
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
  );
}
