// Builds everything `npm start` and the tests need: the widget (script tag + chunks + npm entry), the demo CRM, the dashboard,
// the server, and the extension for Chrome and Firefox. `node scripts/build.mjs widget demo` builds only those.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { contentHash, precompress } from './precompress.mjs';
import { squeeze } from './squeeze.mjs';
import { stripDebugPlugin } from './strip-debug.mjs';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = (path) => join(root, 'dist', path);
const define = { __INSIGHTS_VERSION__: JSON.stringify(pkg.version) };
const common = {
  bundle: true,
  target: ['chrome109', 'firefox115', 'safari16'],
  legalComments: 'none',
  logLevel: 'warning',
  define,
};

/**
 * Builds one script tag and its on-demand chunks: ES modules the core loads with import() only when a page needs
 * them. Chunks are built first, so the core can be told the content-hashed folder they are served from (cached
 * forever: a new build, a new folder). `debug` keeps the debug messages (`DEBUG_BUILD`, see widget/src/debug-log.ts);
 * without it they are compiled out (scripts/strip-debug.mjs).
 */
async function buildScriptTag({ debug }) {
  const widgetSource = join(root, 'widget/src');
  const variant = {
    ...common,
    define: { ...define, __INSIGHTS_DEBUG__: String(debug) },
    plugins: debug ? [] : [stripDebugPlugin(widgetSource)],
  };
  const chunkDir = join(widgetSource, 'chunks');
  const chunks = existsSync(chunkDir)
    ? readdirSync(chunkDir).filter((file) => /^[a-z-]+\.ts$/.test(file) && !file.endsWith('.test.ts'))
    : [];
  // Unhashed copies stay at insights/<name>.js (debug: insights/debug/<name>.js) for npm users who host the chunks
  // themselves (`setChunkBase`).
  const chunkOut = out(debug ? 'public/insights/debug' : 'public/insights');
  const chunkFiles = chunks.map((file) => join(chunkOut, file.replace(/\.ts$/, '.js')));
  if (chunks.length) {
    await build({
      ...variant,
      entryPoints: chunks.map((file) => join(chunkDir, file)),
      outdir: chunkOut,
      format: 'esm',
      minify: true,
      sourcemap: 'external',
      jsx: 'automatic',
      jsxImportSource: 'preact',
    });
    await squeeze(chunkFiles, { module: true, compileHint: true });
  }
  const hashedDir = `insights/${contentHash(chunkFiles)}/`;
  mkdirSync(out(`public/${hashedDir}`), { recursive: true });
  for (const file of chunkFiles)
    for (const suffix of ['', '.map'])
      cpSync(file + suffix, out(`public/${hashedDir}${file.split('/').pop()}${suffix}`));
  // The script tag: one classic IIFE every CRM page loads.
  const scriptFile = out(debug ? 'public/insights.debug.js' : 'public/insights.js');
  await build({
    ...variant,
    define: { ...variant.define, __INSIGHTS_CHUNK_DIR__: JSON.stringify(hashedDir) },
    entryPoints: [join(widgetSource, 'script-tag.ts')],
    outfile: scriptFile,
    format: 'iife',
    minify: true,
    sourcemap: 'external',
    metafile: false,
  });
  await squeeze([scriptFile], { module: false, compileHint: true });
}

