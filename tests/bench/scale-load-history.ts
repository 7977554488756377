import type { BatchFeed } from './scale-feed.ts';
import { logScale } from './scale-log.ts';
import { resumeAt } from './scale-resume.ts';
import { sendFromFeed } from './scale-send.ts';
import type { SendStats } from './scale-send.ts';
import type { ScaleSettings } from './scale-settings.ts';
import { readStoreManifest, writeStoreManifest } from './scale-store.ts';
import type { ScaleStoreManifest } from './scale-store.ts';
import type { ScaleStoreResult } from './scale-store-result.ts';
import { rateFigure } from './scale-summary.ts';

/**
 * Sends the history: the first `probeEvents` timed alone (ingest on an empty store), then the rest with progress.
 * With a kept store the manifest follows the progress, so a load cut short (or time-boxed by `SCALE_LOAD_SECONDS`)
 * is resumed by the next run; a resumed load keeps the empty-store figure of the run that started it.
 */
export async function loadHistory(
  origin: string,
  feed: BatchFeed,
  settings: ScaleSettings,
  result: ScaleStoreResult,
  keep?: { dir: string; kept?: ScaleStoreManifest },
): Promise<void> {
  const from = resumeAt(keep?.kept, settings);
  logScale(
    `${from ? `resuming the load at event ${from.toLocaleString('en-US')} of` : 'loading'} ${settings.events.toLocaleString('en-US')} events (${settings.users.toLocaleString('en-US')} users, ${settings.days} days), ${settings.concurrency} requests in flight…`,
  );
  const deadline = settings.loadSeconds ? Date.now() + settings.loadSeconds * 1000 : Number.POSITIVE_INFINITY;
  // Only a load from the start times the empty store; a resumed one reports the first run's figure, if it had one.
  const first = from
    ? undefined
    : await sendFromFeed(origin, feed, {
        concurrency: settings.concurrency,
        stopBefore: (next, sent) => next.live || sent.events >= settings.probeEvents,
      });
  result.ingestStart = first ? rateFigure(first) : keep?.kept?.ingestStart;
  const before = { sent: from, accepted: keep?.kept?.historyEvents ?? 0 };
  let sent = first?.events ?? 0;
  let accepted = first?.accepted ?? 0;
  let reported = Date.now();
  const progress = () => {
    if (!keep) return;
    const manifest = readStoreManifest(keep.dir)!;
    writeStoreManifest(keep.dir, {
      ...manifest,
      historySent: before.sent + sent,
      historyEvents: before.accepted + accepted,
      ...(result.ingestStart ? { ingestStart: result.ingestStart } : {}),
    });
  };
  progress();
  const rest = await sendFromFeed(origin, feed, {
    concurrency: settings.concurrency,
    stopBefore: (next) => next.live || Date.now() > deadline,
    onLatency(_, events, stored) {
      sent += events;
      accepted += stored;
      if (Date.now() - reported < 15_000) return;
      reported = Date.now();
      progress();
      logScale(
        `${(before.sent + sent).toLocaleString('en-US')} of ${settings.events.toLocaleString('en-US')} events sent`,
      );
    },
  });
  progress();
  result.load = rateFigure(first ? combine(first, rest) : rest);
  result.historyEvents = before.accepted + accepted;
  if (Date.now() > deadline) {
    result.loadCutShort = `SCALE_LOAD_SECONDS: loading stopped after ${settings.loadSeconds} s at ${result.historyEvents.toLocaleString('en-US')} events; the next run on the same kept store resumes it`;
    logScale(result.loadCutShort);
  }
}

function combine(a: SendStats, b: SendStats): SendStats {
  const reasons = { ...a.failureReasons };
  for (const [reason, count] of Object.entries(b.failureReasons)) reasons[reason] = (reasons[reason] ?? 0) + count;
  return {
    batches: a.batches + b.batches,
    events: a.events + b.events,
    accepted: a.accepted + b.accepted,
    failures: a.failures + b.failures,
    failureReasons: reasons,
    latencies: [...a.latencies, ...b.latencies],
    seconds: a.seconds + b.seconds,
  };
}
