import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FlagsConfig } from '../../shared/flags/types.ts';
import type { ApiProcessOnDataDir } from '../support/api-process.ts';
import { benchSchema } from './bench-schema.ts';
import { measureEmptyStore } from './scale-empty.ts';
import type { EmptyStoreProbe } from './scale-empty.ts';
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
import type { ProcessMemory } from './scale-process.ts';
import { callRead, scaleReads } from './scale-reads.ts';
import { sendFromFeed } from './scale-send.ts';
import { keptSchema } from './scale-schema.ts';
import type { ScaleSchema } from './scale-schema.ts';
import { openKeptStore, readStoreManifest, SQLITE_RECORD, writeStoreManifest } from './scale-store.ts';
import type { KeptRecord, ScaleStoreManifest, StoreKey } from './scale-store.ts';
import type { SendStats } from './scale-send.ts';
import { heaviestRead, rateFigure, summarizeRead } from './scale-summary.ts';
import type { RateFigure, ReadCall, ReadFigure } from './scale-summary.ts';
import { READ_KEY, startServerProcess } from './server-process.ts';
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
  /**
   * `SCALE_DATA_DIR`: the SQLite run keeps its store (record and projection) here, and a later run with the same
   * events, users, days and seed reuses it instead of loading the history again.
   */
  dataDir?: string;
  /**
   * `SCALE_PG_SCHEMA`: the PostgreSQL run keeps its record in this schema (never dropped) and its projection and
   * manifest in `pgDataDir`, reused and resumed like `dataDir`.
   */
  pgSchema?: string;
  /** `SCALE_PG_DATA_DIR`: the kept PostgreSQL store's folder (default: `crm-insights-scale-<schema>` in the temp folder). */
  pgDataDir?: string;
  /** `SCALE_LOAD_SECONDS`: stop loading after this long and measure what is loaded (a kept store resumes next run). */
  loadSeconds?: number;
}

/** How long the bench waited for the analytics projection to hold every stored event, or why it could not. */
export interface ProjectionWait {
  waitedSeconds?: number;
  status?: unknown;
  skipped?: string;
}

