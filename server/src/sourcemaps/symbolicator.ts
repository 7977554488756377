import { TraceMap } from '@jridgewell/trace-mapping';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isEventOf } from '../../../shared/events.ts';
import type { ErrorProps, StackFrame } from '../../../shared/events.ts';
import { fingerprint } from '../../../shared/fingerprint.ts';
import type { StoredEvent } from '../storage/types.ts';
import { resolveFrames } from './resolve-frames.ts';
import type { SourceMapRepository } from './source-map-repository.ts';

/** Parsed maps kept in memory: parsing a large map takes tens of milliseconds, looking one up microseconds. */
const CACHED_MAPS = 32;
/** How long the list of releases with maps is trusted before it is read again (an upload clears it at once). */
const RELEASES_TTL_MS = 30_000;
/** The widget's own files as this server serves them: `/insights.js` and its chunks. */
const WIDGET_FILE = /^\/insights(?:\.js|\/(?:[0-9a-f]{12}\/)?[a-z-]+\.js)$/;

/** Resolves error events' frames with uploaded source maps before they are stored. */
export interface Symbolicator {
  /** Rewrites, in place, the frames and fingerprint of each error event whose files have maps. */
  symbolicate(events: StoredEvent[]): Promise<void>;
  /** Called after an upload, so new maps apply to the next error at once. */
  forget(release: string): void;
}

/**
 * A symbolicator over the uploaded maps (by the event's `context.release` and the frame file's name) and the
 * widget's own published maps in `publicDir`, so the widget's frames read as source too.
 */
export function createSymbolicator(
  repository: SourceMapRepository,
  publicDir?: string,
  now: () => number = Date.now,
): Symbolicator {
  const maps = new Map<string, TraceMap | null>();
  let releases: { set: Set<string>; at: number } | undefined;

  const knownReleases = async () => {
    if (!releases || now() - releases.at > RELEASES_TTL_MS)
      releases = { set: new Set(await repository.releases()), at: now() };
    return releases.set;
  };
  const load = async (key: string, read: () => Promise<string | undefined>) => {
    if (maps.has(key)) return;
    const text = await read().catch(() => undefined);
    let map: TraceMap | null = null;
    try {
      map = text ? new TraceMap(text) : null;
    } catch {
      // An unreadable upload resolves nothing; the frames stay as the browser sent them.
    }
    if (maps.size >= CACHED_MAPS) maps.delete(maps.keys().next().value!);
    maps.set(key, map);
  };

  return {
    async symbolicate(events) {
      const errors = events.filter((event) => isEventOf(event, 'error'));
      if (!errors.length) return;
      const withMaps = await knownReleases();
      for (const event of errors) {
        const release = releaseOf(event);
        const { props } = event;
        const keys = new Map<string, string>();
        for (const frame of props.frames) {
          const key = frame.file && keyFor(frame.file, release, withMaps, publicDir);
          if (key) keys.set(frame.file!, key);
        }
        if (!keys.size) continue;
        for (const key of new Set(keys.values())) await load(key, () => readMap(key, repository, publicDir));
        rewrite(
          props,
          resolveFrames(props.frames, (file) => maps.get(keys.get(file) ?? '') ?? undefined),
        );
      }
    },
    forget(release) {
      releases = undefined;
      for (const key of maps.keys()) if (key.startsWith(`release\0${release}\0`)) maps.delete(key);
    },
  };
}

function releaseOf(event: StoredEvent): string | undefined {
  const release = (event.context as { release?: unknown } | undefined)?.release;
  return typeof release === 'string' ? release : undefined;
}

/** Where a frame's map would be: an upload for this release, or the widget's own map beside its file. */
function keyFor(
  file: string,
  release: string | undefined,
  withMaps: Set<string>,
  publicDir: string | undefined,
): string | undefined {
  const path = pathOf(file);
  if (publicDir && WIDGET_FILE.test(path)) return `widget\0${path}`;
  if (release && withMaps.has(release)) return `release\0${release}\0${path.slice(path.lastIndexOf('/') + 1)}`;
  return undefined;
}

function readMap(
  key: string,
  repository: SourceMapRepository,
  publicDir: string | undefined,
): Promise<string | undefined> {
  const [kind, first, second] = key.split('\0');
  if (kind === 'widget') return readFile(join(publicDir!, `${first!}.map`), 'utf8');
  return repository.get(first!, second!);
}

function pathOf(file: string): string {
  try {
    return new URL(file).pathname;
  } catch {
    return file.replace(/[?#].*$/, '');
  }
}

/** Keeps the resolved frames, and recomputes the fingerprint from them unless the caller chose a custom one. */
function rewrite(props: ErrorProps, resolved: StackFrame[]): void {
  if (resolved.every((frame, index) => frame === props.frames[index])) return;
  const message = props.route ? `${props.message} ${props.route}` : props.message;
  const computed = fingerprint({ type: props.type, message, frames: props.frames }) === props.fingerprint;
  props.frames = resolved;
  if (computed) props.fingerprint = fingerprint({ type: props.type, message, frames: resolved });
}
