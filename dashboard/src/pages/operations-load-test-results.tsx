import type { LoadTestResult } from '../../../server/src/load-test.ts';
import type { LoadTestRun } from '../../../server/src/loadtest/load-test-runs.ts';
import { formatCount, formatTime } from '../components/format.ts';
import { ErrorNote } from '../components/panel.tsx';
import { TableHead } from '../components/table-head.tsx';

/** A finished run's result as the API stores it. */
type RunFigures = Omit<LoadTestResult, 'sessionIds'> & { transport: string; deletedEvents: number };

/** The run's result, typed; undefined while it runs or when it failed. */
function figuresOf(run: LoadTestRun): RunFigures | undefined {
  return run.result as RunFigures | undefined;
}

/** A running test's progress bar: requests answered of those planned. */
export function RunProgress({ run }: { run: LoadTestRun }) {
  const { sent, of } = run.progress;
  return (
    <div class="load-progress" data-load-test={run.id}>
      <label for={`progress-${run.id}`}>
        Load test running on {run.instance}: {formatCount(sent)} of {formatCount(of)} requests
      </label>
      <progress id={`progress-${run.id}`} max={of} value={sent}>
        {Math.round((sent / Math.max(of, 1)) * 100)}%
      </progress>
    </div>
  );
}

/** The finished run just started from here: its whole result, or why it failed. */
export function RunResult({ run }: { run: LoadTestRun }) {
  if (run.status === 'failed') return <ErrorNote status={500} message={`The load test failed: ${run.error}`} />;
  const result = figuresOf(run);
  if (!result) return null;
  return (
    <table class="data" data-load-test-result={run.id}>
      <caption>Result of the load test started {formatTime(run.startedAt)}</caption>
      <tbody>
        <ResultRow
          label="Requests answered"
          value={`${formatCount(result.ok)} ok, ${formatCount(result.rateLimited)} rate-limited, ${formatCount(result.failed)} failed`}
        />
        <ResultRow
          label="Throughput"
          value={`${result.requestsPerSecond} requests/s, ${result.eventsPerSecond} events/s`}
        />
        <ResultRow
          label="Latency"
          value={`p50 ${result.latencyMs.p50} ms, p95 ${result.latencyMs.p95} ms, p99 ${result.latencyMs.p99} ms, max ${result.latencyMs.max} ms`}
        />
        <ResultRow
          label="Traffic mix"
          value={Object.entries(result.mix)
            .map(([type, count]) => `${type} ${formatCount(count)}`)
            .join(', ')}
        />
        <ResultRow
          label="Sent"
          value={`${formatCount(result.bytesSent)} bytes gzipped in ${Math.round(result.durationMs)} ms`}
        />
        <ResultRow label="Test events deleted" value={formatCount(result.deletedEvents)} />
      </tbody>
    </table>
  );
}

/** One labelled figure of a run's result. */
function ResultRow({ label, value }: { label: string; value: string }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{value}</td>
    </tr>
  );
}

/** Recent load tests: when, status, throughput and latency percentiles. */
export function LoadTestRuns({ runs }: { runs: LoadTestRun[] }) {
  const figure = (run: LoadTestRun, pick: (result: RunFigures) => string) => {
    const result = figuresOf(run);
    return result ? pick(result) : '–';
  };
  return (
    <table class="data">
      <caption class="sr-only">Load test runs</caption>
      <TableHead
        columns={['Started', 'Status', 'Requests', 'Events/s', 'p50', 'p95', 'p99', 'Rate-limited', 'Failed']}
      />
      <tbody>
        {runs.map((run) => (
          <tr key={run.id}>
            <td>{formatTime(run.startedAt)}</td>
            <td>
              {run.status === 'running'
                ? `running (${run.progress.sent} of ${run.progress.of})`
                : run.status === 'failed'
                  ? `failed: ${run.error}`
                  : 'done'}
            </td>
            <td>{figure(run, (result) => formatCount(result.sent))}</td>
            <td>{figure(run, (result) => result.eventsPerSecond.toFixed(0))}</td>
            <td>{figure(run, (result) => `${result.latencyMs.p50} ms`)}</td>
            <td>{figure(run, (result) => `${result.latencyMs.p95} ms`)}</td>
            <td>{figure(run, (result) => `${result.latencyMs.p99} ms`)}</td>
            <td>{figure(run, (result) => formatCount(result.rateLimited))}</td>
            <td>{figure(run, (result) => formatCount(result.failed))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
