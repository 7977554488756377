import { useState } from 'preact/hooks';
import { callApi } from '../api.ts';
import { formatTime } from '../components/format.ts';
import { ErrorNote, Panel } from '../components/panel.tsx';
import type { PageProps } from '../page-props.ts';
import { HealthFigures, IncidentList } from './health-and-alerts.tsx';
import type { HealthScore, Incident } from './health-and-alerts.tsx';
import { AlertRulesPanel } from './operations-alert-rules.tsx';
import { LoadTestsPanel } from './operations-load-tests.tsx';
import { CapacityView, InfrastructureCharts } from './operations-panels.tsx';
import type { CapacityPlan, MetricsSeries } from './operations-panels.tsx';
import { ScalingPanel } from './operations-scaling.tsx';
import { RequestsPanel, ThisServerPanel } from './operations-server-panels.tsx';
import type { InfrastructureMetrics } from './operations-server-panels.tsx';
import { navigate, withParams } from '../use-location.ts';
import { useAction } from '../use-action.ts';
import { useApi } from '../use-api.ts';

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
  const span = metricsSpan(windowKey, range);
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
      <ThisServerPanel state={metrics} onRefresh={metrics.reload} />
      <RequestsPanel state={metrics} />
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

/** What the infrastructure charts read: the chosen live window at its fine step, or the page's range hourly. */
function metricsSpan(windowKey: keyof typeof WINDOWS, range: PageProps['range']) {
  const chosen = WINDOWS[windowKey] ?? WINDOWS.hour;
  // Rounded to the minute so a re-render does not ask again with a new `since`.
  const until = Math.ceil(Date.now() / 60_000) * 60_000;
  return chosen.ms
    ? { since: until - chosen.ms, until, step: windowKey === 'hour' ? '10s' : '1m' }
    : { since: range.since, until: range.until, step: '1h' };
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
