import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
 * Opens `dir` as a kept store: its manifest when it holds a fully loaded history made with `key`; otherwise the
 * folder is emptied for a new load (only when it is empty or a store this bench made, never someone else's files).
 */
export function openKeptStore(dir: string, key: StoreKey): ScaleStoreManifest | undefined {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, MANIFEST);
  const names = readdirSync(dir);
  if (!names.length) return undefined;
  if (!existsSync(file))
    throw new Error(
      `SCALE_DATA_DIR ${dir} holds files but no ${MANIFEST}: give an empty or missing folder, or one this bench filled`,
    );
  const manifest = readStoreManifest(dir)!;
  const matches = (Object.keys(key) as (keyof StoreKey)[]).every((name) => manifest[name] === key[name]);
  if (matches && manifest.loadedAt) return manifest;
  for (const name of names) rmSync(join(dir, name), { recursive: true, force: true });
  return undefined;
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
