import { decodedMappings, TraceMap } from '@jridgewell/trace-mapping';
import { parentPort } from 'node:worker_threads';
import { createByteBoundedLru } from './byte-bounded-lru.ts';
import { resolveFrames } from './resolve-frames.ts';
import { PARSED_MAPS_MB } from './source-map-protocol.ts';
import type { FramesToResolve, ResolveRequest, SourceMapMessage, SourceMapRequest } from './source-map-protocol.ts';

/**
 * Heap a decoded mapping segment takes beyond the map's text: an array of 4 or 5 numbers in an array per line,
 * measured at 84-93 bytes on Node 20 (a 1.8 MB esbuild map takes 15 MB once decoded).
 */
const BYTES_PER_SEGMENT = 96;
/** What remembering that a file has no map costs. */
const NO_MAP_BYTES = 256;

/**
 * The source map thread: parses maps and resolves frames with them, so that decoding a map's mappings (tens to
 * hundreds of milliseconds for a bundler's chunk map) never holds the API's event loop. It keeps parsed maps,
 * least recently used dropped first, within `PARSED_MAPS_MB` by their estimated heap size.
 */
const port = parentPort!;
const maps = createByteBoundedLru<TraceMap | null>(PARSED_MAPS_MB * 1024 * 1024);

port.on('message', (request: SourceMapRequest) => {
  if (request.kind === 'forget') return maps.deleteStartingWith(request.prefix);
  // Its caller has stopped waiting: work for it would only delay the requests queued behind it.
  if (Date.now() >= request.deadline) return;
  const known = knownMaps(request);
  if (!known) return;
  const missing = [...new Set(request.errors.flatMap((error) => [...error.mapKeys.values()]))].filter(
    (key) => !known.has(key),
  );
  if (missing.length && !request.final) return port.postMessage({ id: request.id, missing } satisfies SourceMapMessage);
  port.postMessage({
    id: request.id,
    resolved: request.errors.map((error) => resolveError(error, known)),
  } satisfies SourceMapMessage);
});
port.postMessage({ ready: true } satisfies SourceMapMessage);

/**
 * The maps `request` needs that are kept, taken before those it brings are parsed and kept: keeping these may
 * drop older ones, which must still serve this request (as must a map alone too large to keep). Undefined when its
 * deadline passes while they are parsed.
 */
function knownMaps(request: ResolveRequest): Map<string, TraceMap | null> | undefined {
  const known = new Map<string, TraceMap | null>();
  for (const error of request.errors)
    for (const key of error.mapKeys.values()) {
      const map = maps.get(key);
      if (map !== undefined) known.set(key, map);
    }
  for (const [key, text] of request.maps) {
    if (Date.now() >= request.deadline) return undefined;
    known.set(key, keep(key, text));
  }
  return known;
}

/** Parses `text` and keeps it; a map that does not parse is kept as none, so its frames stay as sent. */
function keep(key: string, text: string | null): TraceMap | null {
  try {
    if (!text) throw new Error('no map');
    const map = new TraceMap(text);
    // Decoded now, as its first lookup would, so that its size is known when it is kept.
    let segments = 0;
    for (const line of decodedMappings(map)) segments += line.length;
    maps.set(key, map, text.length + segments * BYTES_PER_SEGMENT);
    return map;
  } catch {
    maps.set(key, null, NO_MAP_BYTES);
    return null;
  }
}

/**
 * The error's frames resolved, or null when none resolved or a map it needs is not known (past the batch's budget,
 * or dropped by another batch since): an error is resolved whole or not at all, so no stored stack is half read.
 */
function resolveError({ frames, mapKeys }: FramesToResolve, known: Map<string, TraceMap | null>) {
  if ([...mapKeys.values()].some((key) => !known.has(key))) return null;
  const resolved = resolveFrames(frames, (file) => {
    const key = mapKeys.get(file);
    return key === undefined ? undefined : (known.get(key) ?? undefined);
  });
  return resolved.some((frame, index) => frame !== frames[index]) ? resolved : null;
}
