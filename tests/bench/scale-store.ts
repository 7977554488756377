import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RateFigure } from './scale-summary.ts';

/** What a kept scale store (`SCALE_DATA_DIR`) holds, written beside it once its history is loaded. */
export interface ScaleStoreManifest {
  /** The generator's settings: a store is reused only for the same ones. */
  events: number;
  users: number;
  days: number;
  seed: number;
  /** The end of the generated window (the same seed and end give the same events). */
  endMs: number;
  /** History events the server accepted. */
  historyEvents: number;
  /** Live events sent by every run on this store so far: the next run's live traffic starts after them. */
  liveSent: number;
  /** While the history is loading: how far into it the generator's events were answered (a resumed load goes on from there). */
  historySent?: number;
  /** When the history was fully loaded and projected; none while a load is under way (or was cut short). */
  loadedAt?: string;
  /** The loading run's figures, reported again by the runs that reuse the store. */
  load?: RateFigure;
  ingestStart?: RateFigure;
}

/** The generator settings a kept store must match to be reused. */
export type StoreKey = Pick<ScaleStoreManifest, 'events' | 'users' | 'days' | 'seed'>;

const MANIFEST = 'scale-store.json';

/**
 * Opens `dir` as a kept store: its manifest when it was made with `key` (loaded, or a load cut short that the run
 * resumes), nothing for an empty or missing folder. A folder holding anything else is refused, never emptied: a
 * store of other settings may have taken hours to load.
 */
export function openKeptStore(dir: string, key: StoreKey): ScaleStoreManifest | undefined {
  mkdirSync(dir, { recursive: true });
  if (!readdirSync(dir).length) return undefined;
  const manifest = readStoreManifest(dir);
  if (!manifest)
    throw new Error(
      `SCALE_DATA_DIR ${dir} holds files but no ${MANIFEST}: give an empty or missing folder, or one this bench filled`,
    );
  const differs = (Object.keys(key) as (keyof StoreKey)[]).filter((name) => manifest[name] !== key[name]);
  if (differs.length)
    throw new Error(
      `SCALE_DATA_DIR ${dir} holds a store made with other settings (${differs.map((name) => `${name} ${manifest[name]}, not ${key[name]}`).join('; ')}): use another folder, or delete this one`,
    );
  return manifest;
}

/** The manifest of the kept store in `dir`, if it has one. */
export function readStoreManifest(dir: string): ScaleStoreManifest | undefined {
  const file = join(dir, MANIFEST);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ScaleStoreManifest) : undefined;
}

/** Writes (or rewrites) the manifest of the kept store in `dir`. */
export function writeStoreManifest(dir: string, manifest: ScaleStoreManifest): void {
  writeFileSync(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}