const targets = {
  async widget() {
    rmSync(out('public/insights'), { recursive: true, force: true });
    // The production script tag (`insights.js`, debug messages compiled out) and the debug one beside it
    // (`insights.debug.js`, which the production one hands over to when the tag has `data-debug`).
    await buildScriptTag({ debug: false });
    await buildScriptTag({ debug: true });
    // The npm entries (`crm-insights`, `/react`, `/preact`, `/openfeature`): ESM, dependencies left to the app's bundler.
    const entries = {
      index: 'index.ts',
      react: 'bindings/react.ts',
      preact: 'bindings/preact.ts',
      openfeature: 'openfeature/index.ts',
    };
    await build({
      ...common,
      entryPoints: Object.fromEntries(
        Object.entries(entries).map(([name, file]) => [name, join(root, 'widget/src', file)]),
      ),
      outdir: out('widget'),
      format: 'esm',
      packages: 'external',
      jsx: 'automatic',
      jsxImportSource: 'preact',
    });
  },
  async demo() {
    mkdirSync(out('public/demo'), { recursive: true });
    await build({
      ...common,
      entryPoints: [join(root, 'demo/src/main.tsx')],
      outfile: out('public/demo/app.js'),
      format: 'esm',
      minify: true,
      jsx: 'automatic',
      define: { ...define, 'process.env.NODE_ENV': '"production"' },
    });
    for (const file of ['index.html', 'styles.css']) cpSync(join(root, 'demo', file), out(`public/demo/${file}`));
    // The replay viewer, served at /demo/replay/index.html: rrweb's player plus the viewer's own CSS, bundled.
    await build({
      ...common,
      entryPoints: [join(root, 'demo/replay/viewer.ts')],
      outdir: out('public/demo/replay'),
      format: 'esm',
      minify: true,
      loader: { '.css': 'css' },
    });
    cpSync(join(root, 'demo/replay/index.html'), out('public/demo/replay/index.html'));
  },
  async dashboard() {
    // Pages beyond the first are import()ed, so splitting makes each its own chunk under assets/.
    rmSync(out('public/dashboard'), { recursive: true, force: true });
    await build({
      ...common,
      entryPoints: { main: join(root, 'dashboard/src/main.tsx'), replay: join(root, 'dashboard/src/replay-frame.ts') },
      outdir: out('public/dashboard/assets'),
      format: 'esm',
      splitting: true,
      minify: true,
      jsx: 'automatic',
      jsxImportSource: 'preact',
      chunkNames: '[name]-[hash]',
      define: { ...define, 'process.env.NODE_ENV': '"production"' },
    });
    for (const file of ['index.html', 'replay.html'])
      cpSync(join(root, 'dashboard', file), out(`public/dashboard/${file}`));
  },
  async server() {
    await build({
      ...common,
      entryPoints: [join(root, 'server/src/main.ts')],
      outfile: out('server/main.js'),
      platform: 'node',
      target: 'node20',
      format: 'esm',
      packages: 'external',
      sourcemap: true,
    });
    // The analytics worker: its own file beside main.js, loaded by a worker thread. Bundled as WORKER_BUILD in
    // server/src/analytics/engine/worker-script.ts says (keep the two alike): @duckdb/node-api inside, for a fast start.
    await build({
      ...common,
      entryPoints: [join(root, 'server/src/analytics/engine/engine-worker.ts')],
      outfile: out('server/analytics-worker.js'),
      platform: 'node',
      target: 'node20',
      format: 'esm',
      external: ['better-sqlite3', '@duckdb/node-bindings', 'pg', 'sentiment'],
      banner: {
        js: "import { createRequire as __workerRequire } from 'node:module'; const require = __workerRequire(import.meta.url);",
      },
      sourcemap: true,
    });
  },
  async loadtest() {
    await build({
      ...common,
      entryPoints: [join(root, 'server/src/loadtest/loadtest-cli.ts')],
      outfile: out('loadtest.js'),
      platform: 'node',
      target: 'node20',
      format: 'esm',
      packages: 'external',
    });
  },
  async extension() {
    rmSync(out('extension'), { recursive: true, force: true });
    const wxt = join(root, 'node_modules/.bin/wxt');
    // `wxt zip` builds, then packs the store zips (dist/extension/crm-insights-<version>-<browser>.zip).
    for (const browser of ['chrome', 'firefox'])
      execFileSync(wxt, ['zip', '-b', browser], { cwd: root, stdio: 'inherit' });
  },
};

const wanted = process.argv.slice(2);
for (const name of wanted.length ? wanted : Object.keys(targets)) {
  if (!targets[name]) throw new Error(`unknown build target "${name}"; choose from ${Object.keys(targets).join(', ')}`);
  const started = performance.now();
  await targets[name]();
  console.log(`built ${name} in ${Math.round(performance.now() - started)} ms`);
}
if (existsSync(out('public')))
  console.log(`precompressed ${precompress(out('public'))} files (brotli and gzip copies)`);
