/** Whether one more request may go now, or how long until one may, and whose budget ran out. */
export type LimitDecision = { ok: true } | { ok: false; retryInMs: number; exhausted: 'key' | 'overall' };

/** A budget of requests per sliding window: so many per key (a tab and origin), so many overall. */
export interface RequestLimitOptions {
  perKey: number;
  overall: number;
  windowMs: number;
  now?: () => number;
}

/**
 * Counts requests over a sliding window, per key and overall; `take` records one request if both budgets allow it.
 * Times older than the window are dropped on every call, so memory follows the keys seen in the last window.
 */
export function createRequestLimit({ perKey, overall, windowMs, now = Date.now }: RequestLimitOptions) {
  const times = new Map<string, number[]>();
  const ALL = '\u0000all';
  const prune = (at: number) => {
    for (const [key, list] of times) {
      const kept = list.filter((time) => at - time < windowMs);
      if (kept.length) times.set(key, kept);
      else times.delete(key);
    }
  };
  const full = (key: string, limit: number, at: number): number | undefined => {
    const list = times.get(key) ?? [];
    return list.length >= limit ? list[list.length - limit]! + windowMs - at : undefined;
  };
  return {
    /** Records a request for `key` if the budgets allow it. */
    take(key: string): LimitDecision {
      const at = now();
      prune(at);
      const keyWait = full(key, perKey, at);
      if (keyWait !== undefined) return { ok: false, retryInMs: keyWait, exhausted: 'key' };
      const overallWait = full(ALL, overall, at);
      if (overallWait !== undefined) return { ok: false, retryInMs: overallWait, exhausted: 'overall' };
      for (const name of [key, ALL]) times.set(name, [...(times.get(name) ?? []), at]);
      return { ok: true };
    },
  };
}
