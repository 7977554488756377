import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { debugCalls } from '../../../scripts/strip-debug.mjs';
import { useServerAndBrowser } from '../../support/environment.ts';
import { TEST_WRITE_KEY } from '../../support/server.ts';

const publicDir = resolve('dist/public');

/** Every fixed piece of text the widget's debug messages print, long and plain enough to search a bundle for. */
function debugFragments(): string[] {
  const sources = execFileSync('git', ['ls-files', 'widget/src'], { encoding: 'utf8' })
    .split('\n')
    .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file));
  const fragments = sources.flatMap((file) =>
    debugCalls(readFileSync(file, 'utf8'), file).flatMap((call: { messages: string[] }) => call.messages),
  );
  // esbuild escapes non-ASCII and may re-quote, so only plain ASCII without quotes is searched for.
  return [
    ...new Set(fragments.filter((text) => text.length >= 16 && /^[\x20-\x7e]+$/.test(text) && !/["'`\\]/.test(text))),
  ];
}

/** The script and the chunks in the hashed folder it names, as one text. */
function bundleText(script: string): string {
  const code = readFileSync(join(publicDir, script), 'utf8');
  const folder = /insights\/([0-9a-f]{12})\//.exec(code)?.[1];
  expect(folder, `${script} names its chunk folder`).toBeDefined();
  const dir = join(publicDir, 'insights', folder!);
  const chunks = readdirSync(dir).filter((file) => file.endsWith('.js'));
  expect(chunks.length).toBeGreaterThan(3);
  return [code, ...chunks.map((file) => readFileSync(join(dir, file), 'utf8'))].join('\n');
}

/** Opens a page with the production script tag (`data-debug` or not) and collects its console warnings. */
async function openPage(page: Page, origin: string, debug: boolean): Promise<string[]> {
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
  await page.route(`${origin}/debug-fixture/`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      headers: { 'Content-Security-Policy': "default-src 'self'; script-src 'self'; connect-src 'self'" },
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Debug</title>
        <script async src="/insights.js" data-endpoint="/api" data-key="${TEST_WRITE_KEY}"${debug ? ' data-debug' : ''}></script>
        </head><body><main>CRM</main></body></html>`,
    }),
  );
  await page.goto(`${origin}/debug-fixture/`);
  await page.waitForFunction(
    () => typeof (window as { crmInsights?: { track?: unknown } }).crmInsights?.track === 'function',
  );
  return warnings;
}

describe('the debug build', () => {
  const env = useServerAndBrowser();

  it('keeps every debug message, and the production build (core and chunks) has none of them', () => {
    const fragments = debugFragments();
    // Enough messages found that the two checks below are not vacuous (lazy features pass their texts to
    // `lazyFeature`, not to `warn`, so they are not counted here; terser drops them once the warn call is gone).
    expect(fragments.length).toBeGreaterThan(10);
    const production = bundleText('insights.js');
    const debug = bundleText('insights.debug.js');
    expect(fragments.filter((text) => production.includes(text))).toEqual([]);
    expect(fragments.filter((text) => !debug.includes(text))).toEqual([]);
  });

  it('is what a tag with data-debug runs: the production script hands over, and the messages print in Chromium', async () => {
    const page = await env.browser.newPage();
    const warnings = await openPage(page, env.server.origin, true);
    await page.evaluate(() =>
      (window as unknown as { crmInsights: { track(name: string): void } }).crmInsights.track(''),
    );
    // The event name is logged as a second argument, after the message.
    const message = '[crm-insights] track(name, props) needs a non-empty event name';
    await expect.poll(() => warnings.filter((text) => text.startsWith(message))).toHaveLength(1);
    const scripts = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname),
    );
    expect(scripts).toEqual(expect.arrayContaining(['/insights.js', '/insights.debug.js']));
    await page.close();
  });

  it('is not loaded without data-debug, and the production script prints nothing then', async () => {
    const page = await env.browser.newPage();
    const warnings = await openPage(page, env.server.origin, false);
    await page.evaluate(() =>
      (window as unknown as { crmInsights: { track(name: string): void } }).crmInsights.track(''),
    );
    const scripts = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname),
    );
    expect(scripts).toContain('/insights.js');
    expect(scripts).not.toContain('/insights.debug.js');
    expect(warnings).toEqual([]);
    await page.close();
  });

  it('is served cacheable for five minutes, like the production script', async () => {
    const response = await fetch(`${env.server.origin}/insights.debug.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await response.text()).toContain('track(name, props) needs a non-empty event name');
  });
});
