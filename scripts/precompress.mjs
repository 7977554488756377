// Writes a brotli (`.br`) and a gzip (`.gz`) copy beside every text asset the server sends, once at build time, so
// the server never compresses on a request: it picks the copy the browser accepts (server/src/assets/).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = /\.(js|mjs|css|html|json|svg|map|txt)$/;

/** Every compressible file under `dir`, with `.br` and `.gz` copies written where missing or stale. */
export function precompress(dir) {
  let written = 0;
  for (const file of walk(dir)) {
    if (!COMPRESSIBLE.test(file)) continue;
    const source = readFileSync(file);
    const mtime = statSync(file).mtimeMs;
    for (const [suffix, compress] of [
      [
        '.br',
        () =>
          brotliCompressSync(source, {
            params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: source.length },
          }),
      ],
      ['.gz', () => gzipSync(source, { level: 9 })],
    ]) {
      const target = file + suffix;
      if (isFresh(target, mtime)) continue;
      writeFileSync(target, compress());
      written++;
    }
  }
  return written;
}

/** A short content hash (hex) of several files: names change only when some content does. */
export function contentHash(files) {
  const hash = createHash('sha256');
  for (const file of [...files].sort()) hash.update(file.split('/').pop()).update(readFileSync(file));
  return hash.digest('hex').slice(0, 12);
}

function isFresh(file, sourceMtime) {
  try {
    return statSync(file).mtimeMs >= sourceMtime;
  } catch {
    return false;
  }
}

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}
