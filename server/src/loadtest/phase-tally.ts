import { percentile } from '../analytics/vitals-summary.ts';

/** What a phase measured. */
export interface PhaseResult {
  eventsPerSecond: number;
  requests: number;
  ok: number;
  rateLimited: number;
  failed: number;
  skipped: number;
  events: number;
  achievedEventsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  bytesSent: number;
  /** The first refusal other than 429, so a misconfigured run says why (e.g. a wrong key). */
  firstError?: string;
}

/** A phase's counts while it runs: the result so far, every answer's latency, and the requests not yet answered. */
export interface PhaseTally {
  result: PhaseResult;
  latencies: number[];
  inFlight: number;
}

/** An empty tally for a phase that aims at `eventsPerSecond`. */
export function startTally(eventsPerSecond: number): PhaseTally {
  return {
    result: {
      eventsPerSecond,
      requests: 0,
      ok: 0,
      rateLimited: 0,
      failed: 0,
      skipped: 0,
      events: 0,
      achievedEventsPerSecond: 0,
      latencyMs: { p50: 0, p95: 0, p99: 0, max: 0 },
      bytesSent: 0,
    },
    latencies: [],
    inFlight: 0,
  };
}

/** The tally as a result `elapsedMs` into the phase: the rate it achieved and its latency percentiles. */
export function summarize({ result, latencies }: PhaseTally, elapsedMs: number): PhaseResult {
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    ...result,
    achievedEventsPerSecond: round(result.events / (Math.max(elapsedMs, 1) / 1000)),
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies.length ? Math.max(...latencies) : 0),
    },
  };
}
