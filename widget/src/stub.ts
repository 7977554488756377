/**
 * The loader stub, for pages that call `crmInsights` before the async script has loaded. Each call is queued
 * with a promise that the real script settles when it replays the queue. Ship it inside your own bundle (it is
 * not an inline script, so it works under a strict CSP).
 */
export function installStub(
  target: { crmInsights?: unknown } = window as never,
  methods = [
    'track',
    'flush',
    'getSessionId',
    'identify',
    'reset',
    'page',
    'revenue',
    'captureError',
    'optOut',
    'optIn',
  ],
): void {
  if (target.crmInsights) return;
  const q: { call: unknown[]; resolve: (value: unknown) => void; reject: (error: unknown) => void }[] = [];
  const stub: Record<string, unknown> = { q };
  for (const method of methods) {
    stub[method] = (...args: unknown[]) =>
      new Promise((resolve, reject) => {
        q.push({ call: [method, ...args], resolve, reject });
      });
  }
  target.crmInsights = stub;
}
