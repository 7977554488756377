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
  /**
   * Where the record is: `sqlite` (the folder's `insights.sqlite`; also what a manifest without this field means) or
   * `postgres schema <name>` (`SCALE_PG_SCHEMA`; the folder then holds the projection and the manifest).
   */
  record?: string;
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

/** Where a kept store's record lives, beside its folder: SQLite's file in the folder, or a PostgreSQL schema. */
export interface KeptRecord {
  /** The manifest's `record` value for this store (`sqlite`, `postgres schema <name>`). */
  name: string;
  /** A PostgreSQL schema that already holds tables: not empty even when the folder is. */
  holdsTables?: boolean;
}

/** The record of a SQLite kept store: its file lives in the folder itself. */
export const SQLITE_RECORD: KeptRecord = { name: 'sqlite' };

/**
 * Opens `dir` as a kept store: its manifest when it was made with `key` and on `record` (loaded, or a load cut short
 * that the run resumes), nothing for an empty or missing folder with an empty record. Anything else (files or tables
 * without a manifest, a store of other settings) is refused, never emptied: it may have taken hours to load.
 */
export function openKeptStore(
  dir: string,
  key: StoreKey,
  record: KeptRecord = SQLITE_RECORD,
): ScaleStoreManifest | undefined {
  mkdirSync(dir, { recursive: true });
  const files = readdirSync(dir).length > 0;
  if (!files && !record.holdsTables) return undefined;
  const manifest = readStoreManifest(dir);
  if (!manifest)
    throw new Error(
      files
        ? `${dir} holds files but no ${MANIFEST}: give an empty or missing folder, or one this bench filled`
        : `${record.name} holds tables but ${dir} has no ${MANIFEST}: give another schema, or the folder of the run that filled it`,
    );
  const wanted: Record<string, unknown> = { ...key, record: record.name };
  const made: Record<string, unknown> = { ...manifest, record: manifest.record ?? SQLITE_RECORD.name };
  const differs = Object.keys(wanted).filter((name) => made[name] !== wanted[name]);
  if (differs.length)
    throw new Error(
      `${dir} holds a store made with other settings (${differs.map((name) => `${name} ${made[name]}, not ${wanted[name]}`).join('; ')}): use another folder, or delete this one`,
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
