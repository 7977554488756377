import { Hono } from 'hono';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { HTML_CSP, mountStatic, REPLAY_VIEWER_CSP } from './static.ts';

describe('the static files the server serves', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-insights-public-'));
  mkdirSync(join(dir, 'demo', 'replay'), { recursive: true });
  writeFileSync(
    join(dir, 'demo', 'index.html'),
    '<!doctype html><script src="/insights.js" data-key="__INSIGHTS_WRITE_KEY__"></script>',
  );
  writeFileSync(join(dir, 'insights.js'), 'void 0;');
  const app = new Hono();
  mountStatic(app, dir, 'pk_demo');
  const missing = new Hono();
  mountStatic(missing, join(dir, 'not-built'), 'pk_demo');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['/demo/', HTML_CSP],
    ['/demo/replay/', REPLAY_VIEWER_CSP],
  ])('sends %s with nosniff and a strict Content-Security-Policy', async (path, policy) => {
    const response = await app.request(path);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('data-key="pk_demo"');
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(response.headers.get('Content-Security-Policy')).toBe(policy);
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  });

  it('sends the widget with nosniff', async () => {
    const response = await app.request('/insights.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
  });

  it('answers a missing demo with 404 without naming where the server keeps its files', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const response = await missing.request('/demo/');
    const text = await response.text();
    expect(response.status).toBe(404);
    expect(text).toBe('demo not built: run "npm run build" on the server');
    expect(text).not.toContain(dir);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(join(dir, 'not-built')));
    warn.mockRestore();
  });
});
