import { checkLimit } from './budgets.ts';
import type { Limit, LimitCheck } from './budgets.ts';
import { median, percentile } from './stats.ts';

/** One timed call of a read. */
export interface ReadCall {
  ms: number;
  status: number;
  bytes: number;
  /** The answer's error message when it was not a 2xx. */
  error?: string;
}

/** A read's figures: p50/p95 over the calls that answered 2xx, or why it has none. */
export interface ReadFigure {
  id: string;
  label: string;
  path: string;
  calls: number;
  /** `ok`, or what the server answered instead (`HTTP 404: …`, a network error). */
  outcome: string;
  p50Ms?: number;
  p95Ms?: number;
  maxMs?: number;
  /** Median time of every call, answered or not (a read stopped by its time limit is still heavy). */
  callMedianMs?: number;
  /** Size of the (last) answer. */
  bytes?: number;
  /** Latency p99 of the steady ingest requests that finished while this read ran. */
  ingestP99Ms?: number;
  ingestRequests?: number;
  /** Worst event-loop delay in the server while this read ran (ms beyond the sampling interval). */
  loopDelayMaxMs?: number;
}

/** Summarises one read's calls: a read that never answered 2xx keeps its first failure as its outcome. */
export function summarizeRead(
  read: { id: string; label: string; path: string },
  calls: readonly ReadCall[],
): ReadFigure {
  const ok = calls.filter((call) => call.status >= 200 && call.status < 300);
  const base = {
    ...read,
    calls: calls.length,
    ...(calls.length ? { callMedianMs: median(calls.map((call) => call.ms)) } : {}),
  };
  const failed =
    calls.find((call) => call.status !== 0 && !ok.includes(call)) ?? calls.find((call) => !ok.includes(call));
  const failure = failed
    ? failed.status
      ? `HTTP ${failed.status}${failed.error ? `: ${failed.error}` : ''}`
      : (failed.error ?? 'failed')
    : 'not run';
  if (!ok.length) return { ...base, outcome: failure };
  const times = ok.map((call) => call.ms);
  return {
    ...base,
    // A partial outcome says how one of the others failed: "ok in 2 of 5" alone cannot tell a time limit from an error.
    outcome: ok.length === calls.length ? 'ok' : `ok in ${ok.length} of ${calls.length} calls (${failure})`,
    p50Ms: percentile(times, 50),
    p95Ms: percentile(times, 95),
    maxMs: Math.max(...times),
    bytes: ok[ok.length - 1]!.bytes,
  };
}

/**
 * The read that kept the server busiest (highest median call time, answered or stopped by a time limit; a read the
 * server does not have is never it): the one the "while the heaviest read runs" figures are taken during.
 */
export function heaviestRead(reads: readonly ReadFigure[]): ReadFigure | undefined {
  return reads
    .filter((read) => read.callMedianMs !== undefined && !read.outcome.startsWith('HTTP 404'))
    .sort((a, b) => b.callMedianMs! - a.callMedianMs!)[0];
}

/** Ingest throughput of one phase: accepted events per second, with latency percentiles. */
export interface RateFigure {
  events: number;
  accepted: number;
  seconds: number;
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
  failureReasons: Record<string, number>;
}

/** Turns a phase's counts and latencies into its rate figure. */
export function rateFigure(stats: {
  events: number;
  accepted: number;
  seconds: number;
  latencies: readonly number[];
  failures: number;
  failureReasons: Record<string, number>;
}): RateFigure {
  return {
    events: stats.events,
    accepted: stats.accepted,
    seconds: stats.seconds,
    eventsPerSecond: stats.seconds > 0 ? stats.accepted / stats.seconds : 0,
    p50Ms: percentile(stats.latencies, 50),
    p99Ms: percentile(stats.latencies, 99),
    failures: stats.failures,
    failureReasons: stats.failureReasons,
  };
}

/** The figures the issue's targets apply to, for one store. */
export interface ScaleFigures {
  worstReadP95Ms?: number;
  overviewP95Ms?: number;
  ingestP99DuringHeaviestMs?: number;
  loopDelayDuringHeaviestMs?: number;
  peakRssMb?: number;
  endToStartIngest?: number;
}

/** The issue's targets (#13), for the embedded default store. */
export const SCALE_TARGETS: readonly Limit[] = [
  {
    id: 'worstReadP95Ms',
    label: 'scale: every read p95 ≤ 2 s (the slowest read)',
    kind: 'max',
    value: 2000,
    unit: 'ms',
    severity: 'target',
  },
  {
    id: 'overviewP95Ms',
    label: 'scale: overview (rollups) p95 ≤ 50 ms',
    kind: 'max',
    value: 50,
    unit: 'ms',
    severity: 'target',
  },
  {
    id: 'ingestP99DuringHeaviestMs',
    label: 'scale: ingest p99 ≤ 100 ms while the heaviest read runs',
    kind: 'max',
    value: 100,
    unit: 'ms',
    severity: 'target',
  },
  {
    id: 'loopDelayDuringHeaviestMs',
    label: 'scale: event-loop delay max ≤ 50 ms while the heaviest read runs',
    kind: 'max',
    value: 50,
    unit: 'ms',
    severity: 'target',
  },
  {
    id: 'peakRssMb',
    label: 'scale: API process peak RSS ≤ 512 MB',
    kind: 'max',
    value: 512,
    unit: 'MB',
    severity: 'target',
  },
  {
    id: 'endToStartIngest',
    label: 'scale: ingest with the store full ≥ 80% of the empty-store rate',
    kind: 'min',
    value: 0.8,
    unit: '×',
    severity: 'target',
  },
];

/** The target figures of one store's run. A read that did not answer leaves "every read" unmeasured rather than passed. */
export function scaleFigures(run: {
  reads: readonly ReadFigure[];
  peakRssBytes?: number;
  ingestStart?: RateFigure;
  ingestEnd?: RateFigure;
}): ScaleFigures {
  const others = run.reads.filter((read) => read.id !== 'overview');
  const answered = others.filter((read) => read.p95Ms !== undefined);
  const heaviest = heaviestRead(run.reads);
  const overview = run.reads.find((read) => read.id === 'overview');
  return {
    worstReadP95Ms:
      answered.length === others.length && answered.length
        ? Math.max(...answered.map((read) => read.p95Ms!))
        : undefined,
    overviewP95Ms: overview?.p95Ms,
    ingestP99DuringHeaviestMs: heaviest?.ingestP99Ms,
    loopDelayDuringHeaviestMs: heaviest?.loopDelayMaxMs,
    peakRssMb: run.peakRssBytes === undefined ? undefined : run.peakRssBytes / 2 ** 20,
    endToStartIngest:
      run.ingestStart && run.ingestEnd && run.ingestStart.eventsPerSecond > 0
        ? run.ingestEnd.eventsPerSecond / run.ingestStart.eventsPerSecond
        : undefined,
  };
}

/** The targets held against one store's figures. */
export function scaleChecks(figures: ScaleFigures): LimitCheck[] {
  return SCALE_TARGETS.map((limit) => checkLimit(limit, figures[limit.id as keyof ScaleFigures]));
}
