import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FlagsConfig } from '../../shared/flags/types.ts';
import { benchSchema, READ_KEY, startServerProcess } from './ingest.ts';
import type { ServerProcess } from './ingest.ts';
import { startBatchFeed } from './scale-feed.ts';
import type { BatchFeed } from './scale-feed.ts';
import {
  dataDirBytes,
  loopDelayProbeArgs,
  postgresSchemaBytes,
  processMemory,
  readLoopDelay,
  resetLoopDelay,
} from './scale-process.ts';
import { callRead, scaleReads } from './scale-reads.ts';
import { sendFromFeed } from './scale-send.ts';
import type { SendStats } from './scale-send.ts';
import { heaviestRead, rateFigure, summarizeRead } from './scale-summary.ts';
import type { RateFigure, ReadCall, ReadFigure } from './scale-summary.ts';
import { percentile } from './stats.ts';

/** How the scale part runs (environment: SCALE_EVENTS, SCALE_USERS, SCALE_READ_CALLS, …; see docs/performance-scale.md). */
export interface ScaleSettings {
  events: number;
  users: number;
  days: number;
  seed: number;
  batchSize: number;
  concurrency: number;
  readCalls: number;
  /** The steady ingest that runs while reads are timed. */
  backgroundEventsPerSecond: number;
  /** Events sent to measure ingest on the empty store and again on the full one. */
  probeEvents: number;
  experiment: string;
  trendsSeries: string;
  /** Where the analytics engine says how far its projection is behind the record. */
  engineStatusPath: string;
  /**
   * The server's per-read time limit (`ANALYTICS_TIMEOUT_MS`) during the bench: longer than its 10 s default, so a
   * slow read is timed rather than turned into a 503 without a figure. 0 keeps the server's default.
   */
  readTimeoutMs: number;
}

/** One store's scale run. */
export interface ScaleStoreResult {
  store: string;
  storage?: string;
  historyEvents: number;
  load?: RateFigure;
  ingestStart?: RateFigure;
  ingestEnd?: RateFigure;
  projection: { waitedSeconds?: number; status?: unknown; skipped?: string };
  reads: ReadFigure[];
  heaviest?: string;
  background?: RateFigure;
  rssBytes?: number;
  peakRssBytes?: number;
  /** Bytes on disk: the record (SQLite file, or PostgreSQL's tables) and the analytics projection, per stored event. */
  disk?: {
    recordBytes: number;
    projectionBytes: number;
    recordPerEvent: number;
    projectionPerEvent: number;
    detail: Record<string, number>;
  };
  seconds: number;
}

