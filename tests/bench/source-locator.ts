import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import type { CallFrame, Locate } from './profile.ts';

/**
 * Maps frames of the SDK's scripts (`<origin>/sdk/<path>`) back to their sources through the `.map` files the
 * build writes beside them in `publicDir` (`insights.js.map`, `insights/<hash>/vitals.js.map`). Sources are named
 * from the repository root (`widget/src/load-chunk.ts:39`, `node_modules/web-vitals/…`); a script without a map,
 * a peer's bundle, or a position no mapping covers gives `undefined`.
 */
export function sourceLocator(publicDir: string, origin: string): Locate {
  const maps = new Map<string, TraceMap | undefined>();
  const mapOf = (path: string) => {
    if (!maps.has(path)) {
      const file = join(publicDir, `${path}.map`);
      maps.set(path, existsSync(file) ? new TraceMap(readFileSync(file, 'utf8')) : undefined);
    }
    return maps.get(path);
  };
  return (frame: CallFrame) => {
    const prefix = `${origin}/sdk/`;
    if (!frame.url.startsWith(prefix) || frame.url.startsWith(`${prefix}peers/`)) return undefined;
    const map = mapOf(frame.url.slice(prefix.length));
    if (!map) return undefined;
    const position = originalPositionFor(map, { line: (frame.lineNumber ?? 0) + 1, column: frame.columnNumber ?? 0 });
    if (!position.source) return undefined;
    // esbuild names sources relative to the map's folder (`../../../widget/src/…`): name them from the repository.
    const source = position.source.replace(/^(?:\.\.\/)+/, '');
    return `${source}:${position.line}`;
  };
}
