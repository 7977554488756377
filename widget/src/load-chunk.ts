/**
 * Loads an on-demand chunk (`insights/<name>.js`, an ES module built beside `insights.js`) with a dynamic
 * import, which classic scripts may use and which a strict CSP allows for the widget's own origin. The base URL
 * is the script tag's own `src`, so chunks come from wherever the core came from. Each chunk loads once.
 */
const loaded = new Map<string, Promise<unknown>>();

/** Where chunks are loaded from; set by the script-tag boot, or by npm users who host the chunks themselves. */
let chunkBase: string | undefined;

/** Sets the folder chunks load from (the script tag passes its own URL's `insights/` sibling). */
export function setChunkBase(url: string): void {
  chunkBase = url.endsWith('/') ? url : `${url}/`;
}

/** Imports chunk `name`, e.g. `loadChunk<typeof import('./chunks/replay.ts')>('replay')`. */
export function loadChunk<T>(
  name: string,
  importer: (url: string) => Promise<unknown> = (url) => import(/* webpackIgnore: true */ url),
): Promise<T> {
  if (!chunkBase)
    return Promise.reject(new Error(`crm-insights: cannot load the "${name}" chunk: no chunk base URL set`));
  const url = new URL(`${name}.js`, chunkBase).href;
  let promise = loaded.get(url);
  if (!promise) {
    promise = importer(url);
    promise.catch(() => loaded.delete(url));
    loaded.set(url, promise);
  }
  return promise as Promise<T>;
}
