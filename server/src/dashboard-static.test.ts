import { Hono } from 'hono';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountDashboard } from './dashboard-static.ts';
import { securityHeaders } from './static.ts';

describe('mountDashboard', () => {
  let dir: string;
  const app = new Hono();
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'crm-insights-dashboard-'));
    mkdirSync(join(dir, 'dashboard/assets'), { recursive: true });
    writeFileSync(join(dir, 'dashboard/index.html'), '<!doctype html><title>dashboard</title>');
    writeFileSync(join(dir, 'dashboard/replay.html'), '<!doctype html><title>replay</title>');
    writeFileSync(join(dir, 'dashboard/assets/main.js'), 'export {};');
    // What the build's precompress step writes beside each asset.
    writeFileSync(join(dir, 'dashboard/assets/main.js.gz'), gzipSync('export {};'));
    // As in the server: the site-wide headers run first and must not replace the dashboard's own policies.
    app.use('*', securityHeaders);
    mountDashboard(app, dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers every page path with index.html under the strict CSP, so deep links work', async () => {
    for (const path of ['/dashboard/', '/dashboard/errors/fp-1', '/dashboard/experiments/pipeline-layout?range=7d']) {
      const response = await app.request(path);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<title>dashboard</title>');
      const csp = response.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("style-src 'self';");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/unsafe/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
    expect((await app.request('/dashboard')).headers.get('location')).toBe('/dashboard/');
  });

  it('serves assets as files and the replay frame under its own policy', async () => {
    const script = await app.request('/dashboard/assets/main.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await app.request('/dashboard/assets/missing.js')).status).toBe(404);
    const compressed = await app.request('/dashboard/assets/main.js', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(compressed.headers.get('content-encoding')).toBe('gzip');
    expect(compressed.headers.get('etag')).toMatch(/-gzip"$/);
    const frame = await app.request('/dashboard/replay.html');
    expect(await frame.text()).toContain('<title>replay</title>');
    expect(frame.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect(frame.headers.get('content-security-policy')).toContain("script-src 'self';");
  });

  it('says how to build the dashboard when it is missing', async () => {
    const bare = new Hono();
    mountDashboard(bare, join(dir, 'nowhere'));
    const response = await bare.request('/dashboard/');
    expect(response.status).toBe(404);
    const text = await response.text();
    expect(text).toMatch(/dashboard not built: run "npm run build"/);
    expect(text).not.toContain(dir);
  });
});
