/**
 * Every on-demand chunk by name, with the module it is: the one place where a chunk's name and its type are tied
 * (`widget/src/chunks/<name>.ts` builds `insights/<name>.js`; chunk-map.test.ts checks the two lists agree).
 * Type-only, so the core carries none of it.
 */
export interface ChunkMap {
  vitals: typeof import('./chunks/vitals.ts');
  errors: typeof import('./chunks/errors.ts');
  flags: typeof import('./chunks/flags.ts');
  'feedback-api': typeof import('./chunks/feedback-api.ts');
  feedback: typeof import('./chunks/feedback.ts');
  replay: typeof import('./chunks/replay.ts');
  bridge: typeof import('./chunks/bridge.ts');
  plan: typeof import('./chunks/plan.ts');
  'override-token': typeof import('./chunks/override-token.ts');
  send: typeof import('./chunks/send.ts');
}
/** The name of an on-demand chunk. */
export type ChunkName = keyof ChunkMap;

/** Imports a chunk's URL; the default is a dynamic `import()`, which a strict CSP allows for the widget's origin. */
type Importer = (url: string) => Promise<unknown>;

const loaded = new Map<string, Promise<unknown>>();

/** Where chunks are loaded from; set by the script-tag boot, or by npm users who host the chunks themselves. */
let chunkBase: string | undefined;

/** Sets the folder chunks load from (the script tag passes its own URL's `insights/` sibling). */
export function setChunkBase(url: string): void {
  chunkBase = url.endsWith('/') ? url : `${url}/`;
}

/**
 * Imports chunk `name` (`insights/<name>.js`, an ES module built beside `insights.js`) from the chunk base, once;
 * a failed load is forgotten, so the next call tries again.
 */
export function loadChunk<N extends ChunkName>(
  name: N,
  importer: Importer = (url) => import(/* webpackIgnore: true */ url),
): Promise<ChunkMap[N]> {
  if (!chunkBase) return Promise.reject(new Error(`no chunk base URL set for "${name}"`));
  const url = new URL(`${name}.js`, chunkBase).href;
  let promise = loaded.get(url);
  if (!promise) {
    promise = importer(url);
    promise.catch(() => loaded.delete(url));
    loaded.set(url, promise);
  }
  return promise as Promise<ChunkMap[N]>;
}

/** Loads one chunk: `() => loadChunk(name)`, or a stand-in in tests (which may provide only what is used). */
export type ChunkLoader<N extends ChunkName, T extends Partial<ChunkMap[N]> = ChunkMap[N]> = () => Promise<T>;

/**
 * The one contract of an optional feature in the core: its code is chunk `name`, loaded on first use; callers
 * that arrive while it loads wait on the same promise, in order; when it fails, every waiting caller gets
 * `undefined` (and does without the feature) and one warning says what is off and why; the next use tries again.
 */
export function lazyFeature<N extends ChunkName, T extends Partial<ChunkMap[N]>>(
  name: N,
  whatIsOff: string,
  warn: (message: string) => void,
  load: ChunkLoader<N, T>,
): () => Promise<T | undefined> {
  let pending: Promise<T | undefined> | undefined;
  return () =>
    (pending ??= load().catch((error: unknown) => {
      pending = undefined;
      warn(`${whatIsOff}: the ${name} chunk did not load (${error instanceof Error ? error.message : String(error)})`);
      return undefined;
    }));
}
