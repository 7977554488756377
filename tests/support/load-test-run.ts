/** A load-test run as `GET /api/load-tests/:id` answers it. */
export interface LoadTestRunAnswer {
  id: string;
  status: 'running' | 'done' | 'failed';
  progress: { sent: number; of: number };
  result?: Record<string, unknown> & { mix?: Record<string, number> };
  error?: string;
}

/**
 * Starts a self-load-test through `request` (a fetch against the server, or `app.request`), expects the 202, and
 * polls `GET /api/load-tests/:id` until the run has finished; returns the 202's body and the finished run.
 */
export async function runLoadTestToEnd(
  request: (path: string, init?: RequestInit) => Promise<Response>,
  authorization: string,
  plan: Record<string, number>,
  timeoutMs = 60_000,
): Promise<{ started: LoadTestRunAnswer; finished: LoadTestRunAnswer }> {
  const response = await request('/api/load-tests/run', {
    method: 'POST',
    headers: { Authorization: authorization, 'Content-Type': 'application/json' },
    body: JSON.stringify(plan),
  });
  if (response.status !== 202) throw new Error(`load test not started: ${response.status} ${await response.text()}`);
  const started = (await response.json()) as LoadTestRunAnswer;
  return { started, finished: await waitForLoadTest(request, authorization, started.id, timeoutMs) };
}

/** Polls `GET /api/load-tests/:id` through `request` until the run has finished; returns the finished run. */
export async function waitForLoadTest(
  request: (path: string, init?: RequestInit) => Promise<Response>,
  authorization: string,
  id: string,
  timeoutMs = 60_000,
): Promise<LoadTestRunAnswer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = (await (
      await request(`/api/load-tests/${id}`, { headers: { Authorization: authorization } })
    ).json()) as LoadTestRunAnswer;
    if (run.status !== 'running') return run;
    if (Date.now() > deadline) throw new Error(`load test ${id} still running after ${timeoutMs} ms`);
    // Not too often: the polls spend the reader's rate-limit budget.
    await new Promise((wake) => setTimeout(wake, 200));
  }
}
