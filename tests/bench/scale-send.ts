import type { BatchFeed, FeedBatch } from './scale-feed.ts';
import { WRITE_KEY } from './server-process.ts';

/** What one sending phase stored and how long each request took. */
export interface SendStats {
  batches: number;
  events: number;
  accepted: number;
  failures: number;
  failureReasons: Record<string, number>;
  /** Each request's latency (ms), in the order they finished. */
  latencies: number[];
  seconds: number;
}

/** How a phase sends: how many requests in flight, when it stops, and (for a steady load) at what pace. */
export interface SendPlan {
  concurrency: number;
  /** Stop before sending `next` (it is put back for the next phase). */
  stopBefore(next: FeedBatch, sent: { events: number }): boolean;
  /** Events per second to hold to; none: as fast as the server answers. */
  eventsPerSecond?: number;
  /** Told of every request's latency (and its events, sent and accepted) as it finishes (the reads phase files them under the read running then). */
  onLatency?(ms: number, events: number, accepted: number): void;
  /** An outside stop for a steady load that runs until told. */
  signal?: { stopped: boolean };
}

/** POSTs one gzipped body to the ingest API; the number of events accepted, or the reason it failed. */
async function postBatch(origin: string, body: Uint8Array): Promise<number | string> {
  const response = await fetch(`${origin}/api/analytics/events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', Authorization: `Bearer ${WRITE_KEY}` },
    body: body as Uint8Array<ArrayBuffer>,
  });
  const answer = (await response.json().catch(() => ({}))) as { accepted?: number; error?: string };
  return response.ok
    ? (answer.accepted ?? 0)
    : `${response.status}: ${answer.error ?? 'no error message'}`.slice(0, 120);
}

/**
 * Every origin's answer to the same body, sent at once: the fewest events accepted, or the first failure. The answers
 * check sends each body to two servers this way, so both correct its events' times by (nearly) the same skew.
 */
async function postEverywhere(origins: string[], body: Uint8Array): Promise<number | string> {
  const outcomes = await Promise.all(
    origins.map((origin) =>
      postBatch(origin, body).catch((error: unknown) => (error instanceof Error ? error.message : String(error))),
    ),
  );
  const failure = outcomes.find((outcome) => typeof outcome === 'string');
  return failure ?? Math.min(...(outcomes as number[]));
}

/** Sends bodies from the feed through the real ingest API (of one server, or of each of several) until the plan says stop. */
export async function sendFromFeed(origin: string | string[], feed: BatchFeed, plan: SendPlan): Promise<SendStats> {
  const origins = typeof origin === 'string' ? [origin] : origin;
  const stats: SendStats = {
    batches: 0,
    events: 0,
    accepted: 0,
    failures: 0,
    failureReasons: {},
    latencies: [],
    seconds: 0,
  };
  const started = performance.now();
  let sent = 0;
  let stopped = false;
  const loop = async () => {
    while (!stopped && !plan.signal?.stopped) {
      const batch = await feed.take();
      if (plan.stopBefore(batch, { events: sent })) {
        stopped = true;
        feed.putBack(batch);
        return;
      }
      sent += batch.events;
      const begin = performance.now();
      const outcome = await postEverywhere(origins, batch.body);
      const ms = performance.now() - begin;
      stats.latencies.push(ms);
      plan.onLatency?.(ms, batch.events, typeof outcome === 'number' ? outcome : 0);
      stats.batches += 1;
      stats.events += batch.events;
      if (typeof outcome === 'number') stats.accepted += outcome;
      else {
        stats.failures += 1;
        stats.failureReasons[outcome] = (stats.failureReasons[outcome] ?? 0) + 1;
      }
      if (plan.eventsPerSecond) {
        // Paced: the next request starts when the events sent so far are due at this rate.
        const due = started + (sent / plan.eventsPerSecond) * 1000;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      }
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, loop));
  stats.seconds = (performance.now() - started) / 1000;
  return stats;
}
