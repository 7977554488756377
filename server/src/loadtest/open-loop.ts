import { percentile } from '../analytics/vitals-summary.ts';
import { uuidv7 } from '../../../shared/uuid.ts';
import { gzippedBatch } from './traffic-mix.ts';

/** One phase of load: a target rate of events per second held for a duration. */
export interface PhasePlan {
  target: string;
  writeKey: string;
  eventsPerSecond: number;
  durationMs: number;
  batchSize: number;
  /** Requests in flight at most; past it a tick is skipped (and counted), so a stalled server is not buried. */
  maxInFlight: number;
  visitors: number;
}

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

/**
 * Sends gzipped batches in the widget's traffic mix at a fixed rate (open loop: requests leave on schedule
 * whatever the answers, as real pages do), and measures each answer. `onProgress` is called every second.
 */
export async function runPhase(
  plan: PhasePlan,
  onProgress?: (result: PhaseResult, elapsedMs: number) => void,
): Promise<PhaseResult> {
  const visitors = Array.from({ length: plan.visitors }, () => ({
    sessionId: uuidv7(Date.now()),
    anonymousId: uuidv7(Date.now()),
  }));
  const requestsPerSecond = plan.eventsPerSecond / plan.batchSize;
  const latencies: number[] = [];
  const result: PhaseResult = {
    eventsPerSecond: plan.eventsPerSecond,
    requests: 0,
    ok: 0,
    rateLimited: 0,
    failed: 0,
    skipped: 0,
    events: 0,
    achievedEventsPerSecond: 0,
    latencyMs: { p50: 0, p95: 0, p99: 0, max: 0 },
    bytesSent: 0,
  };
  const started = performance.now();
  let inFlight = 0;
  let sentSoFar = 0;
  const pending = new Set<Promise<void>>();
  const send = async () => {
    const visitor = visitors[result.requests % visitors.length]!;
    result.requests += 1;
    inFlight += 1;
    let begun = performance.now();
    try {
      const { body } = await gzippedBatch(visitor, plan.batchSize, Date.now());
      result.bytesSent += body.length;
      begun = performance.now();
      const response = await fetch(`${plan.target.replace(/\/+$/, '')}/api/analytics/events`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${plan.writeKey}`,
          'Content-Type': 'application/json',
          'Content-Encoding': 'gzip',
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      if (response.ok || response.status === 429) await response.arrayBuffer();
      if (response.ok) {
        result.ok += 1;
        result.events += plan.batchSize;
      } else if (response.status === 429) result.rateLimited += 1;
      else {
        result.failed += 1;
        result.firstError ??= `HTTP ${response.status}: ${(
          await response
            .clone()
            .text()
            .catch(() => '')
        ).slice(0, 300)}`;
      }
    } catch (error) {
      result.failed += 1;
      result.firstError ??= error instanceof Error ? error.message : String(error);
    } finally {
      inFlight -= 1;
      latencies.push(performance.now() - begun);
    }
  };
  let lastReport = started;
  while (performance.now() - started < plan.durationMs) {
    const due = Math.floor(((performance.now() - started) / 1000) * requestsPerSecond) + 1;
    while (sentSoFar < due) {
      sentSoFar += 1;
      if (inFlight >= plan.maxInFlight) {
        result.skipped += 1;
        continue;
      }
      const request = send();
      pending.add(request);
      void request.finally(() => pending.delete(request));
    }
    if (onProgress && performance.now() - lastReport >= 1000) {
      lastReport = performance.now();
      onProgress(summarize(result, latencies, performance.now() - started), performance.now() - started);
    }
    await new Promise((wake) => setTimeout(wake, Math.max(1, Math.min(50, 1000 / requestsPerSecond))));
  }
  await Promise.all(pending);
  return summarize(result, latencies, performance.now() - started);
}

function summarize(result: PhaseResult, latencies: number[], elapsedMs: number): PhaseResult {
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
