import { Fragment } from 'preact';
import type { InferOutput } from 'valibot';
import type { InfrastructureMetricsAnswer } from '../../../server/src/routes/operations-responses.ts';
import { formatCount } from '../components/format.ts';
import { Panel } from '../components/panel.tsx';
import type { ApiState } from '../use-api.ts';

/** What `GET /infrastructure/metrics` answers, as its strict response schema says. */
export type InfrastructureMetrics = InferOutput<typeof InfrastructureMetricsAnswer>;

/** "This API server": the version, uptime, memory, event-loop delay and storage of the process that answered. */
export function ThisServerPanel({
  state,
  onRefresh,
}: {
  state: ApiState<InfrastructureMetrics>;
  onRefresh: () => void;
}) {
  return (
    <Panel
      title="This API server"
      state={state}
      actions={
        <button type="button" onClick={onRefresh}>
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
  );
}

/** "Requests since start": the process's requests by status class, recent latency and how many were rate-limited. */
export function RequestsPanel({ state }: { state: ApiState<InfrastructureMetrics> }) {
  return (
    <Panel title="Requests since start" state={state}>
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
  );
}
