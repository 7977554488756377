import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServerProcess } from './ingest.ts';
import type { ServerProcess } from './ingest.ts';
import { startHistoryFeed, waitForProjection } from './scale.ts';
import type { ScalePaths, ScaleSettings } from './scale.ts';
import { sendFromFeed } from './scale-send.ts';

/** What the store the dashboard is timed on holds, and where it came from. */
export interface DashboardStore {
  dataDir: string;
  /** `scale bench`: a folder `SCALE_DATA_DIR` named and something already filled; `seeded`: loaded by this part now; `reused`: loaded by an earlier run of it. */
  source: 'scale bench' | 'seeded' | 'reused';
  /** Events in the history (what the marker file says; unknown for a folder the scale bench filled). */
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
 * The folder the dashboard is timed on: `SCALE_DATA_DIR` as the scale bench left it when it holds a store, else a
 * folder (that one, or one under the results) seeded once with the scale bench's own generator and kept.
 */
export async function prepareDashboardStore(
  paths: ScalePaths,
  settings: ScaleSettings,
  env: NodeJS.ProcessEnv,
): Promise<DashboardStore> {
  const named = env.SCALE_DATA_DIR;
  const dataDir = named ?? join(paths.resultsDir, `dashboard-store-${settings.events}`);
  const marker = readMarker(dataDir);
  if (marker?.events === settings.events && marker.seed === settings.seed)
    return { dataDir, ...marker, source: 'reused' };
  if (named && existsSync(named) && readdirSync(named).length > 0)
    return { dataDir, source: 'scale bench', endMs: marker?.endMs ?? Math.floor(Date.now() / HOUR_MS) * HOUR_MS };
  // Only a folder this part made (or an empty one) is cleared and loaded.
  if (!named) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  return seedStore(paths, settings, dataDir);
}

function readMarker(dataDir: string): { events: number; seed: number; endMs: number } | undefined {
  const file = join(dataDir, MARKER);
  return existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { events: number; seed: number; endMs: number })
    : undefined;
}

/** Loads the scale bench's history through the real ingest API into `dataDir` and waits for the projection. */
async function seedStore(paths: ScalePaths, settings: ScaleSettings, dataDir: string): Promise<DashboardStore> {
  const started = Date.now();
  const endMs = Math.floor(started / HOUR_MS) * HOUR_MS;
  log(`seeding ${settings.events.toLocaleString('en-US')} events into ${dataDir}…`);
  let server: ServerProcess | undefined;
  const feed = startHistoryFeed(paths, settings, endMs);
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
