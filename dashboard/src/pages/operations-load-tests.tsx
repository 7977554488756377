import { ErrorNote, Panel } from '../components/panel.tsx';
import type { PageProps } from '../page-props.ts';
import { LoadTestForm } from './operations-load-test-form.tsx';
import { LoadTestRuns, RunProgress, RunResult } from './operations-load-test-results.tsx';
import { useLoadTests } from './use-load-tests.ts';

/**
 * Load tests: staff start a bounded self-load-test (the widget's traffic mix, in its own rate bucket), watch its
 * progress bar while it runs on whichever API process took it, and read the result table when it is done; the
 * recent runs below. A read key sees the runs without the form.
 */
export function LoadTestsPanel({ role }: { role: PageProps['role'] }) {
  const { runs, plan, setPlan, live, running, failure, start } = useLoadTests();
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
            <LoadTestForm plan={plan} onPlan={setPlan} running={Boolean(running)} onSubmit={start} />
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
