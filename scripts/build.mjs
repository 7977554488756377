// Builds everything `npm start` and the tests need: the widget (script tag + chunks), the demo CRM, the dashboard,
// the server, and the extension for Chrome and Firefox. `node scripts/build.mjs widget demo` builds only those;
// `package-widget` and `package-server` make the npm packages' contents (docs/install.md).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CURRENT_PROFILE_SHARE, readStartProfile } from './eager-compile.mjs';
import { contentHash, precompress } from './precompress.mjs';
import { squeeze } from './squeeze.mjs';
import { stripDebugPlugin } from './strip-debug.mjs';
import { webVitalsIdPlugin } from './web-vitals-id.mjs';

const root = new URL('..', import.meta.url).pathname;
/**
 * The functions each script every page loads at start (the core, `vitals`, `send`) runs in the first seconds:
 * compiled as the script loads, the rest at first call (scripts/eager-compile.mjs; `npm run profile:start` makes it).
 */
const startProfile = readStartProfile(join(root, 'widget/start-profile.json'));
/** A script the profile covers compiles what it names; the others (chunks a feature loads when used) all of theirs. */
const compileOf = (file) => startProfile[basename(file).replace('.debug.js', '.js')] ?? 'all';
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

/** The server's worker threads and how they are bundled: the list the server reads when run from source. */
const serverWorkers = JSON.parse(readFileSync(join(root, 'server/src/analytics/engine/server-workers.json'), 'utf8'));

/**
 * The server bundle and, beside it, its workers, each loaded by a worker thread and bundled as
 * server/src/analytics/engine/worker-script.ts explains.
 */
async function buildServer(outdir, entryPoints, options = {}) {
  await build({
    ...common,
    entryPoints,
    outdir,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    sourcemap: true,
    ...options,
  });
  for (const { entry, file } of Object.values(serverWorkers.workers))
    await build({
      ...common,
      ...serverWorkers.build,
      entryPoints: [join(root, 'server/src', entry)],
      outfile: join(outdir, file),
      sourcemap: true,
    });
}

/** Leaves out the precompressed copies: a package ships each file once. */
const uncompressed = (file) => !/\.(br|gz)$/.test(file);

/** Points relative `.ts`/`.tsx` import specifiers at the `.js` files a package ships. */
const withJsSpecifiers = (text) =>
  text.replace(/((?:from\s*|import\s*\(\s*)['"]\.{1,2}\/[^'"]*?)\.tsx?(['"])/g, '$1.js$2');

/**
 * Emits a package's type declarations with tsc into `outDir`, then points their relative imports at `.js`: tsc
 * keeps the source's `.ts` specifiers in `.d.ts` files (`rewriteRelativeImportExtensions` rewrites only
 * JavaScript), and a consumer's TypeScript does not take `.ts` specifiers without `allowImportingTsExtensions`.
 */
function emitDeclarations(project, outDir) {
  execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', join(root, project)], { cwd: root, stdio: 'inherit' });
  for (const file of readdirSync(outDir, { recursive: true }).filter((name) => name.endsWith('.d.ts'))) {
    const path = join(outDir, file);
    writeFileSync(path, withJsSpecifiers(readFileSync(path, 'utf8')));
  }
}

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
    plugins: [
      webVitalsIdPlugin(join(widgetSource, 'capture/web-vitals-id.ts')),
      ...(debug ? [] : [stripDebugPlugin(widgetSource)]),
    ],
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
    const found = await squeeze(chunkFiles, { module: true, compile: compileOf });
    if (!debug) report(found);
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
  const found = await squeeze([scriptFile], { module: false, compile: compileOf });
  if (!debug) report(found);
}

/** Says how much of the start profile the build found; a profile far behind the code compiles too much lazily. */
function report(found) {
  for (const [file, { profiled, found: matched }] of Object.entries(found)) {
    const stale = matched < profiled * CURRENT_PROFILE_SHARE ? ' (the code moved on: run `npm run profile:start`)' : '';
    console.log(`${file}: ${matched} of the start profile's ${profiled} functions compiled as it loads${stale}`);
  }
}

