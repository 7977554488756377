import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { callApi } from '../api.ts';
import { formatCount, formatTime } from '../components/format.ts';
import { ErrorNote, Panel } from '../components/panel.tsx';
import type { PageProps } from '../page-props.ts';
import { HealthFigures, IncidentList } from './health-and-alerts.tsx';
import type { HealthScore, Incident } from './health-and-alerts.tsx';
import { AlertRulesPanel } from './operations-alert-rules.tsx';
import { LoadTestsPanel } from './operations-load-tests.tsx';
import { CapacityView, InfrastructureCharts } from './operations-panels.tsx';
import type { CapacityPlan, MetricsSeries } from './operations-panels.tsx';
import { ScalingPanel } from './operations-scaling.tsx';
import { navigate, withParams } from '../use-location.ts';
import { useAction } from '../use-action.ts';
import { useApi } from '../use-api.ts';

import type { InferOutput } from 'valibot';
import type { InfrastructureMetricsAnswer } from '../../../server/src/routes/operations-responses.ts';

/** What `GET /infrastructure/metrics` answers, as its strict response schema says. */
type InfrastructureMetrics = InferOutput<typeof InfrastructureMetricsAnswer>;

/** How far back the infrastructure charts look: live windows at fine steps, or the page's range hourly. */
const WINDOWS = {
  hour: { label: 'last hour (10 s steps)', ms: 3_600_000 },
  day: { label: 'last day (1 min steps)', ms: 86_400_000 },
  range: { label: 'the chosen range (1 h steps)', ms: 0 },
} as const;

/**
 * Operations: the infrastructure series (API processes combined), this process now, the health score with its
 * reasons, alert incidents and rules (staff edit them), scaling policies and decisions, the capacity plan, load
 * tests (staff run them and watch the progress), and extension pairing.
 */
export function OperationsPage({ role, location, range }: PageProps) {
  const windowKey = (location.params.get('window') ?? 'hour') as keyof typeof WINDOWS;
  const chosen = WINDOWS[windowKey] ?? WINDOWS.hour;
  // Rounded to the minute so a re-render does not ask again with a new `since`.
  const until = Math.ceil(Date.now() / 60_000) * 60_000;
  const span = chosen.ms
    ? { since: until - chosen.ms, until, step: windowKey === 'hour' ? '10s' : '1m' }
    : { since: range.since, until: range.until, step: '1h' };
  const metrics = useApi<InfrastructureMetrics & MetricsSeries>('/infrastructure/metrics', span);
  const health = useApi<HealthScore>('/infrastructure/health');
  const incidents = useApi<{ incidents: Incident[] }>('/alerts/incidents', { limit: 50 });
  const capacity = useApi<CapacityPlan>('/infrastructure/capacity');
  return (
    <div class="grid">
      <Panel
        title="Infrastructure"
        state={metrics}
        wide
        actions={<WindowPicker windowKey={windowKey} onRefresh={metrics.reload} />}
      >
        {(data) => <InfrastructureCharts data={data} />}
      </Panel>
      <Panel
        title="This API server"
        state={metrics}
        actions={
          <button type="button" onClick={metrics.reload}>
            Refresh
          </button>
        }
      >
        {(data) => (
          <dl class="facts">
            <dt>Version</dt>
            <dd>
              {data.version} on Node {data.node}
            </dd>
            <dt>Up for</dt>
            <dd>{Math.round(data.uptimeSeconds / 60)} min</dd>
            <dt>Memory</dt>
            <dd>
              {data.memoryMb.rss} MB resident, {data.memoryMb.heapUsed} MB heap
            </dd>
            <dt>Event-loop delay</dt>
            <dd>
              p50 {data.eventLoopDelayMs.p50} ms, p99 {data.eventLoopDelayMs.p99} ms, max {data.eventLoopDelayMs.max} ms
            </dd>
            <dt>Storage</dt>
            <dd>
              {data.storage.kind}, {formatCount(data.storage.events)} events
            </dd>
          </dl>
        )}
      </Panel>
      <Panel title="Requests since start" state={metrics}>
        {({ requests }) => (
          <dl class="facts">
            <dt>Requests</dt>
            <dd>{formatCount(requests.total)}</dd>
            {Object.entries(requests.byStatus)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([status, count]) => (
                <Fragment key={status}>
                  <dt>{status}</dt>
                  <dd>{formatCount(count)}</dd>
                </Fragment>
              ))}
            <dt>Latency (recent)</dt>
            <dd>
              p50 {requests.latencyMs.p50} ms, p95 {requests.latencyMs.p95} ms, p99 {requests.latencyMs.p99} ms, max{' '}
              {requests.latencyMs.max} ms
            </dd>
            <dt>Rate-limited</dt>
            <dd>{formatCount(requests.rateLimited)}</dd>
          </dl>
        )}
      </Panel>
      <Panel title="Health score" state={health} wide>
        {(data) => <HealthFigures health={data} detail />}
      </Panel>
      <Panel
        title="Alert incidents"
        state={incidents}
        isEmpty={(data) => data.incidents.length === 0}
        empty="No alert has fired. Staff add rules under “Alert rules” below (or with ALERT_RULES_FILE; see docs/operations.md)."
      >
        {(data) => <IncidentList incidents={data.incidents} />}
      </Panel>
      <Panel title="Capacity plan" state={capacity} wide>
        {(data) => <CapacityView plan={data} />}
      </Panel>
      <AlertRulesPanel role={role} />
      <ScalingPanel />
      <LoadTestsPanel role={role} />
      <ConnectExtension role={role} />
    </div>
  );
}

function WindowPicker({ windowKey, onRefresh }: { windowKey: string; onRefresh: () => void }) {
  return (
    <div>
      <label for="metrics-window">Window </label>
      <select
        id="metrics-window"
        value={windowKey}
        onChange={(event) => navigate(withParams({ window: event.currentTarget.value }))}
      >
        {Object.entries(WINDOWS).map(([key, each]) => (
          <option key={key} value={key}>
            {each.label}
          </option>
        ))}
      </select>{' '}
      <button type="button" onClick={onRefresh}>
        Refresh
      </button>
    </div>
  );
}

/** "Connect the extension": staff make a one-time code the extension's Settings takes ("Pair with a dashboard"). */
function ConnectExtension({ role }: { role: PageProps['role'] }) {
  const [code, setCode] = useState<{ code: string; expiresAt: number }>();
  const { failure, run } = useAction();
  const make = () =>
    run(() => callApi<{ code: string; expiresAt: number }>('POST', '/api/extension/pairing')).then(
      (made) => made && setCode(made),
    );
  return (
    <section class="panel" aria-label="Connect the extension">
      <h2>Connect the extension</h2>
      <p>
        Makes a one-time code (valid 5 minutes). In the extension, open Settings → “Pair with a dashboard” and type it
        in; the extension then works as staff for 12 hours.
      </p>
      {role === 'staff' ? (
        <button type="button" class="primary" onClick={make}>
          Make a pairing code
        </button>
      ) : (
        <p class="muted">Signed in with the read key: sign in with a staff token to pair the extension.</p>
      )}
      {failure ? <ErrorNote status={failure.status} message={failure.message} /> : null}
      {code ? (
        <p role="status">
          Code <strong class="pairing-code">{code.code}</strong>{' '}
          <span class="muted">valid until {formatTime(code.expiresAt)}</span>
        </p>
      ) : null}
    </section>
  );
}
