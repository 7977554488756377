import { DELIVERY_FAILED, DESTINATION_NOT_ALLOWED } from './outbound-client.ts';
import type { OutboundClient, OutboundResult } from './outbound-client.ts';

/** What is being delivered where: `kind` names the feature (`bug-report`, `alert`…), `subjectId` the thing sent. */
export interface DeliveryTarget {
  kind: string;
  subjectId: string;
  url: string;
}

/**
 * One attempt, as the delivery log keeps it. Deliberately without the attempt's duration: how long a failure
 * took tells a closed port from a filtered one (and `deliver` pads such failures to the full timeout).
 */
export interface DeliveryAttempt extends DeliveryTarget {
  attempt: number;
  at: number;
  ok: boolean;
  status?: number;
  error?: string;
}

/** How hard to try: attempts, the backoff, the per-attempt timeout, and the injectable clock, sleep and randomness. */
export interface DeliveryOptions {
  /** Attempts in all, counting those a previous run already made. Default 4. */
  maxAttempts?: number;
  /** The wait before the 2nd attempt (ms), doubled for each next one, with jitter. Default 1 s. */
  baseDelayMs?: number;
  /** No wait is longer than this (ms), `Retry-After` included. Default 60 s. */
  maxDelayMs?: number;
  /** Gives up on one attempt after this long (ms). Default 10 s. */
  timeoutMs?: number;
  /** The number of this run's first attempt, when resuming after a restart (attempts already logged come before). */
  firstAttempt?: number;
  /**
   * Asked before each attempt, after its wait: false ends the delivery without it (the caller's claim on the
   * delivery passed to another process). Must not reject.
   */
  beforeAttempt?: (attempt: number) => Promise<boolean>;
  now?: () => number;
  /** The clock an attempt's duration is measured with for the padding (ms). Default `now`. */
  elapsed?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const DEFAULTS = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 60_000, timeoutMs: 10_000 };

/**
 * True when the attempt may succeed if repeated: no answer, a 5xx, or 429. Other answers (2xx, 3xx, 4xx), a
 * URL naming an internal address outright, and results marked `final` are final.
 */
export function isRetryable(result: Pick<OutboundResult, 'ok' | 'status' | 'error' | 'final'>): boolean {
  if (result.ok || result.final || result.error === DESTINATION_NOT_ALLOWED) return false;
  return result.status === undefined || result.status >= 500 || result.status === 429;
}

/**
 * The wait before attempt `attempt` (2, 3, …): exponential from `baseDelayMs`, between half and all of it at
 * random so that many deliveries failing together do not retry together
 * (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/), and never below the receiver's
 * `Retry-After`; capped at `maxDelayMs`.
 */
export function retryDelay(attempt: number, options: DeliveryOptions = {}, retryAfterMs = 0): number {
  const { baseDelayMs, maxDelayMs } = { ...DEFAULTS, ...options };
  const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 2));
  const jittered = exponential * (0.5 + (options.random ?? Math.random)() / 2);
  return Math.round(Math.min(maxDelayMs, Math.max(jittered, retryAfterMs)));
}

/** How many attempts a delivery gets in all with these options. */
export function maxAttempts(options: DeliveryOptions = {}): number {
  return options.maxAttempts ?? DEFAULTS.maxAttempts;
}

/**
 * POSTs `body` to the target through the outbound client, retrying what `isRetryable` allows up to
 * `maxAttempts`, and hands every attempt to `log` (the caller stores it). Resolves with the last attempt (none
 * when `firstAttempt` is past the last, or `beforeAttempt` stopped it first); never rejects.
 */
export async function deliver(
  client: OutboundClient,
  target: DeliveryTarget,
  body: string,
  headers: Record<string, string>,
  log: (attempt: DeliveryAttempt) => Promise<void>,
  options: DeliveryOptions = {},
): Promise<DeliveryAttempt | undefined> {
  const { firstAttempt = 1, sleep = defaultSleep } = options;
  const send = (timeoutMs: number) => client.post(target.url, body, headers, timeoutMs);
  let last: DeliveryAttempt | undefined;
  let retryAfterMs = 0;
  for (let attempt = firstAttempt; attempt <= maxAttempts(options); attempt++) {
    if (attempt > 1) await sleep(retryDelay(attempt, options, retryAfterMs));
    if (options.beforeAttempt && !(await options.beforeAttempt(attempt))) return last;
    const { logged, result } = await attemptDelivery(target, attempt, send, log, options);
    last = logged;
    if (!isRetryable(result)) return last;
    retryAfterMs = result.retryAfterMs ?? 0;
  }
  return last;
}

/**
 * One attempt through `send` (given the per-attempt timeout), as every delivery makes it: a failure without an
 * answer is padded to the whole timeout, then the attempt goes to `log`. `deliver` loops over it; the alert
 * queue, which keeps its retry schedule in the database, calls it once per due notification. Never rejects.
 */
export async function attemptDelivery(
  target: DeliveryTarget,
  attempt: number,
  send: (timeoutMs: number) => Promise<OutboundResult>,
  log: (attempt: DeliveryAttempt) => Promise<void>,
  options: DeliveryOptions = {},
): Promise<{ logged: DeliveryAttempt; result: OutboundResult }> {
  const { timeoutMs, now = Date.now, sleep = defaultSleep } = { ...DEFAULTS, ...options };
  const elapsed = options.elapsed ?? now;
  const at = now();
  const began = elapsed();
  const result = await send(timeoutMs).catch(
    (): OutboundResult => ({ ok: false, error: DELIVERY_FAILED, durationMs: 0 }),
  );
  // A failure without an answer is logged, and the next attempt scheduled, only once the attempt's whole timeout
  // has passed: neither the logged times nor the moment a row appears tell a refused port from a filtered one.
  if (result.status === undefined && !result.ok && !result.final && result.error !== DESTINATION_NOT_ALLOWED)
    await sleep(Math.max(0, timeoutMs - (elapsed() - began)));
  const logged: DeliveryAttempt = {
    ...target,
    attempt,
    at,
    ok: result.ok,
    ...(result.status === undefined ? {} : { status: result.status }),
    ...(result.error ? { error: result.error } : {}),
  };
  await log(logged).catch((error: unknown) =>
    console.error(`[crm-insights] could not log ${target.kind} delivery ${target.subjectId}`, error),
  );
  return { logged, result };
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