/** One store's scale run. */
export interface ScaleStoreResult extends ProcessMemory {
  store: string;
  storage?: string;
  historyEvents: number;
  /** When the store was loaded by an earlier run (`SCALE_DATA_DIR`): that run's time; load figures are its own. */
  reusedStoreFrom?: string;
  /** Why the history is shorter than asked (`SCALE_LOAD_SECONDS`): the reads were timed on what was loaded. */
  loadCutShort?: string;
  load?: RateFigure;
  ingestStart?: RateFigure;
  /** Where `ingestStart` was measured when the full store is a kept one: a fresh temporary store in this run. */
  ingestStartFrom?: string;
  /** A kept store's empty-store figure from the run that loaded it (earlier code), beside this run's own. */
  ingestStartWhenLoaded?: RateFigure;
  ingestEnd?: RateFigure;
  projection: ProjectionWait;
  /** The catch-up after the full-store probe's burst, waited for before the reads so they time reads, not catch-up. */
  projectionAfterProbe?: ProjectionWait;
  reads: ReadFigure[];
  heaviest?: string;
  background?: RateFigure;
  /** The server's RSS and its peak so far after each phase (and each read): where the peak was reached. */
  memoryTrail?: ({ after: string } & ProcessMemory)[];
  /** Bytes on disk: the record (SQLite file, or PostgreSQL's tables) and the analytics projection, per stored event. */
  disk?: {
    recordBytes: number;
    projectionBytes: number;
    recordPerEvent: number;
    projectionPerEvent: number;
    detail: Record<string, number>;
    /** PostgreSQL: how many time partitions `events` has. */
    partitions?: number;
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

/** An hour and a day in milliseconds: the generated window ends on an hour and spans whole days. */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
const log = (line: string) => console.log(`  scale: ${line}`);

/** Loads the history through the real ingest API, then measures ingest, reads, memory and disk on one store. */
export async function measureScaleStore(
  paths: ScalePaths,
  settings: ScaleSettings,
  databaseUrl?: string,
): Promise<ScaleStoreResult> {
  const started = Date.now();
  const key = { events: settings.events, users: settings.users, days: settings.days, seed: settings.seed };
  const { schema, keepIn, kept, record } = await openScaleStore(settings, key, databaseUrl);
  // The window ends at the start of this hour: the same hour and seed give the same events (a kept store keeps its own).
  const endMs = kept?.endMs ?? Math.floor(started / HOUR_MS) * HOUR_MS;
  // Marked as a load under way until the history is in: a load cut short is resumed, not taken for a whole store.
  if (keepIn && !kept)
    writeStoreManifest(keepIn, { ...key, record: record.name, endMs, historyEvents: 0, liveSent: 0, historySent: 0 });
  const loaded = Boolean(kept?.loadedAt);
  let server: ApiProcessOnDataDir | undefined;
  let feed: BatchFeed | undefined;
  const store = databaseUrl ? 'postgres' : 'sqlite';
  const result: ScaleStoreResult = { store, historyEvents: 0, projection: {}, reads: [], seconds: 0 };
  try {
    const flags = JSON.parse(readFileSync(paths.flagsFile, 'utf8')) as FlagsConfig;
    const traffic = { ...key, endMs, flags, experiment: settings.experiment };
    const serverOptions = { nodeArgs: loopDelayProbeArgs(paths.resultsDir), env: readTimeoutEnv(settings) };
    if (loaded) await measureFreshEmptyStore({ ...paths, ...serverOptions, ...settings, traffic, databaseUrl }, result);
    server = await startServerProcess(paths.serverFile, paths.publicDir, schema?.url, {
      ...serverOptions,
      ipc: true,
      ...(keepIn ? { dataDir: keepIn } : {}),
    });
    const health = (await (await fetch(`${server.origin}/api/health`)).json()) as { storage?: string };
    result.storage = health.storage;
    feed = startBatchFeed(paths.workerFile, traffic, settings.batchSize, feedStart(kept, settings));
    // The generator thread builds its users first (seconds): the empty-store clock starts once bodies are ready.
    feed.putBack(await feed.take());
    if (loaded) reuseLoadFigures(keepIn!, kept!, result);
    else await loadHistory(server.origin, feed, settings, result, keepIn ? { dir: keepIn, kept } : undefined);
    const trail = startMemoryTrail(server.child.pid!, result);
    await measureFullStore(server.origin, feed, settings, result, trail, loaded ? undefined : keepIn);
    const readsWindow = { since: endMs - settings.days * DAY_MS, until: Date.now() + HOUR_MS };
    await timeReads(server, feed, settings, readsWindow, result, trail);
    Object.assign(result, processMemory(server.child.pid!));
    result.disk = await diskFigures(server.dataDir, storedEvents(result), databaseUrl, schema?.schema);
    result.seconds = Math.round((Date.now() - started) / 1000);
    return result;
  } finally {
    await feed?.close();
    await server?.stop();
    await schema?.drop();
    if (keepIn) recordAfterLoad(keepIn, result);
  }
}

/** A loaded kept store is full from the start, so ingest on an empty store is measured on a fresh temporary one. */
async function measureFreshEmptyStore(probe: EmptyStoreProbe, result: ScaleStoreResult): Promise<void> {
  log(`ingest on an empty store (a fresh temporary one, ${probe.probeEvents.toLocaleString('en-US')} events)…`);
  result.ingestStart = rateFigure(await measureEmptyStore(probe));
  result.ingestStartFrom = 'this run, a fresh temporary store';
}

/** A loaded kept store's history and load figures: those of the run that loaded it. */
function reuseLoadFigures(dir: string, kept: ScaleStoreManifest, result: ScaleStoreResult): void {
  log(`reusing the store in ${dir} (loaded ${kept.loadedAt}): no loading`);
  Object.assign(result, { reusedStoreFrom: kept.loadedAt, historyEvents: kept.historyEvents });
  Object.assign(result, kept.load ? { load: kept.load } : {});
  Object.assign(result, kept.ingestStart ? { ingestStartWhenLoaded: kept.ingestStart } : {});
}

/** Starts the server's memory trail in `result` with its first entry; the function returned adds the next ones. */
function startMemoryTrail(pid: number, result: ScaleStoreResult): (after: string) => void {
  const memoryTrail: NonNullable<ScaleStoreResult['memoryTrail']> = [];
  result.memoryTrail = memoryTrail;
  const trail = (after: string) => void memoryTrail.push({ after, ...processMemory(pid) });
  trail('start');
  return trail;
}

/**
 * Once the history is in: waits for the projection to hold it (then marks a store kept in `loadedIn` as loaded, unless
 * its load was cut short), times ingest on the full store, and waits for the projection to take in that probe.
 */
async function measureFullStore(
  origin: string,
  feed: BatchFeed,
  settings: ScaleSettings,
  result: ScaleStoreResult,
  trail: (after: string) => void,
  loadedIn?: string,
): Promise<void> {
  result.projection = await waitForProjection(origin, settings.engineStatusPath);
  trail('projection caught up');
  if (loadedIn && !result.loadCutShort)
    writeStoreManifest(loadedIn, { ...readStoreManifest(loadedIn)!, loadedAt: new Date().toISOString() });
  log('ingest on the full store…');
  result.ingestEnd = rateFigure(
    await sendFromFeed(origin, feed, {
      concurrency: settings.concurrency,
      stopBefore: (_, sent) => sent.events >= settings.probeEvents,
    }),
  );
  trail('full-store probe');
  log('waiting for the projection to take in the probe…');
  result.projectionAfterProbe = await waitForProjection(origin, settings.engineStatusPath);
  trail('projection took in the probe');
}

/** Events the store holds at the end: the history, the full-store probe's and the steady ingest's. */
function storedEvents(result: ScaleStoreResult): number {
  return result.historyEvents + (result.ingestEnd?.accepted ?? 0) + (result.background?.accepted ?? 0);
}

/**
 * The store a run uses: SQLite in a fresh folder or the kept `SCALE_DATA_DIR`; PostgreSQL in a fresh schema, or the
 * kept `SCALE_PG_SCHEMA` with its folder. Both kept stores go through the same manifest checks.
 */
async function openScaleStore(
  settings: ScaleSettings,
  key: StoreKey,
  databaseUrl?: string,
): Promise<{ schema?: ScaleSchema; keepIn?: string; kept?: ScaleStoreManifest; record: KeptRecord }> {
  if (!databaseUrl) {
    const keepIn = settings.dataDir;
    return { keepIn, kept: keepIn ? openKeptStore(keepIn, key) : undefined, record: SQLITE_RECORD };
  }
  if (!settings.pgSchema) return { schema: await benchSchema(databaseUrl), record: { name: 'postgres, fresh schema' } };
  const keepIn = settings.pgDataDir ?? join(tmpdir(), `crm-insights-scale-${settings.pgSchema}`);
  const schema = await keptSchema(databaseUrl, settings.pgSchema);
  return { schema, keepIn, kept: openKeptStore(keepIn, key, schema.record), record: schema.record };
}

/** The server's environment for the bench's read time limit (`SCALE_READ_TIMEOUT_MS`; 0 keeps the server's own). */
export function readTimeoutEnv(settings: ScaleSettings): Record<string, string> {
  return settings.readTimeoutMs ? { ANALYTICS_TIMEOUT_MS: String(settings.readTimeoutMs) } : {};
}

/** Requests that may still have been in flight when a load was cut short, in events: sent again (ids dedupe them). */
const resendMargin = (settings: ScaleSettings) => settings.concurrency * settings.batchSize * 2;

/** Where the generator starts: 0, or a little before where a load cut short had got to. */
function resumeAt(kept: ScaleStoreManifest | undefined, settings: ScaleSettings): number {
  return Math.max(0, (kept?.historySent ?? 0) - resendMargin(settings));
}

/** Where this run's traffic starts: after earlier runs' live events on a loaded store, else where the load resumes. */
function feedStart(kept: ScaleStoreManifest | undefined, settings: ScaleSettings): number {
  return kept?.loadedAt ? settings.events + kept.liveSent : resumeAt(kept, settings);
}

/**
 * The events this run sent after the history (the full-store probe and the steady ingest): on a loaded store they
 * are live traffic the next run starts after; on a store whose load was cut short they were more of the history.
 */
function recordAfterLoad(dir: string, result: ScaleStoreResult): void {
  const manifest = readStoreManifest(dir);
  const sent = (result.ingestEnd?.events ?? 0) + (result.background?.events ?? 0);
  const accepted = (result.ingestEnd?.accepted ?? 0) + (result.background?.accepted ?? 0);
  if (!manifest || !sent) return;
  if (manifest.loadedAt) writeStoreManifest(dir, { ...manifest, liveSent: manifest.liveSent + sent });
  else
    writeStoreManifest(dir, {
      ...manifest,
      historySent: (manifest.historySent ?? 0) + sent,
      historyEvents: manifest.historyEvents + accepted,
    });
}

/**
 * Sends the history: the first `probeEvents` timed alone (ingest on an empty store), then the rest with progress.
 * With a kept store the manifest follows the progress, so a load cut short (or time-boxed by `SCALE_LOAD_SECONDS`)
 * is resumed by the next run; a resumed load keeps the empty-store figure of the run that started it.
 */
async function loadHistory(
  origin: string,
  feed: BatchFeed,
  settings: ScaleSettings,
  result: ScaleStoreResult,
  keep?: { dir: string; kept?: ScaleStoreManifest },
): Promise<void> {
  const from = resumeAt(keep?.kept, settings);
  log(
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
      log(`${(before.sent + sent).toLocaleString('en-US')} of ${settings.events.toLocaleString('en-US')} events sent`);
    },
  });
  progress();
  result.load = rateFigure(first ? combine(first, rest) : rest);
  result.historyEvents = before.accepted + accepted;
  if (Date.now() > deadline) {
    result.loadCutShort = `SCALE_LOAD_SECONDS: loading stopped after ${settings.loadSeconds} s at ${result.historyEvents.toLocaleString('en-US')} events; the next run on the same kept store resumes it`;
    log(result.loadCutShort);
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

/**
 * Waits until the analytics engine's projection has every stored event (its status route), or says why it could not;
 * with `rollups`, also until the rollups have folded them in (the overview reads the rollups).
 */
export async function waitForProjection(
  origin: string,
  path: string,
  { rollups = false }: { rollups?: boolean } = {},
): Promise<ProjectionWait> {
  const started = Date.now();
  for (;;) {
    const response = await fetch(origin + path, { headers: { Authorization: `Bearer ${READ_KEY}` } }).catch(
      () => undefined,
    );
    if (!response?.ok)
      return {
        skipped: `no engine status (${response ? `HTTP ${response.status}` : 'no answer'} from ${path}): reads were timed without waiting`,
      };
    const status = (await response.json()) as {
      lagEvents?: number;
      lagMs?: number;
      watermark?: number;
      rollupWatermark?: number;
    };
    const folded = !rollups || status.rollupWatermark === undefined || status.rollupWatermark >= status.watermark!;
    if (folded && (status.lagEvents === 0 || (status.lagEvents === undefined && status.lagMs === 0)))
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
  server: ApiProcessOnDataDir,
  feed: BatchFeed,
  settings: ScaleSettings,
  window: { since: number; until: number },
  result: ScaleStoreResult,
  trail: (after: string) => void,
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
      trail(read.id);
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
  const postgres = databaseUrl && schema ? await postgresSchemaBytes(databaseUrl, schema) : undefined;
  const record = postgres ? postgres.total : files.record;
  const perEvent = (bytes: number) => (storedEvents ? bytes / storedEvents : 0);
  return {
    ...(postgres ? { partitions: postgres.partitions } : {}),
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
    ...(env.SCALE_DATA_DIR ? { dataDir: resolve(env.SCALE_DATA_DIR) } : {}),
    ...(env.SCALE_PG_SCHEMA ? { pgSchema: env.SCALE_PG_SCHEMA } : {}),
    ...(env.SCALE_PG_DATA_DIR ? { pgDataDir: resolve(env.SCALE_PG_DATA_DIR) } : {}),
    ...(env.SCALE_LOAD_SECONDS ? { loadSeconds: numberFromEnv('SCALE_LOAD_SECONDS', 0) } : {}),
  };
}

/** Where the bench finds the built pieces. */
export function scalePaths(root: string, resultsDir: string): ScalePaths {
  return {
    serverFile: join(root, 'dist/server/main.js'),
    publicDir: join(root, 'dist/public'),
    workerFile: join(resultsDir, 'scale-worker.mjs'),
    resultsDir,
    flagsFile: join(root, 'server/flags.example.json'),
  };
}
