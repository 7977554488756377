import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isEventOf } from '../../../shared/events.ts';
import type { ErrorProps } from '../../../shared/events.ts';
import { fingerprint } from '../../../shared/fingerprint.ts';
import type { StoredEvent } from '../storage/types.ts';
import type { ResolvedFrame } from './resolve-frames.ts';
import { resolveWithinBudget } from './resolve-within-budget.ts';
import { SOURCE_MAP_MAX_BYTES } from './source-map-problem.ts';
import type { FramesToResolve } from './source-map-protocol.ts';
import type { SourceMapRepository } from './source-map-repository.ts';
import { sharedSourceMapThread } from './source-map-thread.ts';
import type { SourceMapThread } from './source-map-thread.ts';

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
 * widget's own published maps in `publicDir`, so the widget's frames read as source too. Maps are parsed and
 * frames resolved on `thread`, off the event loop; its keys are prefixed per symbolicator, as the thread is shared.
 */
export function createSymbolicator(
  repository: SourceMapRepository,
  publicDir?: string,
  now: () => number = Date.now,
  thread: SourceMapThread = sharedSourceMapThread(),
): Symbolicator {
  const namespace = `${++lastSymbolicator}\0`;
  let releases: { set: Set<string>; at: number } | undefined;

  const knownReleases = async () => {
    if (!releases || now() - releases.at > RELEASES_TTL_MS)
      releases = { set: new Set(await repository.releases()), at: now() };
    return releases.set;
  };
  const read = (key: string) => readMap(key.slice(namespace.length), repository, publicDir);

  return {
    async symbolicate(events) {
      const errors = events.filter((event) => isEventOf(event, 'error'));
      if (!errors.length) return;
      const withMaps = await knownReleases();
      const work = errors
        .map((event) => ({ props: event.props, mapKeys: mapKeysOf(event, withMaps, publicDir, namespace) }))
        .filter(({ mapKeys }) => mapKeys.size);
      if (!work.length) return;
      const toResolve: FramesToResolve[] = work.map(({ props, mapKeys }) => ({ frames: props.frames, mapKeys }));
      const resolved = await resolveWithinBudget(thread, toResolve, read).catch((error: unknown) => {
        // Without the thread (it failed to start or stopped), errors are stored as the browser sent them.
        console.error('[crm-insights] source maps not applied', error);
        return work.map(() => null);
      });
      for (const [index, { props }] of work.entries()) {
        const frames = resolved[index];
        if (frames) rewrite(props, frames);
      }
    },
    forget(release) {
      releases = undefined;
      thread.forget(`${namespace}release\0${release}\0`);
    },
  };
}

let lastSymbolicator = 0;

/** For each frame file of `event` that may have a map, the map's key (after `namespace`). */
function mapKeysOf(
  event: StoredEvent & { props: ErrorProps },
  withMaps: Set<string>,
  publicDir: string | undefined,
  namespace: string,
): Map<string, string> {
  const release = releaseOf(event);
  const keys = new Map<string, string>();
  for (const frame of event.props.frames) {
    const key = frame.file && keyFor(frame.file, release, withMaps, publicDir);
    if (key) keys.set(frame.file!, namespace + key);
  }
  return keys;
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
  // A map over the limit uploaded before it was enforced is not read: it could stop the source map thread.
  return repository.get(first!, second!, SOURCE_MAP_MAX_BYTES);
}

function pathOf(file: string): string {
  try {
    return new URL(file).pathname;
  } catch {
    return file.replace(/[?#].*$/, '');
  }
}

/** Keeps the resolved frames, and recomputes the fingerprint from them unless the caller chose a custom one. */
function rewrite(props: ErrorProps, resolved: ResolvedFrame[]): void {
  const message = props.route ? `${props.message} ${props.route}` : props.message;
  const computed = fingerprint({ type: props.type, message, frames: props.frames }) === props.fingerprint;
  props.frames = resolved;
  if (computed) props.fingerprint = fingerprint({ type: props.type, message, frames: resolved });
}
