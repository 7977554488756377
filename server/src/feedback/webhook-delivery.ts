/** One attempt to deliver a webhook, as logged. */
export interface DeliveryAttempt {
  reportId: string;
  webhook: string;
  attempt: number;
  at: number;
  ok: boolean;
  status?: number;
  error?: string;
}

/** How a webhook is delivered: how many tries, the waits between them, and the injectable fetch, clock and sleep. */
export interface DeliveryOptions {
  /** Waits before the 2nd, 3rd, … attempt (ms); its length + 1 is the number of attempts. Default 1 s, 5 s, 30 s. */
  retryDelays?: readonly number[];
  /** Gives up on one attempt after this long (ms). Default 10 s. */
  timeoutMs?: number;
  /** The number of this run's first attempt, when resuming after a restart (attempts already logged come before). */
  firstAttempt?: number;
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_RETRY_DELAYS = [1000, 5000, 30_000];

/**
 * POSTs `payload` as JSON to `webhook`, retrying network errors, 5xx and 429 after each delay; every attempt is
 * handed to `log` (the caller stores it). A 4xx other than 429 is not retried: the receiver refused the payload
 * and would refuse it again. Resolves with the last attempt (none when `firstAttempt` is past the last); never rejects.
 */
export async function deliverWebhook(
  reportId: string,
  webhook: string,
  payload: unknown,
  log: (attempt: DeliveryAttempt) => Promise<void>,
  { retryDelays = DEFAULT_RETRY_DELAYS, timeoutMs = 10_000, firstAttempt = 1, fetch: fetcher = fetch, now = Date.now, sleep = defaultSleep }: DeliveryOptions = {},
): Promise<DeliveryAttempt | undefined> {
  const body = JSON.stringify(payload);
  let last: DeliveryAttempt | undefined;
  for (let attempt = firstAttempt; attempt <= retryDelays.length + 1; attempt++) {
    if (attempt > 1) await sleep(retryDelays[attempt - 2]!);
    const at = now();
    try {
      const response = await fetcher(webhook, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'crm-insights-webhook' },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      last = { reportId, webhook, attempt, at, ok: response.ok, status: response.status, error: response.ok ? undefined : `HTTP ${response.status}` };
      await response.body?.cancel().catch(() => undefined);
    } catch (error) {
      last = { reportId, webhook, attempt, at, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    await log(last).catch(() => undefined);
    if (last.ok || (last.status !== undefined && last.status < 500 && last.status !== 429)) return last;
  }
  return last;
}

/** How many attempts a delivery gets in all with these options. */
export function maxAttempts(options: DeliveryOptions = {}): number {
  return (options.retryDelays ?? DEFAULT_RETRY_DELAYS).length + 1;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
