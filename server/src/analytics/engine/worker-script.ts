import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The file name of the bundled worker, next to the server bundle (see scripts/build.mjs). */
export const WORKER_FILE = 'analytics-worker.js';

let fromSource: Promise<URL> | undefined;

/**
 * The analytics worker's script. The built server ships it beside `main.js`. Run from TypeScript source (the
 * tests), Node 20 cannot load `.ts` in a worker thread, so the entry is bundled once per process with esbuild
 * (a dev dependency, imported only here) into `node_modules/.cache`, where its packages still resolve.
 */
export function workerScript(moduleUrl: string = import.meta.url): Promise<URL> {
  if (!moduleUrl.endsWith('.ts')) return Promise.resolve(new URL(`./${WORKER_FILE}`, moduleUrl));
  fromSource ??= bundleFromSource(moduleUrl);
  return fromSource;
}

async function bundleFromSource(moduleUrl: string): Promise<URL> {
  const { build } = await import('esbuild');
  const entry = fileURLToPath(new URL('./engine-worker.ts', moduleUrl));
  const result = await build({ entryPoints: [entry], bundle: true, write: false, platform: 'node', target: 'node20', format: 'esm', packages: 'external', logLevel: 'silent' });
  const code = result.outputFiles[0]!.text;
  const dir = fileURLToPath(new URL('../../../../node_modules/.cache/crm-insights/', moduleUrl));
  const file = `${dir}analytics-worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`;
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    // Written aside and renamed: test files in parallel processes may bundle the same worker at once.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, code);
    renameSync(partial, file);
  }
  return new URL(`file://${file}`);
}
