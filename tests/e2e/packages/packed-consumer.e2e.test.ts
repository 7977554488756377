import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/uuid.ts';
import { startApiProcess } from '../../support/api-process.ts';
import type { ApiProcess } from '../../support/api-process.ts';
import { launchBrowser } from '../../support/browser.ts';
import { startPrebuildMirror } from './prebuild-mirror.ts';
import type { PrebuildMirror } from './prebuild-mirror.ts';
import { serveFolder } from './serve-folder.ts';

// A new user's experience, end to end: both packages packed with `npm pack`, installed from the tarballs (plus the
// registry) into a fresh Vite + React app and a plain Node script in a temp folder outside the repository, then
// type-checked, bundled, served and loaded in Chromium against `crm-insights-server` started from the installed
// bin. Needs the widget and dashboard built (`npm test` builds them; otherwise this builds them first).

const ROOT = resolve('.');
const WRITE_KEY = 'pk_consumer_write';
const READ_KEY = 'sk_consumer_read';
const run = promisify(execFile);

interface PackedFile {
  path: string;
}
interface Packed {
  name: string;
  filename: string;
  files: PackedFile[];
}

/** Runs a command, printing how long it took; fails with its output when it fails. */
async function step(title: string, file: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  const started = performance.now();
  console.log(`▶ ${title}`);
  try {
    const result = await run(file, args, { ...options, maxBuffer: 64 * 1024 * 1024 });
    console.log(`  ✓ ${title} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return result;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${title} failed:\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`);
  }
}

/** The consumer's package.json: the two tarballs, and the same tool versions as this repository (cached). */
function consumerManifest(tarballs: Record<string, string>): string {
  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  const pick = (names: string[]) => Object.fromEntries(names.map((name) => [name, root.devDependencies[name]!]));
  return JSON.stringify(
    {
      name: 'crm-insights-consumer',
      private: true,
      type: 'module',
      dependencies: { ...tarballs, ...pick(['react', 'react-dom']) },
      devDependencies: pick([
        'vite',
        'typescript',
        '@types/react',
        '@types/react-dom',
        '@types/node',
        '@openfeature/server-sdk',
        '@openfeature/core',
      ]),
    },
    null,
    2,
  );
}

