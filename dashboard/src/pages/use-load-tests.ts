import { useEffect, useState } from 'preact/hooks';
import type { LoadTestRun } from '../../../server/src/loadtest/load-test-runs.ts';
import { callApi } from '../api.ts';
import { useAction } from '../use-action.ts';
import { useApi } from '../use-api.ts';
import { defaultPlan, PLAN } from './operations-load-test-form.tsx';

/** How often a running test's progress is read (each read spends the reader's rate-limit budget). */
const POLL_MS = 1000;

/**
 * The load tests' state: the runs read, the form's plan, the run started here (`live`), the run to watch and
 * `start`, which posts the plan; the watched run is polled until it ends, then the list is read again.
 */
export function useLoadTests() {
  const runs = useApi<{ runs: LoadTestRun[] }>('/load-tests/runs');
  const [plan, setPlan] = useState<Record<string, string>>(defaultPlan);
  const [live, setLive] = useState<LoadTestRun>();
  const { failure, run } = useAction();
  // The run to watch: the one started here, else one the list shows running (started elsewhere or before).
  const running =
    live?.status === 'running'
      ? live
      : runs.status === 'ok'
        ? runs.data.runs.find((each) => each.status === 'running' && each.id !== live?.id)
        : undefined;
  usePolledRun(running?.id, runs.reload, setLive);
  const start = (event: Event) => {
    event.preventDefault();
    const body = Object.fromEntries(PLAN.map((field) => [field.name, Number(plan[field.name])]));
    void run(() => callApi<LoadTestRun>('POST', '/api/load-tests/run', body)).then((started) => {
      if (!started) return;
      setLive(started);
      runs.reload();
    });
  };
  return { runs, plan, setPlan, live, running, failure, start };
}

/** Reads the running test `runningId` every POLL_MS into `onRun` until it ends, then calls `onEnded`. */
function usePolledRun(runningId: string | undefined, onEnded: () => void, onRun: (run: LoadTestRun) => void) {
  useEffect(() => {
    if (!runningId) return;
    let stopped = false;
    const poll = async () => {
      while (!stopped) {
        await new Promise((wake) => setTimeout(wake, POLL_MS));
        const next = await callApi<LoadTestRun>('GET', `/api/load-tests/${runningId}`).catch(() => undefined);
        if (stopped || !next) continue;
        onRun(next);
        if (next.status !== 'running') return onEnded();
      }
    };
    void poll();
    return () => {
      stopped = true;
    };
  }, [runningId, onEnded, onRun]);
}