const targets = {
  async widget() {
    rmSync(out('public/insights'), { recursive: true, force: true });
    // The production script tag (`insights.js`, debug messages compiled out) and the debug one beside it
    // (`insights.debug.js`, which the production one hands over to when the tag has `data-debug`).
    await buildScriptTag({ debug: false });
    await buildScriptTag({ debug: true });
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
    await buildServer(out('server'), { main: join(root, 'server/src/main.ts') });
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
  // The npm packages (`npm pack -w widget`, `-w server` run these from their prepack): what the repository's build
  // made, plus type declarations, the license, and for the server its own bundle and the built public folder.
  async 'package-widget'() {
    const dir = join(root, 'widget/dist');
    rmSync(dir, { recursive: true, force: true });
    const entries = ['index.ts', 'bindings/react.ts', 'bindings/preact.ts', 'openfeature/index.ts'];
    // absWorkingDir: the metafile's paths are relative to it, and a prepack runs from widget/.
    const esm = { ...common, format: 'esm', jsx: 'automatic', jsxImportSource: 'preact', absWorkingDir: root };
    // One file per source module, not one bundle per entry: with `"sideEffects": false` an app's bundler keeps only
    // the modules it uses (`installStub` alone is a few hundred bytes), where one bundle kept every module's
    // top-level code. The first pass only finds the modules the entries reach.
    const { metafile } = await build({
      ...esm,
      entryPoints: entries.map((file) => join(root, 'widget/src', file)),
      outdir: dir,
      packages: 'external',
      write: false,
      metafile: true,
    });
    const { outputFiles } = await build({
      ...esm,
      bundle: false,
      entryPoints: Object.keys(metafile.inputs).map((file) => join(root, file)),
      outbase: root,
      outdir: dir,
      write: false,
    });
    for (const file of outputFiles) {
      mkdirSync(dirname(file.path), { recursive: true });
      writeFileSync(file.path, withJsSpecifiers(file.text));
    }
    emitDeclarations('tsconfig.widget.json', dir);
    // The script tag and its chunks, for apps that host them themselves (`setChunkBase`); the server serves the same.
    for (const name of ['insights.js', 'insights.js.map', 'insights'])
      cpSync(out(`public/${name}`), join(dir, `script/${name}`), { recursive: true, filter: uncompressed });
    cpSync(join(root, 'LICENSE'), join(root, 'widget/LICENSE'));
  },
  async 'package-server'() {
    const dir = join(root, 'server/dist');
    rmSync(dir, { recursive: true, force: true });
    const entries = { main: 'server/src/main.ts', index: 'server/src/index.ts' };
    // Split, so the bin and the library share one copy of the server; chunks stay beside the worker they load.
    await buildServer(
      dir,
      Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, join(root, file)])),
      {
        splitting: true,
        chunkNames: '[name]-[hash]',
      },
    );
    emitDeclarations('tsconfig.server.json', join(dir, 'types'));
    // The widget and dashboard it serves (not the demo CRM), compressed now so no stale .br/.gz ships.
    precompress(out('public'));
    rmSync(join(root, 'server/public'), { recursive: true, force: true });
    cpSync(out('public'), join(root, 'server/public'), {
      recursive: true,
      filter: (file) => !file.startsWith(out('public/demo')),
    });
    cpSync(join(root, 'LICENSE'), join(root, 'server/LICENSE'));
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
// The npm packages are made on demand (their prepack, the packed-consumer test), not by every `npm start`.
const everyday = Object.keys(targets).filter((name) => !name.startsWith('package-'));
for (const name of wanted.length ? wanted : everyday) {
  if (!targets[name]) throw new Error(`unknown build target "${name}"; choose from ${Object.keys(targets).join(', ')}`);
  const started = performance.now();
  await targets[name]();
  console.log(`built ${name} in ${Math.round(performance.now() - started)} ms`);
}
if (existsSync(out('public')))
  console.log(`precompressed ${precompress(out('public'))} files (brotli and gzip copies)`);
