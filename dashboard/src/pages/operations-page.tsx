import { Fragment } from 'preact';
import { JsonBlock } from '../components/json-block.tsx';
import { useState } from 'preact/hooks';
import { callApi } from '../api.ts';
import { formatCount, formatTime } from '../components/format.ts';
import { ErrorNote, Panel } from '../components/panel.tsx';
import type { PageProps } from '../page-props.ts';
import { useAction } from '../use-action.ts';
import { useApi } from '../use-api.ts';

import type { RequestMetricsSnapshot } from '../../../server/src/request-metrics.ts';

interface InfrastructureMetrics {
  version: string;
  uptimeSeconds: number;
  node: string;
  memoryMb: { rss: number; heapUsed: number };
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  requests: RequestMetricsSnapshot;
  storage: { kind: string; events: number };
}

/** Operations: this server's metrics, alerts and health (from the alerting routes as they land), and extension pairing. */
export function OperationsPage({ role }: PageProps) {
  const metrics = useApi<InfrastructureMetrics>('/infrastructure/metrics');
  const health = useApi<Record<string, unknown>>('/infrastructure/health');
  const alerts = useApi<Record<string, unknown>>('/alerts');
  return (
    <div class="grid">
      <Panel title="This API server" state={metrics} actions={<button type="button" onClick={metrics.reload}>Refresh</button>}>
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
              p50 {requests.latencyMs.p50} ms, p95 {requests.latencyMs.p95} ms, p99 {requests.latencyMs.p99} ms, max {requests.latencyMs.max} ms
            </dd>
            <dt>Rate-limited</dt>
            <dd>{formatCount(requests.rateLimited)}</dd>
          </dl>
        )}
      </Panel>
      <Panel title="Health score" state={health}>
        {(data) => <JsonBlock value={data} label="Answer as JSON" />}
      </Panel>
      <Panel title="Alerts" state={alerts}>
        {(data) => <JsonBlock value={data} label="Answer as JSON" />}
      </Panel>
      <ConnectExtension role={role} />
    </div>
  );
}

/** "Connect the extension": staff make a one-time code the extension's Settings takes ("Pair with a dashboard"). */
function ConnectExtension({ role }: { role: PageProps['role'] }) {
  const [code, setCode] = useState<{ code: string; expiresAt: number }>();
  const { failure, run } = useAction();
  const make = () => run(() => callApi<{ code: string; expiresAt: number }>('POST', '/api/extension/pairing')).then((made) => made && setCode(made));
  return (
    <section class="panel" aria-label="Connect the extension">
      <h2>Connect the extension</h2>
      <p>Makes a one-time code (valid 5 minutes). In the extension, open Settings → “Pair with a dashboard” and type it in; the extension then works as staff for 12 hours.</p>
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
          Code <strong class="pairing-code">{code.code}</strong> <span class="muted">valid until {formatTime(code.expiresAt)}</span>
        </p>
      ) : null}
    </section>
  );
}
