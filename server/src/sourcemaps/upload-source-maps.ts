import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SOURCE_MAP_MAX_BYTES } from './source-map-problem.ts';

/** Most map bytes per request: far under the route's limit once gzipped, and progress shows per request. */
const REQUEST_BYTES = 16 * 1024 * 1024;

/** What `sourcemaps upload` needs: where, as whom, which release, and the build folder. */
export interface UploadOptions {
  endpoint: string;
  token: string;
  release: string;
  dir: string;
  fetch?: typeof fetch;
  log?: (line: string) => void;
}

/**
 * Uploads every `*.map` under `dir` for `release`, each under its minified file's name (`app-3f9a.js.map` →
 * `app-3f9a.js`), gzipped, a few maps per request; says how many were stored and throws with the API's message.
 * A map over the API's limit for one map is not sent: the others are, then the upload fails naming it, so a build
 * pipeline sees that the errors of that chunk will not be resolved.
 */
export async function uploadSourceMaps({
  endpoint,
  token,
  release,
  dir,
  fetch: send = fetch,
  log = () => undefined,
}: UploadOptions): Promise<number> {
  const files = (await readdir(dir, { recursive: true })).filter((file) => file.endsWith('.map')).sort();
  if (!files.length)
    throw new Error(
      `no .map files in ${dir}: build with source maps first (esbuild --sourcemap, vite build.sourcemap)`,
    );
  const { groups, tooLarge } = await groupsOf(dir, files);
  let stored = 0;
  for (const group of groups) {
    const response = await send(`${endpoint.replace(/\/$/, '')}/sourcemaps`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
      body: gzipSync(JSON.stringify({ release, files: group })),
    });
    if (!response.ok) throw new Error(`upload failed with ${response.status}: ${await response.text()}`);
    stored += group.length;
    log(`uploaded ${stored} of ${files.length} source maps for release ${release}`);
  }
  if (tooLarge.length)
    throw new Error(
      `not uploaded, over the ${SOURCE_MAP_MAX_BYTES} bytes (16 MiB) one source map may have: ${tooLarge.join(', ')}; split those chunks into smaller ones (the other ${stored} maps are stored)`,
    );
  return stored;
}

/** The maps to send, a request's worth per group, and the files too large to send at all. */
async function groupsOf(dir: string, files: string[]) {
  const groups: { name: string; map: string }[][] = [[]];
  const tooLarge: string[] = [];
  let bytes = 0;
  for (const file of files) {
    const map = await readFile(join(dir, file), 'utf8');
    if (Buffer.byteLength(map) > SOURCE_MAP_MAX_BYTES) {
      tooLarge.push(`${file} (${Buffer.byteLength(map)} bytes)`);
      continue;
    }
    if (bytes + map.length > REQUEST_BYTES && groups.at(-1)!.length) {
      groups.push([]);
      bytes = 0;
    }
    groups.at(-1)!.push({ name: basename(file).replace(/\.map$/, ''), map });
    bytes += map.length;
  }
  return { groups: groups.filter((group) => group.length), tooLarge };
}
