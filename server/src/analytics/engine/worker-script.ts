import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The file name of the bundled worker, next to the server bundle (see scripts/build.mjs). */
const WORKER_FILE = 'analytics-worker.js';

/**
 * How the worker is bundled, here and in scripts/build.mjs (keep the two alike). `@duckdb/node-api` is bundled
 * in: loaded as ~60 separate CommonJS files it took 2-3 s of a worker's start on a busy machine, one file about
 * 0.7 s. Native addons, `pg` and `sentiment` (whose lexicons it requires by computed path) stay packages.
 */
const WORKER_BUILD = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: ['better-sqlite3', '@duckdb/node-bindings', 'pg', 'sentiment'],
  // A bundled CommonJS module's require() of an external package needs a real require in an ES module.
  banner: {
    js: "import { createRequire as __workerRequire } from 'node:module'; const require = __workerRequire(import.meta.url);",
  },
} as const;

let fromSource: Promise<URL> | undefined;

/**
 * The analytics worker's script. The built server ships it beside `main.js`. Run from TypeScript source (the
 * tests), Node 20 cannot load `.ts` in a worker thread, so the entry is bundled with esbuild (a dev dependency,
 * imported only here) into `node_modules/.cache`, where its packages resolve; the bundle is reused while none of
 * its input files changed.
 */
export function workerScript(moduleUrl: string = import.meta.url): Promise<URL> {
  if (!moduleUrl.endsWith('.ts')) return Promise.resolve(new URL(`./${WORKER_FILE}`, moduleUrl));
  fromSource ??= bundleFromSource(moduleUrl);
  return fromSource;
}

interface Manifest {
  inputs: Record<string, number>;
}

async function bundleFromSource(moduleUrl: string): Promise<URL> {
  const root = fileURLToPath(new URL('../../../../', moduleUrl));
  const dir = `${root}node_modules/.cache/crm-insights/`;
  const file = `${dir}analytics-worker.mjs`;
  const manifestFile = `${file}.json`;
  if (existsSync(file) && upToDate(manifestFile, root)) return pathToFileURL(file);
  const { build } = await import('esbuild');
  const entry = fileURLToPath(new URL('./engine-worker.ts', moduleUrl));
  const result = await build({
    ...WORKER_BUILD,
    external: [...WORKER_BUILD.external],
    entryPoints: [entry],
    write: false,
    metafile: true,
    absWorkingDir: root,
    logLevel: 'silent',
  });
  const inputs = Object.fromEntries(
    Object.keys(result.metafile.inputs).map((input) => [input, statSync(`${root}${input}`).mtimeMs]),
  );
  mkdirSync(dir, { recursive: true });
  // Written aside and renamed: test files in parallel processes may bundle the worker at the same time.
  const partial = `.${process.pid}.tmp`;
  writeFileSync(file + partial, result.outputFiles[0]!.text);
  writeFileSync(manifestFile + partial, JSON.stringify({ inputs } satisfies Manifest));
  renameSync(file + partial, file);
  renameSync(manifestFile + partial, manifestFile);
  return pathToFileURL(file);
}

function upToDate(manifestFile: string, root: string): boolean {
  try {
    const { inputs } = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    return Object.entries(inputs).every(([input, mtime]) => statSync(`${root}${input}`).mtimeMs === mtime);
  } catch {
    return false;
  }
}
