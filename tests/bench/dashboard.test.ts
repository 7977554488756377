import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dashboardChecks, dashboardTable, pageFigure } from './dashboard.ts';
import type { DashboardResult } from './dashboard.ts';
import { dashboardStoreSettings, prepareDashboardStore } from './dashboard-store.ts';
import { scalePaths, scaleSettingsFromEnv } from './scale-settings.ts';

const load = (ms: number, errors: string[] = []) => ({ ms, errors, panels: 4 });

const result = (pages: DashboardResult['pages'], brotli = 40_000): DashboardResult => ({
  store: { dataDir: '/tmp/store', source: 'seeded', events: 1_000_000, endMs: 0 },
  range: { days: 7, since: 0, until: 0 },
  runs: 3,
  firstPageScripts: { files: 3, brotli },
  pages,
  chromium: '140.0',
  seconds: 1,
});

describe('pageFigure', () => {
  it('takes the median and the slowest load, and keeps each panel error once', () => {
    const figure = pageFigure('performance', [
      load(900, ['Vitals: too slow']),
      load(300),
      load(500, ['Vitals: too slow']),
    ]);
    expect(figure).toEqual({
      path: 'performance',
      loads: 3,
      medianMs: 500,
      maxMs: 900,
      panels: 4,
      problems: ['Vitals: too slow'],
    });
  });

  it('names the panel drawn last in the median load', () => {
    const slow = (ms: number, title: string) => ({ ...load(ms), slowestPanel: { title, ms: ms - 5 } });
    expect(
      pageFigure('overview', [slow(900, 'NPS'), slow(300, 'Health score'), slow(500, 'Web vitals p75')]).slowestPanel,
    ).toEqual({ title: 'Web vitals p75', ms: 495 });
  });

  it('says why a page never finished drawing, without a median', () => {
    const figure = pageFigure('sessions', [], 'Timeout 60000ms exceeded.');
    expect(figure.medianMs).toBeUndefined();
    expect(figure.problems).toEqual(['did not finish drawing: Timeout 60000ms exceeded.']);
  });
});

describe('dashboardChecks', () => {
  it('holds the overview, the slowest page and the first page bytes to the issue figures', () => {
    const checks = dashboardChecks(
      result([pageFigure('overview', [load(1200)]), pageFigure('product', [load(3400)])], 130 * 1024),
    );
    expect(checks.map((check) => [check.limit.id, check.actual, check.status])).toEqual([
      ['dashboard.firstPage.brotli', 130 * 1024, 'fail'],
      ['dashboard.overview.ms', 1200, 'pass'],
      ['dashboard.slowestPage.ms', 3400, 'fail'],
    ]);
  });

  it('reports "every page" as not measured when one page never drew', () => {
    const checks = dashboardChecks(result([pageFigure('overview', [load(800)]), pageFigure('errors', [], 'timeout')]));
    expect(checks.find((check) => check.limit.id === 'dashboard.slowestPage.ms')?.status).toBe('missing');
    expect(dashboardTable(result([pageFigure('errors', [], 'timeout')]))).toContain('did not finish drawing: timeout');
  });
});

describe('dashboardStoreSettings', () => {
  const numberFromEnv = (env: NodeJS.ProcessEnv) => (name: string, fallback: number) =>
    Number(env[name]) > 0 ? Number(env[name]) : fallback;
  it.each([
    [{}, 100_000, 10_000],
    [{ SCALE_EVENTS: '1000000' }, 1_000_000, 100_000],
    [{ SCALE_EVENTS: '20000' }, 20_000, 2000],
    [{ SCALE_EVENTS: '20000', SCALE_USERS: '500' }, 20_000, 500],
  ])('with %o seeds %d events from %d users', (env, events, users) => {
    const settings = dashboardStoreSettings(scaleSettingsFromEnv(env, numberFromEnv(env)), env);
    expect([settings.events, settings.users]).toEqual([events, users]);
  });
});

describe('prepareDashboardStore', () => {
  const root = mkdtempSync(join(tmpdir(), 'dashboard-store-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const paths = scalePaths(root, join(root, 'results'));
  const settings = dashboardStoreSettings(
    scaleSettingsFromEnv({}, (_name, fallback) => fallback),
    {},
  );

  it("uses the scale bench's kept store as it is, with the window its manifest gives", async () => {
    const scaleDir = join(root, 'scale-data');
    mkdirSync(scaleDir);
    writeFileSync(
      join(scaleDir, 'scale-store.json'),
      JSON.stringify({ endMs: 1_796_540_400_000, historyEvents: 2_888_502 }),
    );
    expect(await prepareDashboardStore(paths, settings, { SCALE_DATA_DIR: scaleDir })).toEqual({
      dataDir: scaleDir,
      source: 'scale bench',
      endMs: 1_796_540_400_000,
      events: 2_888_502,
    });
  });

  it('reuses a store this part seeded before, when it holds the same events from the same seed', async () => {
    const dataDir = join(paths.resultsDir, `dashboard-store-${settings.events}`);
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(
      join(dataDir, 'dashboard-bench.json'),
      JSON.stringify({ events: settings.events, seed: settings.seed, endMs: 7 }),
    );
    // An empty SCALE_DATA_DIR (no manifest) is not a store: the seeded one is used.
    expect(await prepareDashboardStore(paths, settings, { SCALE_DATA_DIR: join(root, 'empty') })).toEqual({
      dataDir,
      source: 'reused',
      events: settings.events,
      seed: settings.seed,
      endMs: 7,
    });
  });
});
