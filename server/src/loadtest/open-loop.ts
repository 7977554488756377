import { uuidv7 } from '../../../shared/uuid.ts';
import { startTally, summarize } from './phase-tally.ts';
import type { PhaseResult, PhaseTally } from './phase-tally.ts';
import { gzippedBatch } from './traffic-mix.ts';
import type { Visitor } from './traffic-mix.ts';

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
  const tally = startTally(plan.eventsPerSecond);
  const started = performance.now();
  const pending = new Set<Promise<void>>();
  const send = () => {
    const request = sendBatch(plan, visitors, tally);
    pending.add(request);
    void request.finally(() => pending.delete(request));
  };
  const report = onProgress && ((elapsedMs: number) => onProgress(summarize(tally, elapsedMs), elapsedMs));
  await keepSchedule(plan, started, tally, send, report);
  await Promise.all(pending);
  return summarize(tally, performance.now() - started);
}

/**
 * Calls `send` as often as the plan's rate asks from `started` until its duration is over, counting a send as
 * skipped while `maxInFlight` requests are out; `report` is called every second.
 */
async function keepSchedule(
  plan: PhasePlan,
  started: number,
  tally: PhaseTally,
  send: () => void,
  report?: (elapsedMs: number) => void,
): Promise<void> {
  const requestsPerSecond = plan.eventsPerSecond / plan.batchSize;
  let sentSoFar = 0;
  let lastReport = started;
  while (performance.now() - started < plan.durationMs) {
    const due = Math.floor(((performance.now() - started) / 1000) * requestsPerSecond) + 1;
    for (; sentSoFar < due; sentSoFar += 1) {
      if (tally.inFlight >= plan.maxInFlight) tally.result.skipped += 1;
      else send();
    }
    if (report && performance.now() - lastReport >= 1000) {
      lastReport = performance.now();
      report(lastReport - started);
    }
    await new Promise((wake) => setTimeout(wake, Math.max(1, Math.min(50, 1000 / requestsPerSecond))));
  }
}

/** Sends one batch for the next visitor in turn and counts its answer, or why there was none, in `tally`. */
async function sendBatch(plan: PhasePlan, visitors: readonly Visitor[], tally: PhaseTally): Promise<void> {
  const { result } = tally;
  const visitor = visitors[result.requests % visitors.length]!;
  result.requests += 1;
  tally.inFlight += 1;
  let begun = performance.now();
  try {
    const { body } = await gzippedBatch(visitor, plan.batchSize, Date.now());
    result.bytesSent += body.length;
    // The latency is the server's answer only, not the gzip before it.
    begun = performance.now();
    await countAnswer(result, await postBatch(plan, body), plan.batchSize);
  } catch (error) {
    result.failed += 1;
    result.firstError ??= error instanceof Error ? error.message : String(error);
  } finally {
    tally.inFlight -= 1;
    tally.latencies.push(performance.now() - begun);
  }
}

/** POSTs a gzipped batch to the target's ingest endpoint as the widget does. */
function postBatch(plan: PhasePlan, body: Uint8Array<ArrayBuffer>): Promise<Response> {
  return fetch(`${plan.target.replace(/\/+$/, '')}/api/analytics/events`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${plan.writeKey}`,
      'Content-Type': 'application/json',
      'Content-Encoding': 'gzip',
    },
    body,
    signal: AbortSignal.timeout(10_000),
  });
}

/** Counts an answer as accepted (its `batchSize` events too), rate limited, or failed with the first reason kept. */
async function countAnswer(result: PhaseResult, response: Response, batchSize: number): Promise<void> {
  if (response.ok || response.status === 429) await response.arrayBuffer();
  if (response.ok) {
    result.ok += 1;
    result.events += batchSize;
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
}