/** Where the built pieces are. */
export interface ScalePaths {
  serverFile: string;
  publicDir: string;
  workerFile: string;
  resultsDir: string;
  flagsFile: string;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const log = (line: string) => console.log(`  scale: ${line}`);

/** Loads the history through the real ingest API, then measures ingest, reads, memory and disk on one store. */
export async function measureScaleStore(
  paths: ScalePaths,
  settings: ScaleSettings,
  databaseUrl?: string,
): Promise<ScaleStoreResult> {
  const started = Date.now();
  const schema = databaseUrl ? await benchSchema(databaseUrl) : undefined;
  let server: ServerProcess | undefined;
  let feed: BatchFeed | undefined;
  try {
    const env: Record<string, string> = settings.readTimeoutMs
      ? { ANALYTICS_TIMEOUT_MS: String(settings.readTimeoutMs) }
      : {};
    server = await startServerProcess(paths.serverFile, paths.publicDir, schema?.url, {
      nodeArgs: loopDelayProbeArgs(paths.resultsDir),
      ipc: true,
      env,
    });
    const health = (await (await fetch(`${server.origin}/api/health`)).json()) as { storage?: string };
    // The window ends at the start of this hour: the same hour and seed give the same events.
    const endMs = Math.floor(started / HOUR_MS) * HOUR_MS;
    const flags = JSON.parse(readFileSync(paths.flagsFile, 'utf8')) as FlagsConfig;
    feed = startBatchFeed(
      paths.workerFile,
      {
        seed: settings.seed,
        users: settings.users,
        days: settings.days,
        endMs,
        events: settings.events,
        flags,
        experiment: settings.experiment,
      },
      settings.batchSize,
    );
    // The generator thread builds its users first (seconds): the empty-store clock starts once bodies are ready.
    feed.putBack(await feed.take());
    const result: ScaleStoreResult = {
      store: databaseUrl ? 'postgres' : 'sqlite',
      storage: health.storage,
      historyEvents: 0,
      projection: {},
      reads: [],
      seconds: 0,
    };
    await loadHistory(server.origin, feed, settings, result);
    result.projection = await waitForProjection(server.origin, settings.engineStatusPath);
    log('ingest on the full store…');
    result.ingestEnd = rateFigure(
      await sendFromFeed(server.origin, feed, {
        concurrency: settings.concurrency,
        stopBefore: (_, sent) => sent.events >= settings.probeEvents,
      }),
    );
    await timeReads(
      server,
      feed,
      settings,
      { since: endMs - settings.days * DAY_MS, until: Date.now() + HOUR_MS },
      result,
    );
    Object.assign(result, processMemory(server.child.pid!));
    result.disk = await diskFigures(
      server.dataDir,
      result.historyEvents + (result.ingestEnd?.accepted ?? 0) + (result.background?.accepted ?? 0),
      databaseUrl,
      schema?.schema,
    );
    result.seconds = Math.round((Date.now() - started) / 1000);
    return result;
  } finally {
    await feed?.close();
    await server?.stop();
    await schema?.drop();
  }
}

/** Sends the history: the first `probeEvents` timed alone (ingest on an empty store), then the rest with progress. */
async function loadHistory(
  origin: string,
  feed: BatchFeed,
  settings: ScaleSettings,
  result: ScaleStoreResult,
): Promise<void> {
  log(
    `loading ${settings.events.toLocaleString('en-US')} events (${settings.users.toLocaleString('en-US')} users, ${settings.days} days), ${settings.concurrency} requests in flight…`,
  );
  const first = await sendFromFeed(origin, feed, {
    concurrency: settings.concurrency,
    stopBefore: (next, sent) => next.live || sent.events >= settings.probeEvents,
  });
  result.ingestStart = rateFigure(first);
  let sent = first.events;
  let reported = Date.now();
  const rest = await sendFromFeed(origin, feed, {
    concurrency: settings.concurrency,
    stopBefore: (next) => next.live,
    onLatency(_, events) {
      sent += events;
      if (Date.now() - reported < 15_000) return;
      reported = Date.now();
      log(`${sent.toLocaleString('en-US')} of ${settings.events.toLocaleString('en-US')} events sent`);
    },
  });
  result.load = rateFigure(combine(first, rest));
  result.historyEvents = first.accepted + rest.accepted;
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

/** Waits until the analytics engine's projection has every stored event (its status route), or says why it could not. */
export async function waitForProjection(origin: string, path: string): Promise<ScaleStoreResult['projection']> {
  const started = Date.now();
  for (;;) {
    const response = await fetch(origin + path, { headers: { Authorization: `Bearer ${READ_KEY}` } }).catch(
      () => undefined,
    );
    if (!response?.ok)
      return {
        skipped: `no engine status (${response ? `HTTP ${response.status}` : 'no answer'} from ${path}): reads were timed without waiting`,
      };
    const status = (await response.json()) as { lagEvents?: number; lagMs?: number };
    if (status.lagEvents === 0 || (status.lagEvents === undefined && status.lagMs === 0))
      return { waitedSeconds: (Date.now() - started) / 1000, status };
    if (Date.now() - started > 3_600_000) return { skipped: 'the projection did not catch up within an hour', status };
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/**
 * Times every read `readCalls` times while a steady ingest runs beside it; the ingest latencies and the
 * server's event-loop delay are filed under the read that was running.
 */
async function timeReads(
  server: ServerProcess,
  feed: BatchFeed,
  settings: ScaleSettings,
  window: { since: number; until: number },
  result: ScaleStoreResult,
): Promise<void> {
  let bucket: number[] = [];
  const signal = { stopped: false };
  // Paced across a few requests in flight, so one slow answer does not stop the steady rate.
  const background = sendFromFeed(server.origin, feed, {
    concurrency: 4,
    eventsPerSecond: settings.backgroundEventsPerSecond,
    stopBefore: () => false,
    signal,
    onLatency: (ms) => void bucket.push(ms),
  });
  try {
    for (const read of scaleReads(window, settings.experiment, settings.trendsSeries)) {
      log(`timing ${read.label}…`);
      bucket = [];
      await resetLoopDelay(server.child);
      const calls: ReadCall[] = [];
      for (let call = 0; call < settings.readCalls; call++) {
        calls.push(await callRead(server.origin, read.path));
        // A read that is not there (or refuses the question) answers the same every time.
        if (calls[0]!.status >= 400 && calls[0]!.status < 500) break;
      }
      const loop = await readLoopDelay(server.child);
      result.reads.push({
        ...summarizeRead(read, calls),
        ingestP99Ms: bucket.length ? percentile(bucket, 99) : undefined,
        ingestRequests: bucket.length,
        loopDelayMaxMs: loop.maxMs,
      });
    }
  } finally {
    signal.stopped = true;
    result.background = rateFigure(await background);
  }
  result.heaviest = heaviestRead(result.reads)?.id;
}

async function diskFigures(
  dataDir: string,
  storedEvents: number,
  databaseUrl?: string,
  schema?: string,
): Promise<ScaleStoreResult['disk']> {
  const files = dataDirBytes(dataDir);
  const record = databaseUrl && schema ? (await postgresSchemaBytes(databaseUrl, schema)).total : files.record;
  const perEvent = (bytes: number) => (storedEvents ? bytes / storedEvents : 0);
  return {
    recordBytes: record,
    projectionBytes: files.projection,
    recordPerEvent: perEvent(record),
    projectionPerEvent: perEvent(files.projection),
    detail: files.files,
  };
}

/** The scale settings from the environment (defaults: 1,000,000 events, 100,000 users, 28 days). */
export function scaleSettingsFromEnv(
  env: NodeJS.ProcessEnv,
  numberFromEnv: (name: string, fallback: number) => number,
): ScaleSettings {
  const events = numberFromEnv('SCALE_EVENTS', 1_000_000);
  return {
    events,
    users: numberFromEnv('SCALE_USERS', 100_000),
    days: 28,
    seed: numberFromEnv('SCALE_SEED', 13),
    batchSize: 50,
    concurrency: numberFromEnv('SCALE_CONCURRENCY', 8),
    readCalls: numberFromEnv('SCALE_READ_CALLS', 5),
    backgroundEventsPerSecond: numberFromEnv('SCALE_BACKGROUND_EPS', 500),
    probeEvents: Math.min(50_000, Math.max(10_000, Math.round(events / 20))),
    experiment: 'pipeline-layout',
    trendsSeries: env.SCALE_TRENDS_SERIES ?? 'events',
    engineStatusPath: env.SCALE_ENGINE_STATUS_PATH ?? '/api/analytics/engine/status',
    readTimeoutMs: env.SCALE_READ_TIMEOUT_MS === '0' ? 0 : numberFromEnv('SCALE_READ_TIMEOUT_MS', 120_000),
  };
}

/** Where main.ts finds the built pieces. */
export function scalePaths(root: string, resultsDir: string): ScalePaths {
  return {
    serverFile: join(root, 'dist/server/main.js'),
    publicDir: join(root, 'dist/public'),
    workerFile: join(resultsDir, 'scale-worker.mjs'),
    resultsDir,
    flagsFile: join(root, 'server/flags.example.json'),
  };
}
