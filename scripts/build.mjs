// Builds everything `npm start` and the tests need: the widget (script tag + chunks + npm entry), the demo CRM,
// the server, and the extension for Chrome and Firefox. `node scripts/build.mjs widget demo` builds only those.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { squeeze } from './squeeze.mjs';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = (path) => join(root, 'dist', path);
const define = { __INSIGHTS_VERSION__: JSON.stringify(pkg.version) };
const common = { bundle: true, target: ['chrome109', 'firefox115', 'safari16'], legalComments: 'none', logLevel: 'warning', define };

const targets = {
  async widget() {
    rmSync(out('public/insights'), { recursive: true, force: true });
    // The script tag: one classic IIFE every CRM page loads.
    await build({ ...common, entryPoints: [join(root, 'widget/src/script-tag.ts')], outfile: out('public/insights.js'), format: 'iife', minify: true, metafile: false });
    await squeeze([out('public/insights.js')], { module: false, compileHint: true });
    // On-demand chunks: ES modules the core loads with import() only when a page needs them.
    const chunkDir = join(root, 'widget/src/chunks');
    const chunks = existsSync(chunkDir) ? readdirSync(chunkDir).filter((file) => /^[a-z-]+\.ts$/.test(file) && !file.endsWith('.test.ts')) : [];
    if (chunks.length) {
      await build({ ...common, entryPoints: chunks.map((file) => join(chunkDir, file)), outdir: out('public/insights'), format: 'esm', minify: true, jsx: 'automatic', jsxImportSource: 'preact' });
      await squeeze(chunks.map((file) => out(`public/insights/${file.replace(/\.ts$/, '.js')}`)), { module: true, compileHint: true });
    }
    // The npm entry: ESM, dependencies left to the app's bundler.
    await build({ ...common, entryPoints: [join(root, 'widget/src/index.ts')], outfile: out('widget/index.js'), format: 'esm', packages: 'external', jsx: 'automatic', jsxImportSource: 'preact' });
  },
  async demo() {
    mkdirSync(out('public/demo'), { recursive: true });
    await build({ ...common, entryPoints: [join(root, 'demo/src/main.tsx')], outfile: out('public/demo/app.js'), format: 'esm', minify: true, jsx: 'automatic', define: { ...define, 'process.env.NODE_ENV': '"production"' } });
    for (const file of ['index.html', 'styles.css']) cpSync(join(root, 'demo', file), out(`public/demo/${file}`));
    // The replay viewer, served at /demo/replay/index.html: rrweb's player plus the viewer's own CSS, bundled.
    await build({ ...common, entryPoints: [join(root, 'demo/replay/viewer.ts')], outdir: out('public/demo/replay'), format: 'esm', minify: true, loader: { '.css': 'css' } });
    cpSync(join(root, 'demo/replay/index.html'), out('public/demo/replay/index.html'));
  },
  async server() {
    await build({ ...common, entryPoints: [join(root, 'server/src/main.ts')], outfile: out('server/main.js'), platform: 'node', target: 'node20', format: 'esm', packages: 'external', sourcemap: true });
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
      banner: { js: "import { createRequire as __workerRequire } from 'node:module'; const require = __workerRequire(import.meta.url);" },
      sourcemap: true,
    });
  },
  async loadtest() {
    await build({ ...common, entryPoints: [join(root, 'server/src/loadtest/loadtest-cli.ts')], outfile: out('loadtest.js'), platform: 'node', target: 'node20', format: 'esm', packages: 'external' });
  },
  async extension() {
    rmSync(out('extension'), { recursive: true, force: true });
    const wxt = join(root, 'node_modules/.bin/wxt');
    for (const browser of ['chrome', 'firefox']) execFileSync(wxt, ['build', '-b', browser], { cwd: root, stdio: 'inherit' });
  },
};

const wanted = process.argv.slice(2);
for (const name of wanted.length ? wanted : Object.keys(targets)) {
  if (!targets[name]) throw new Error(`unknown build target "${name}"; choose from ${Object.keys(targets).join(', ')}`);
  const started = performance.now();
  await targets[name]();
  console.log(`built ${name} in ${Math.round(performance.now() - started)} ms`);
}
