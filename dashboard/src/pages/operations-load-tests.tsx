import { useEffect, useState } from 'preact/hooks';
import type { LoadTestResult } from '../../../server/src/load-test.ts';
import type { LoadTestRun } from '../../../server/src/loadtest/load-test-runs.ts';
import { callApi } from '../api.ts';
import { formatCount, formatTime } from '../components/format.ts';
import { ErrorNote, Panel } from '../components/panel.tsx';
import { TableHead } from '../components/table-head.tsx';
import type { PageProps } from '../page-props.ts';
import { useAction } from '../use-action.ts';
import { useApi } from '../use-api.ts';

export type { LoadTestRun };

/** The plan fields, their defaults and the API's bounds (`POST /api/load-tests/run`). */
const PLAN = [
  { name: 'requests', label: 'Requests', value: 200, max: 2000 },
  { name: 'concurrency', label: 'Concurrency', value: 4, max: 16 },
  { name: 'eventsPerBatch', label: 'Events per batch', value: 10, max: 50 },
] as const;

/** A finished run's result as the API stores it. */
type RunFigures = Omit<LoadTestResult, 'sessionIds'> & { transport: string; deletedEvents: number };

/** The run's result, typed; undefined while it runs or when it failed. */
function figuresOf(run: LoadTestRun): RunFigures | undefined {
  return run.result as RunFigures | undefined;
}

/** How often a running test's progress is read (each read spends the reader's rate-limit budget). */
const POLL_MS = 1000;

/**
 * Load tests: staff start a bounded self-load-test (the widget's traffic mix, in its own rate bucket), watch its
 * progress bar while it runs on whichever API process took it, and read the result table when it is done; the
 * recent runs below. A read key sees the runs without the form.
 */
export function LoadTestsPanel({ role }: { role: PageProps['role'] }) {
  const runs = useApi<{ runs: LoadTestRun[] }>('/load-tests/runs');
  const [plan, setPlan] = useState<Record<string, string>>(() =>
    Object.fromEntries(PLAN.map((field) => [field.name, String(field.value)])),
  );
  const [live, setLive] = useState<LoadTestRun>();
  const { failure, run } = useAction();
  // The run to watch: the one started here, else one the list shows running (started elsewhere or before).
  const running =
    live?.status === 'running'
      ? live
      : runs.status === 'ok'
        ? runs.data.runs.find((each) => each.status === 'running' && each.id !== live?.id)
        : undefined;
  const runningId = running?.id;
  const { reload } = runs;
  useEffect(() => {
    if (!runningId) return;
    let stopped = false;
    const poll = async () => {
      while (!stopped) {
        await new Promise((wake) => setTimeout(wake, POLL_MS));
        const next = await callApi<LoadTestRun>('GET', `/api/load-tests/${runningId}`).catch(() => undefined);
        if (stopped || !next) continue;
        setLive(next);
        if (next.status !== 'running') return reload();
      }
    };
    void poll();
    return () => {
      stopped = true;
    };
  }, [runningId, reload]);
  const start = (event: Event) => {
    event.preventDefault();
    const body = Object.fromEntries(PLAN.map((field) => [field.name, Number(plan[field.name])]));
    void run(() => callApi<LoadTestRun>('POST', '/api/load-tests/run', body)).then((started) => {
      if (!started) return;
      setLive(started);
      runs.reload();
    });
  };
  return (
    <Panel
      title="Load tests"
      state={runs}
      wide
      isEmpty={(data) => data.runs.length === 0 && role !== 'staff'}
      empty="No load test has run: staff start one here, or run npm run loadtest against a server."
    >
      {(data) => (
        <>
          {role === 'staff' ? (
            <form class="inline-form" onSubmit={start} aria-label="Run a load test">
              {PLAN.map((field) => (
                <span key={field.name}>
                  <label for={`load-${field.name}`}>{field.label}</label>{' '}
                  <input
                    id={`load-${field.name}`}
                    type="number"
                    min={1}
                    max={field.max}
                    value={plan[field.name]}
                    onInput={(event) => setPlan({ ...plan, [field.name]: event.currentTarget.value })}
                  />
                </span>
              ))}
              <button type="submit" class="primary" disabled={Boolean(running)}>
                {running ? 'Running…' : 'Run load test'}
              </button>
            </form>
          ) : null}
          {failure ? <ErrorNote status={failure.status} message={failure.message} /> : null}
          {running ? <RunProgress run={running} /> : null}
          {live && live.status !== 'running' ? <RunResult run={live} /> : null}
          {data.runs.length ? <LoadTestRuns runs={data.runs} /> : <p class="state empty">No load test has run yet.</p>}
        </>
      )}
    </Panel>
  );
}

/** A running test's progress bar: requests answered of those planned. */
function RunProgress({ run }: { run: LoadTestRun }) {
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
function RunResult({ run }: { run: LoadTestRun }) {
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

function ResultRow({ label, value }: { label: string; value: string }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{value}</td>
    </tr>
  );
}

/** Recent load tests: when, status, throughput and latency percentiles. */
function LoadTestRuns({ runs }: { runs: LoadTestRun[] }) {
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
