/** When to try again after a failed send: exponential backoff with full jitter, and the server's `Retry-After`. */
export interface RetryPolicy {
  /** First backoff step (ms). */
  baseDelay: number;
  /** Longest wait between attempts, whether from backoff or from `Retry-After` (ms). */
  maxDelay: number;
}

/**
 * The wait before retry number `failures` (1 = after the first failure): a random point in
 * [half, all] of `base * 2^(failures-1)`, capped. Half-jitter keeps a floor so a failing server is never hammered,
 * while spreading the tabs of many users apart (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
 */
export function backoffDelay(failures: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 30);
  const ceiling = Math.min(policy.baseDelay * 2 ** exponent, policy.maxDelay);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/**
 * Parses a `Retry-After` header (delay-seconds or an HTTP-date, RFC 9110 §10.2.3) into a wait in ms, capped at
 * `maxDelay`. Undefined when missing or unparsable, so the caller falls back to backoff.
 */
export function parseRetryAfter(value: string | null | undefined, now: number, maxDelay: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, maxDelay);
  // Date.parse accepts far more than IMF-fixdate; a plain number was handled above, so require a weekday or month name.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (!Number.isFinite(at)) return undefined;
  return Math.min(Math.max(at - now, 0), maxDelay);
}
