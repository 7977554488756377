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
 * Resolves `errors` on `thread`: at once when it holds their maps, else after reading the missing ones with
 * `read`, error by error, until the batch's budget is spent. An error that needs a map past the budget is left
 * as sent (null), whole, so that no stored stack is half resolved; a later batch reads its maps.
 */
export async function resolveWithinBudget(
  thread: SourceMapThread,
  errors: FramesToResolve[],
  read: (key: string) => Promise<string | undefined>,
): Promise<(ResolvedFrame[] | null)[]> {
  const first = await thread.resolve({ errors, maps: new Map(), final: false });
  if ('resolved' in first) return first.resolved;
  const maps = await readWithinBudget(errors, new Set(first.missing), read);
  const final = await thread.resolve({ errors, maps, final: true });
  return 'resolved' in final ? final.resolved : errors.map(() => null);
}

/** The missing maps (null: none), read in the errors' order while the budget lasts. */
async function readWithinBudget(
  errors: FramesToResolve[],
  missing: Set<string>,
  read: (key: string) => Promise<string | undefined>,
): Promise<Map<string, string | null>> {
  const maps = new Map<string, string | null>();
  let spent = 0;
  for (const error of errors)
    for (const key of error.mapKeys.values()) {
      if (spent >= NEW_MAP_CHARACTERS_PER_BATCH) return maps;
      if (!missing.has(key) || maps.has(key)) continue;
      // One read per turn of the event loop: a SQLite read is synchronous, a few milliseconds for a 2 MB map.
      await setImmediate();
      const text = await read(key).catch(() => undefined);
      maps.set(key, text ?? null);
      spent += LOOKUP_CHARACTERS + (text?.length ?? 0);
    }
  return maps;
}
