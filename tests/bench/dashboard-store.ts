import type { FlagsConfig } from '../../shared/flags/types.ts';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiProcessOnDataDir } from '../support/api-process.ts';
import { startBatchFeed } from './scale-feed.ts';
import type { ScalePaths, ScaleSettings } from './scale-settings.ts';
import { sendFromFeed } from './scale-send.ts';
import { readStoreManifest } from './scale-store.ts';
import { startServerProcess } from './server-process.ts';
import { waitForProjection } from './wait-for-projection.ts';

/** What the store the dashboard is timed on holds, and where it came from. */
export interface DashboardStore {
  dataDir: string;
  /** `scale bench`: the scale bench's kept store (`SCALE_DATA_DIR`); `seeded`: loaded by this part now; `reused`: by an earlier run of it. */
  source: 'scale bench' | 'seeded' | 'reused';
  /** Events in the history, as the seeding (or the scale bench's manifest) counted them. */
  events?: number;
  /** The history's window ends here (epoch ms): the pages are asked about the days before it. */
  endMs: number;
  seedSeconds?: number;
}

/** Written into a folder this part seeded, so a later run knows what it holds and reuses it. */
const MARKER = 'dashboard-bench.json';
const HOUR_MS = 3_600_000;
const log = (line: string) => console.log(`  dashboard: ${line}`);

/** The history's size here: `SCALE_EVENTS` when set, else 100,000 events (a quick run); users scale with it. */
export function dashboardStoreSettings(scale: ScaleSettings, env: NodeJS.ProcessEnv): ScaleSettings {
  const events = Number(env.SCALE_EVENTS) > 0 ? scale.events : 100_000;
  const users = Number(env.SCALE_USERS) > 0 ? scale.users : Math.min(scale.users, Math.max(1000, events / 10));
  return { ...scale, events, users };
}

/**
 * The folder the dashboard is timed on: `SCALE_DATA_DIR` as the scale bench left it when it holds a store (its
 * `scale-store.json` manifest), else a folder under the results seeded once with the scale bench's own generator
 * and kept for the next run.
 */
export async function prepareDashboardStore(
  paths: ScalePaths,
  settings: ScaleSettings,
  env: NodeJS.ProcessEnv,
): Promise<DashboardStore> {
  const scaleDir = env.SCALE_DATA_DIR;
  const manifest = scaleDir ? readStoreManifest(scaleDir) : undefined;
  if (scaleDir && manifest?.endMs)
    return { dataDir: scaleDir, source: 'scale bench', endMs: manifest.endMs, events: manifest.historyEvents };
  const dataDir = join(paths.resultsDir, `dashboard-store-${settings.events}`);
  const marker = readJson<{ events: number; seed: number; endMs: number }>(join(dataDir, MARKER));
  if (marker?.events === settings.events && marker.seed === settings.seed)
    return { dataDir, ...marker, source: 'reused' };
  // A folder without a finished seed's marker is this part's own leftover: cleared and loaded again.
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  return seedStore(paths, settings, dataDir);
}

function readJson<T>(file: string): T | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}

/** Loads the scale bench's history through the real ingest API into `dataDir` and waits for the projection. */
async function seedStore(paths: ScalePaths, settings: ScaleSettings, dataDir: string): Promise<DashboardStore> {
  const started = Date.now();
  const endMs = Math.floor(started / HOUR_MS) * HOUR_MS;
  log(`seeding ${settings.events.toLocaleString('en-US')} events into ${dataDir}…`);
  let server: ApiProcessOnDataDir | undefined;
  // Built here rather than shared with scale.ts: the scale bench's own feed also resumes a kept store.
  const feed = startBatchFeed(
    paths.workerFile,
    {
      seed: settings.seed,
      users: settings.users,
      days: settings.days,
      endMs,
      events: settings.events,
      flags: JSON.parse(readFileSync(paths.flagsFile, 'utf8')) as FlagsConfig,
      experiment: settings.experiment,
    },
    settings.batchSize,
  );
  try {
    server = await startServerProcess(paths.serverFile, paths.publicDir, undefined, { dataDir });
    const sent = await sendFromFeed(server.origin, feed, {
      concurrency: settings.concurrency,
      stopBefore: (next) => next.live,
    });
    if (sent.failures) throw new Error(`${sent.failures} batches refused: ${Object.keys(sent.failureReasons)[0]}`);
    const projection = await waitForProjection(server.origin, settings.engineStatusPath);
    if (projection.skipped) throw new Error(projection.skipped);
    writeFileSync(join(dataDir, MARKER), JSON.stringify({ events: settings.events, seed: settings.seed, endMs }));
    const seedSeconds = Math.round((Date.now() - started) / 1000);
    log(`seeded ${sent.accepted.toLocaleString('en-US')} events in ${seedSeconds} s`);
    return { dataDir, source: 'seeded', events: settings.events, endMs, seedSeconds };
  } finally {
    await feed.close();
    await server?.stop();
  }
}
