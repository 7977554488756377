import { setImmediate } from 'node:timers/promises';
import type { ResolvedFrame } from './resolve-frames.ts';
import type { FramesToResolve } from './source-map-protocol.ts';
import type { SourceMapThread } from './source-map-thread.ts';

/**
 * Map text one batch may have read and parsed beyond the maps already kept: a batch naming hundreds of files with
 * maps costs the source map thread about half a second, not tens of seconds (docs/source-maps.md, "Costs").
 */
const NEW_MAP_CHARACTERS_PER_BATCH = 16 * 1024 * 1024;
/** What looking up one file counts against that budget beside its map's text, so that misses are bounded too. */
const LOOKUP_CHARACTERS = 64 * 1024;
/**
 * How long a batch's errors may wait for their frames before they are stored as sent: three to eight batches' worth
 * of the thread's work (a batch that reads its whole budget takes it 0.25-0.7 s), and far under the widget's 10 s
 * request timeout, so that a queue of hostile batches or a stalled thread never holds an error request for long.
 */
export const RESOLVE_DEADLINE_MS = 2_000;
/**
 * Batches the process resolves at once; more are stored as sent at once. Each holds about its budget of map text
 * while it is read and sent (8 hold some 128 MiB), and a batch whose maps are kept takes milliseconds, so only
 * floods of batches that need new maps meet the bound.
 */
export const RESOLVING_BATCHES = 8;

/** Batches being resolved in this process, which shares one source map thread. */
let resolving = 0;

/**
 * Resolves `errors` on `thread`: at once when it holds their maps, else after reading the missing ones with
 * `read`, error by error, until the batch's budget is spent. An error that needs a map past the budget is left
 * as sent (null), whole, so that no stored stack is half resolved; a later batch reads its maps. The whole batch is
 * left as sent when `RESOLVING_BATCHES` others are being resolved, or when `RESOLVE_DEADLINE_MS` passes first.
 */
export async function resolveWithinBudget(
  thread: SourceMapThread,
  errors: FramesToResolve[],
  read: (key: string) => Promise<string | undefined>,
): Promise<(ResolvedFrame[] | null)[]> {
  const asSent = errors.map(() => null);
  if (resolving >= RESOLVING_BATCHES) return asSent;
  resolving++;
  try {
    // The real clock, not the app's: the worker thread compares the deadline with it too.
    const deadline = Date.now() + RESOLVE_DEADLINE_MS;
    const first = await thread.resolve({ errors, maps: new Map(), final: false, deadline });
    if (!first) return asSent;
    if ('resolved' in first) return first.resolved;
    const maps = await readWithinBudget(errors, new Set(first.missing), read, deadline);
    if (Date.now() >= deadline) return asSent;
    const final = await thread.resolve({ errors, maps, final: true, deadline });
    return final && 'resolved' in final ? final.resolved : asSent;
  } finally {
    resolving--;
  }
}

/** The missing maps (null: none), read in the errors' order while the budget and the time last. */
async function readWithinBudget(
  errors: FramesToResolve[],
  missing: Set<string>,
  read: (key: string) => Promise<string | undefined>,
  deadline: number,
): Promise<Map<string, string | null>> {
  const maps = new Map<string, string | null>();
  let spent = 0;
  for (const error of errors)
    for (const key of error.mapKeys.values()) {
      if (spent >= NEW_MAP_CHARACTERS_PER_BATCH || Date.now() >= deadline) return maps;
      if (!missing.has(key) || maps.has(key)) continue;
      // One read per turn of the event loop: a SQLite read is synchronous, a few milliseconds for a 2 MB map.
      await setImmediate();
      const text = await read(key).catch(() => undefined);
      maps.set(key, text ?? null);
      spent += LOOKUP_CHARACTERS + (text?.length ?? 0);
    }
  return maps;
}
