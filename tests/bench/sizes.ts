import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { SIZE_BUDGETS } from './budgets.ts';

/** The size of one built bundle, or why there is none. */
export interface BundleSize {
  /** `core` for `insights.js`; otherwise the chunk's name (`feedback` for `insights/feedback.js`). */
  name: string;
  /** Path relative to the public folder. */
  file: string;
  built: boolean;
  raw?: number;
  gzip?: number;
  brotli?: number;
}

/** Raw, gzip (level 9) and brotli (quality 11) sizes of some bytes, as a server would pre-compress them. */
export function compressedSizes(bytes: Buffer): { raw: number; gzip: number; brotli: number } {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

/** Chunk names to expect: those with a budget, those with a source file, and whatever was built. */
export function chunkNames(publicDir: string, chunkSourceDir: string): string[] {
  const names = new Set(Object.keys(SIZE_BUDGETS).filter((name) => name !== 'core'));
  const stems = (dir: string, pattern: RegExp) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((file) => pattern.test(file))
          .map((file) => file.replace(/\.[^.]+$/, ''))
      : [];
  for (const name of stems(chunkSourceDir, /^[a-z-]+\.tsx?$/)) if (!name.endsWith('.test')) names.add(name);
  for (const name of stems(join(publicDir, 'insights'), /^[a-z0-9-]+\.js$/)) names.add(name);
  return [...names].sort();
}

/**
 * Measures the core bundle and every chunk, discovered rather than listed, so chunks added this afternoon are
 * measured without touching the bench; an expected chunk that is not there is reported as not built.
 */
export function measureBundles(publicDir: string, chunkSourceDir: string): BundleSize[] {
  const files: [string, string][] = [
    ['core', 'insights.js'],
    ...chunkNames(publicDir, chunkSourceDir).map((name): [string, string] => [name, `insights/${name}.js`]),
  ];
  return files.map(([name, file]) => {
    const path = join(publicDir, file);
    if (!existsSync(path)) return { name, file, built: false };
    return { name, file, built: true, ...compressedSizes(readFileSync(path)) };
  });
}
