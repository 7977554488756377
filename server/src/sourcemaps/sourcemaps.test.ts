import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../../shared/fingerprint.ts';
import { parseStack } from '../../../shared/stack-parser.ts';
import { createApp } from '../app.ts';
import { runCommand } from '../commands.ts';
import { startServer } from '../node-server.ts';
import { openSqliteDatabase } from '../storage/sqlite.ts';
import { storageOn } from '../storage/storage.ts';
import type { Storage } from '../storage/types.ts';

const WRITE = 'pk_maps';
const READ = 'sk_maps';
const STAFF = 'staff_maps';
const BUG = `export function saveDeal(deal) { return validateDeal(deal); }
function validateDeal(deal) {
  if (!deal.amount) throw new TypeError('deal has no amount');
  return deal;
}
export function run() { try { saveDeal({}); } catch (error) { return error.stack; } }
`;
// A second build of the same bug with other code beside it: the minifier gives the bug's functions other names
// and the bundle other positions, as a release with unrelated changes would.
const OTHER = `export function formatMoney(value) { return '$' + value.toFixed(2); }
export function totalOf(deals) { return deals.reduce((sum, deal) => sum + deal.amount, 0); }
`;

interface Build {
  url: string;
  name: string;
  map: string;
  stack: string;
}

/** Builds the bug minified, runs it as the browser would load it from `url`, and returns its stack and map. */
async function buildAndRun(dir: string, name: string, withOther: boolean): Promise<Build> {
  writeFileSync(join(dir, 'bug.js'), BUG);
  writeFileSync(join(dir, 'other.js'), OTHER);
  const entry = join(dir, `entry-${name}.js`);
  writeFileSync(
    entry,
    withOther
      ? `import { formatMoney, totalOf } from './other.js';\nexport { run } from './bug.js';\nexport const money = formatMoney(totalOf([{ amount: 1 }]));\n`
      : `export { run } from './bug.js';\n`,
  );
  const outfile = join(dir, name);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: 'app',
    sourcemap: 'external',
    logLevel: 'silent',
  });
  const url = `https://crm.example/assets/${name}`;
  // Run in a plain Node process: the test runner rewrites stacks with source maps of its own, a browser does not.
  const script = `const vm = require('node:vm'); const context = {}; vm.runInNewContext(require('node:fs').readFileSync(${JSON.stringify(outfile)}, 'utf8'), context, { filename: ${JSON.stringify(url)} }); process.stdout.write(context.app.run());`;
  const stack = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  return { url, name, map: readFileSync(`${outfile}.map`, 'utf8'), stack };
}

let nextId = 1;
function errorEvent(stack: string, release: string) {
  const frames = parseStack(stack);
  const message = 'deal has no amount';
  return {
    id: `0190a000-0000-7000-8000-${String(nextId++).padStart(12, '0')}`,
    type: 'error',
    name: 'TypeError',
    ts: Date.now(),
    sessionId: '0190a000-0000-7000-8000-aaaaaaaaaaaa',
    anonymousId: '0190a000-0000-7000-8000-bbbbbbbbbbbb',
    context: { release },
    props: {
      kind: 'js',
      type: 'TypeError',
      message,
      fingerprint: fingerprint({ type: 'TypeError', message, frames }),
      count: 1,
      handled: false,
      frames,
      breadcrumbs: [],
    },
  };
}