describe('the packed packages in a fresh consumer project', () => {
  let work: string;
  let app: string;
  let packed: Packed[];
  let mirror: PrebuildMirror;
  let api: ApiProcess | undefined;
  let browser: Browser | undefined;
  let typeCheck: ReturnType<typeof step>;
  const bin = () => join(app, 'node_modules/.bin/crm-insights-server');

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'crm-insights-consumer-'));
    app = join(work, 'app');
    const built = existsSync('dist/public/insights.js') && existsSync('dist/public/dashboard/index.html');
    const targets = [...(built ? [] : ['widget', 'dashboard']), 'package-widget', 'package-server'];
    await step(`build ${targets.join(', ')}`, process.execPath, ['scripts/build.mjs', ...targets], { cwd: ROOT });
    const { stdout } = await step(
      'npm pack -w widget -w server',
      'npm',
      ['pack', '-w', 'widget', '-w', 'server', '--ignore-scripts', '--json', '--pack-destination', work],
      { cwd: ROOT },
    );
    packed = JSON.parse(stdout) as Packed[];
    cpSync(join(ROOT, 'tests/e2e/packages/consumer'), app, { recursive: true });
    const tarballs = Object.fromEntries(packed.map((pack) => [pack.name, `file:${join(work, pack.filename)}`]));
    writeFileSync(join(app, 'package.json'), consumerManifest(tarballs));
    mirror = await startPrebuildMirror();
    await step('npm install (tarballs + registry)', 'npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: app,
      env: { ...process.env, ...mirror.env },
    });
    // No skipLibCheck in the consumer: a declaration of ours that does not resolve or does not check fails here.
    typeCheck = step('tsc --noEmit', join(app, 'node_modules/.bin/tsc'), ['--noEmit', '-p', '.'], { cwd: app });
    typeCheck.catch(() => undefined); // awaited (and reported) by its own test below
    api = await startApiProcess(
      { INSIGHTS_WRITE_KEY: WRITE_KEY, INSIGHTS_READ_KEY: READ_KEY },
      {
        timeoutMs: 60_000,
        command: [bin(), 'serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', join(work, 'data')],
      },
    );
    console.log(`  ✓ crm-insights-server (installed bin) listening on ${api.origin}`);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    await mirror?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('packs dist, type declarations, README and LICENSE, and the widget depends on no server package', () => {
    const files = (name: string) => packed.find((pack) => pack.name === name)!.files.map((file) => file.path);
    const widget = files('crm-insights');
    const server = files('crm-insights-server');
    expect(widget).toEqual(
      expect.arrayContaining([
        'README.md',
        'LICENSE',
        'package.json',
        'dist/widget/src/index.js',
        'dist/widget/src/index.d.ts',
        'dist/widget/src/window-global.d.ts',
        'dist/widget/src/bindings/react.js',
        'dist/widget/src/bindings/preact.d.ts',
        'dist/widget/src/openfeature/index.js',
        'dist/script/insights.js',
      ]),
    );
    // Built code and declarations only: no TypeScript sources, no tests.
    expect(widget.filter((file) => /\.tsx?$/.test(file) !== file.endsWith('.d.ts') || file.includes('.test.'))).toEqual(
      [],
    );
    expect(server).toEqual(
      expect.arrayContaining([
        'README.md',
        'LICENSE',
        'dist/main.js',
        'dist/index.js',
        'dist/analytics-worker.js',
        'dist/event-list-worker.js',
        'dist/sqlite-checkpoint-worker.js',
        'dist/source-map-worker.js',
        'dist/types/server/src/index.d.ts',
        'public/insights.js',
        'public/dashboard/index.html',
      ]),
    );
    expect(server.some((file) => file.startsWith('public/demo/'))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(app, 'node_modules/crm-insights/package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      sideEffects: boolean;
    };
    expect(manifest.sideEffects).toBe(false);
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['valibot', 'web-vitals']);
    // Nothing of the server came with the widget: only the server package brought its native SQLite.
    const widgetOnly = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dependencies?: Record<string, string> }>;
    };
    expect(widgetOnly.packages['node_modules/crm-insights']?.dependencies).not.toHaveProperty('better-sqlite3');
    expect(widgetOnly.packages['node_modules/crm-insights-server']?.dependencies).toHaveProperty('better-sqlite3');
  });

  it('bundles `installStub` alone into at most 1 KB minified', async () => {
    const result = await build({
      stdin: { contents: "import { installStub } from 'crm-insights'; installStub();", resolveDir: app },
      bundle: true,
      minify: true,
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    const bytes = result.outputFiles[0]!.contents.byteLength;
    console.log(`  installStub alone: ${bytes} bytes minified`);
    expect(bytes).toBeGreaterThan(100);
    expect(bytes).toBeLessThanOrEqual(1024);
  });

  it('runs a plain Node script on both packages, and the bin answers help, migrate, purge, rebuild and bad input', async () => {
    const id = uuidv7();
    const { stdout } = await step(
      'node node-check.mjs',
      process.execPath,
      ['node-check.mjs', join(work, 'node-data'), id, uuidv7()],
      { cwd: app },
    );
    const report = JSON.parse(stdout) as { ingest: number; read: number; ids: string[]; bindings: string[] };
    expect(report).toMatchObject({ ingest: 200, read: 200, ids: [id], flag: { value: true, errorCode: null } });
    expect(report.bindings).toEqual(expect.arrayContaining(['AnalyticsProvider', 'useABTest', 'ErrorBoundary']));

    const help = await run(bin(), ['help']);
    expect(help.stdout).toMatch(/serve .*\n.*migrate .*\n.*purge .*\n.*export .*\n/s);
    expect(help.stdout).toContain('rebuild ');
    const migrated = ['--data-dir', join(work, 'migrated')];
    const migrate = await run(bin(), ['migrate', ...migrated]);
    expect(migrate.stderr).toMatch(/^sqlite: schema up to date \(\d+ migrations applied\)/m);
    expect((await run(bin(), ['purge', ...migrated])).stderr).toMatch(/^purged 0 events older than \S+ \(90 days\)/m);
    const rebuild = await run(bin(), ['rebuild', ...migrated]);
    expect(rebuild.stderr).toMatch(/^analytics projection rebuilt: 0 events/m);
    const refused = await run(bin(), ['start']).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused?.code).toBe(2);
    expect(refused?.stderr).toContain('unknown command "start"');

    // The installed server serves its own widget bundle and dashboard from the package.
    for (const path of ['/insights.js', '/dashboard/']) expect((await fetch(`${api!.origin}${path}`)).status).toBe(200);
  }, 120_000);

  it('bundles the React app with Vite, loads it in Chromium, and its events arrive at the installed server', async () => {
    await step('vite build', join(app, 'node_modules/.bin/vite'), ['build'], {
      cwd: app,
      env: { ...process.env, VITE_INSIGHTS_ENDPOINT: `${api!.origin}/api`, VITE_INSIGHTS_WRITE_KEY: WRITE_KEY },
    });
    const site = await serveFolder(join(app, 'dist'));
    try {
      browser = await launchBrowser();
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
      const dealId = Math.floor(Math.random() * 1_000_000);
      await page.goto(`${site.origin}/?deal=${dealId}`);
      await expect.poll(() => page.textContent('h1')).toBe('Pipeline from the bootstrap');
      expect(await page.textContent('#badge')).toBe('Deal value badge');
      expect(await page.textContent('#global')).toBe('no script tag');
      await page.click('text=Win deal');
      await expect.poll(() => page.textContent('#status'), { timeout: 20_000 }).toMatch(/^delivered \d+, pending 0$/);

      const response = await fetch(`${api!.origin}/api/analytics/events?limit=1000`, {
        headers: { Authorization: `Bearer ${READ_KEY}` },
      });
      expect(response.status).toBe(200);
      const { events } = (await response.json()) as {
        events: {
          id: string;
          type: string;
          name?: string;
          sessionId: string;
          props?: Record<string, unknown>;
          tags?: string[];
        }[];
      };
      const won = events.filter((event) => event.name === 'Deal Won' && event.props?.deal_id === dealId);
      expect(won).toHaveLength(1);
      expect(won[0]).toMatchObject({ type: 'track', props: { value: 12000 } });
      expect(won[0]!.tags ?? []).not.toContain('off-plan');
      expect(events.some((event) => event.type === 'page' && event.sessionId === won[0]!.sessionId)).toBe(true);
      expect(problems).toEqual([]);
      // The bin's export reads the SQLite file the running server writes, one stored event per line.
      const exported = await run(bin(), ['export', '--data-dir', join(work, 'data')]);
      const lines = exported.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { id: string });
      expect(lines.map((line) => line.id)).toEqual(expect.arrayContaining([won[0]!.id]));
      expect(exported.stderr).toContain(`exported ${lines.length} events`);
      console.log(
        `  ✓ ${events.length} events from the consumer app stored; prebuild mirror asked ${mirror.requests.length}x`,
      );
    } finally {
      await site.close();
    }
  }, 120_000);

  // Last, so the other checks run while tsc (started right after the install) works on the other core.
  it('type-checks the app and the Node script against the packages’ declarations (tsc --noEmit)', async () => {
    const { stdout } = await typeCheck;
    expect(stdout).toBe('');
  }, 240_000);
});
