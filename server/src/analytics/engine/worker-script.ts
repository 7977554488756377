import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BuildOptions } from 'esbuild';
import serverWorkers from './server-workers.json' with { type: 'json' };

/**
 * The server's worker threads (each one's entry, relative to `server/src/`, and the file it is bundled to, next to
 * the server bundle) and how they are bundled: one list that scripts/build.mjs reads too. `@duckdb/node-api` is
 * bundled in: loaded as ~60 separate CommonJS files it took 2-3 s of a worker's start on a busy machine, one file
 * about 0.7 s. Native addons, `pg` and `sentiment` (whose lexicons it requires by computed path) stay packages,
 * and the banner gives a bundled CommonJS module's require() of them a real require in an ES module.
 */
const SERVER_WORKERS = serverWorkers.workers;
const WORKER_BUILD = serverWorkers.build as Pick<
  BuildOptions,
  'bundle' | 'platform' | 'target' | 'format' | 'banner'
> & {
  external: string[];
};

/** The name of one of the server's worker threads. */
export type ServerWorker = keyof typeof SERVER_WORKERS;

const fromSource = new Map<ServerWorker, Promise<URL>>();

/**
 * The script of worker `worker`. The built server ships it beside `main.js`. Run from TypeScript source (the
 * tests), Node 20 cannot load `.ts` in a worker thread, so the entry is bundled with esbuild (a dev dependency,
 * imported only here) into `node_modules/.cache`, where its packages resolve; the bundle is reused while none of
 * its input files changed.
 */
export function workerScript(worker: ServerWorker = 'analytics', moduleUrl: string = import.meta.url): Promise<URL> {
  const { file } = SERVER_WORKERS[worker];
  if (!moduleUrl.endsWith('.ts')) return Promise.resolve(new URL(`./${file}`, moduleUrl));
  let script = fromSource.get(worker);
  if (!script) {
    script = bundleFromSource(worker, moduleUrl);
    fromSource.set(worker, script);
  }
  return script;
}

interface Manifest {
  inputs: Record<string, number>;
}

async function bundleFromSource(worker: ServerWorker, moduleUrl: string): Promise<URL> {
  const root = fileURLToPath(new URL('../../../../', moduleUrl));
  const dir = `${root}node_modules/.cache/crm-insights/`;
  const { entry, file: built } = SERVER_WORKERS[worker];
  const file = `${dir}${built.replace(/\.js$/, '.mjs')}`;
  const manifestFile = `${file}.json`;
  if (existsSync(file) && upToDate(manifestFile, root)) return pathToFileURL(file);
  const { build } = await import('esbuild');
  const result = await build({
    ...WORKER_BUILD,
    external: [...WORKER_BUILD.external],
    entryPoints: [fileURLToPath(new URL(`../../${entry}`, moduleUrl))],
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