describe('errors resolved with uploaded source maps', () => {
  let dir: string;
  let storage: Storage;
  let builds: Build[];
  const app = () => createApp({ storage, writeKey: WRITE, readKey: READ, staffTokens: [STAFF] });
  const post = (path: string, body: unknown, key: string) =>
    app().request(`/api${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const groups = async () =>
    (
      (await (
        await app().request(`/api/errors/groups?since=${Date.now() - 86_400_000}`, {
          headers: { Authorization: `Bearer ${READ}` },
        })
      ).json()) as { groups: { fingerprint: string; count: number; frames: Record<string, unknown>[] }[] }
    ).groups;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-insights-maps-'));
    builds = [await buildAndRun(dir, 'app-1a2b3c4d.js', false), await buildAndRun(dir, 'app-9f8e7d6c.js', true)];
    storage = await storageOn(openSqliteDatabase(join(dir, 'insights.sqlite')));
  });
  afterAll(async () => {
    await storage?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps two builds of one bug apart while their maps are missing', async () => {
    const [first, second] = builds.map((build, index) => errorEvent(build.stack, `r${index + 1}`));
    // The precondition of the test: minified names differ, so the browser-side fingerprints do.
    expect(first!.props.fingerprint).not.toBe(second!.props.fingerprint);
    expect((await post('/errors', { sentAt: Date.now(), events: [first, second] }, WRITE)).status).toBe(200);
    expect((await groups()).map((group) => group.count)).toEqual([1, 1]);
  });

  it('refuses an upload without a staff token or without a real map', async () => {
    expect(
      (await post('/sourcemaps', { release: 'r1', files: [{ name: 'app.js', map: builds[0]!.map }] }, READ)).status,
    ).toBe(403);
    const bad = await post('/sourcemaps', { release: 'r1', files: [{ name: 'app.js', map: '{"version":3}' }] }, STAFF);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/not a source map/);
    expect(
      (await post('/sourcemaps', { release: 'r1', files: [{ name: '../app.js', map: builds[0]!.map }] }, STAFF)).status,
    ).toBe(400);
  });

  it('groups both builds as one bug once each release has its map, with the original frames', async () => {
    for (const [index, build] of builds.entries()) {
      const response = await post(
        '/sourcemaps',
        { release: `r${index + 1}`, files: [{ name: build.name, map: build.map }] },
        STAFF,
      );
      expect(response.status).toBe(201);
    }
    const listed = (await (
      await app().request('/api/sourcemaps?release=r2', { headers: { Authorization: `Bearer ${READ}` } })
    ).json()) as { maps: { name: string }[] };
    expect(listed.maps.map((map) => map.name)).toEqual(['app-9f8e7d6c.js']);

    const [first, second] = builds.map((build, index) => errorEvent(build.stack, `r${index + 1}`));
    expect((await post('/errors', { sentAt: Date.now(), events: [first, second] }, WRITE)).status).toBe(200);
    const resolved = (await groups()).filter((group) => group.count === 2);
    expect(resolved).toHaveLength(1);
    const top = resolved[0]!.frames[0]!;
    expect(top).toMatchObject({
      function: 'validateDeal',
      file: expect.stringMatching(/bug\.js$/),
      line: 3,
      inApp: true,
    });
    expect((top.source as { line: string }).line).toContain("throw new TypeError('deal has no amount')");
    expect(resolved[0]!.frames[1]).toMatchObject({
      function: 'saveDeal',
      file: expect.stringMatching(/bug\.js$/),
      line: 1,
    });
    expect((top.minified as { file: string }).file).toMatch(/^https:\/\/crm\.example\/assets\/app-/);
  });
});

describe('source maps beyond one upload', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'crm-insights-maps-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('uploads a build folder from the command line to a running server', async () => {
    const build = join(dir, 'build');
    mkdirSync(join(build, 'assets'), { recursive: true });
    const built = await buildAndRun(join(build, 'assets'), 'app-5e5e5e5e.js', false);
    const server = await startServer({
      host: '127.0.0.1',
      port: 0,
      dataDir: join(dir, 'data'),
      writeKey: WRITE,
      readKey: READ,
      staffTokens: [STAFF],
      publicDir: dir,
      generatedKeys: [],
    });
    try {
      const log: string[] = [];
      const settings = {
        host: '127.0.0.1',
        port: 0,
        dataDir: dir,
        writeKey: WRITE,
        readKey: READ,
        staffTokens: [STAFF],
        publicDir: dir,
        generatedKeys: [] as never[],
      };
      await runCommand(
        'sourcemaps',
        settings,
        ['upload', '--release', 'cli-1', build, `--endpoint=${server.origin}/api`],
        (line) => log.push(line),
      );
      expect(log.at(-1)).toBe(`stored 1 source maps for release cli-1 at ${server.origin}/api`);
      const listed = (await (
        await fetch(`${server.origin}/api/sourcemaps?release=cli-1`, { headers: { Authorization: `Bearer ${READ}` } })
      ).json()) as { maps: { name: string; bytes: number }[] };
      expect(listed.maps).toEqual([
        {
          release: 'cli-1',
          name: 'app-5e5e5e5e.js',
          bytes: Buffer.byteLength(built.map),
          uploadedAt: expect.any(Number),
        },
      ]);
      await expect(
        runCommand('sourcemaps', settings, ['upload', '--release', 'cli-1', join(dir, 'data')], () => undefined),
      ).rejects.toThrow(/no \.map files/);

      // A map over the API's limit is left out, the others are stored, and the upload fails naming it.
      writeFileSync(join(build, 'assets', 'vendor-9f9f9f9f.js.map'), 'x'.repeat(17 * 1024 * 1024));
      await expect(
        runCommand(
          'sourcemaps',
          settings,
          ['upload', '--release', 'cli-2', build, `--endpoint=${server.origin}/api`],
          () => undefined,
        ),
      ).rejects.toThrow(
        /^not uploaded, over the 16777216 bytes \(16 MiB\) one source map may have: assets\/vendor-9f9f9f9f\.js\.map \(17825792 bytes\); .*the other 1 maps are stored/,
      );
      const second = (await (
        await fetch(`${server.origin}/api/sourcemaps?release=cli-2`, { headers: { Authorization: `Bearer ${READ}` } })
      ).json()) as { maps: { name: string }[] };
      expect(second.maps.map((map) => map.name)).toEqual(['app-5e5e5e5e.js']);
    } finally {
      await server.close();
    }
  });

  it("resolves the widget's own frames with the maps published beside it, without an upload", async () => {
    const publicDir = join(dir, 'public');
    mkdirSync(publicDir, { recursive: true });
    const built = await buildAndRun(publicDir, 'insights.js', false);
    const stack = built.stack.replaceAll('https://crm.example/assets/insights.js', 'https://cdn.example/insights.js');
    const storage = await storageOn(openSqliteDatabase(join(dir, 'widget.sqlite')));
    try {
      const app = createApp({ storage, writeKey: WRITE, readKey: READ, publicDir });
      const event = errorEvent(stack, 'any-release');
      const response = await app.request('/api/errors', {
        method: 'POST',
        headers: { Authorization: `Bearer ${WRITE}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ sentAt: Date.now(), events: [event] }),
      });
      expect(response.status).toBe(200);
      const stored = (await storage.listEvents({ limit: 10 })).events[0]!.props as {
        frames: { function?: string; file?: string; line?: number }[];
      };
      expect(stored.frames[0]).toMatchObject({
        function: 'validateDeal',
        file: expect.stringMatching(/bug\.js$/),
        line: 3,
      });
    } finally {
      await storage.close();
    }
  });
});
