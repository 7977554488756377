import { readFileSync } from 'node:fs';
import type { FlagsConfig } from '../../shared/flags/types.ts';
import type { ApiProcessOnDataDir } from '../support/api-process.ts';
import { measureEmptyStore } from './scale-empty.ts';
import type { EmptyStoreProbe } from './scale-empty.ts';
import { startBatchFeed } from './scale-feed.ts';
import type { BatchFeed } from './scale-feed.ts';
import { measureFullStore } from './scale-full-store.ts';
import { loadHistory } from './scale-load-history.ts';
import { logScale } from './scale-log.ts';
import { openScaleStore } from './scale-open-store.ts';
import { dataDirBytes, loopDelayProbeArgs, postgresSchemaBytes, processMemory } from './scale-process.ts';
import { feedStart, recordAfterLoad } from './scale-resume.ts';
import { DAY_MS, HOUR_MS, readTimeoutEnv } from './scale-settings.ts';
import type { ScalePaths, ScaleSettings } from './scale-settings.ts';
import { writeStoreManifest } from './scale-store.ts';
import type { ScaleStoreManifest } from './scale-store.ts';
import type { ScaleStoreResult } from './scale-store-result.ts';
import { rateFigure } from './scale-summary.ts';
import { timeReads } from './scale-time-reads.ts';
import { startServerProcess } from './server-process.ts';

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
  logScale(`ingest on an empty store (a fresh temporary one, ${probe.probeEvents.toLocaleString('en-US')} events)…`);
  result.ingestStart = rateFigure(await measureEmptyStore(probe));
  result.ingestStartFrom = 'this run, a fresh temporary store';
}

/** A loaded kept store's history and load figures: those of the run that loaded it. */
function reuseLoadFigures(dir: string, kept: ScaleStoreManifest, result: ScaleStoreResult): void {
  logScale(`reusing the store in ${dir} (loaded ${kept.loadedAt}): no loading`);
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

/** Events the store holds at the end: the history, the full-store probe's and the steady ingest's. */
function storedEvents(result: ScaleStoreResult): number {
  return result.historyEvents + (result.ingestEnd?.accepted ?? 0) + (result.background?.accepted ?? 0);
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
