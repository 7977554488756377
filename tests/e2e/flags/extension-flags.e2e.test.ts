import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { evaluateFlag } from '../../../shared/flags/evaluate-flag.ts';
import type { FlagsConfig } from '../../../shared/flags/types.ts';
import { uuidv7 } from '../../../shared/uuid.ts';
import { startServer } from '../../../server/src/node-server.ts';
import { launchBrowser } from '../../support/browser.ts';
import { useServerAndExtension } from '../../support/environment.ts';
import { openPanel } from '../../support/extension.ts';

const EXPERIMENT = 'pipeline-layout';
const demoFlags = JSON.parse(readFileSync('server/flags.example.json', 'utf8')) as FlagsConfig;

/** An anonymous id the real engine assigns to `control`, so forcing B and clearing it are both visible. */
function controlUserId(): string {
  for (let i = 0; ; i++) {
    const id = uuidv7(Date.now() + i);
    if (evaluateFlag(EXPERIMENT, demoFlags, { id }).value === 'control') return id;
  }
}

type Insights = {
  getVariant(key: string): string | undefined;
  flush(): Promise<unknown>;
  flags: { state(): { overrideStatus: string; configSource: string } };
};

/** The customer's production page: the same demo with the script tag in production mode. */
async function inProductionMode(page: Page): Promise<void> {
  await page.route('**/demo/pipeline', async (route) => {
    const response = await route.fetch();
    await route.fulfill({
      response,
      body: (await response.text()).replace(
        '<script async src="/insights.js"',
        '<script async data-production src="/insights.js"',
      ),
    });
  });
}

/** A page script that reads every message on the extension's port, as any script on the page can. */
async function sniffPort(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.addEventListener('message', (event) => {
      const port = event.ports[0];
      if ((event.data as { kind?: string } | null)?.kind !== 'connect' || !port) return;
      port.addEventListener('message', (message) => {
        const token = (message.data as { token?: string } | null)?.token;
        if (token) (window as unknown as { leakedToken?: string }).leakedToken = token;
      });
    });
  });
}

describe('flags and experiments through the built extension', () => {
  const env = useServerAndExtension();

  /** Opens the demo's Pipeline page as a user the hash puts in `control`, and the side panel inspecting it. */
  async function openPipelineAndPanel(
    production = false,
    origin = env.server.origin,
    prepare?: (page: Page) => Promise<void>,
  ): Promise<{ page: Page; panel: Page; tabId: number }> {
    const page = await env.browser.context.newPage();
    await prepare?.(page);
    const userId = controlUserId();
    await page.addInitScript((id) => localStorage.setItem('crm-insights:anonymous-id', id), userId);
    if (production) await inProductionMode(page);
    await page.goto(`${origin}/demo/pipeline`);
    // The config is there (from the API, or cached by an earlier page), so what the page shows is the hash's doing.
    await expect
      .poll(() =>
        page.evaluate(() => (window as unknown as { crmInsights?: Insights }).crmInsights?.flags?.state().configSource),
      )
      .toMatch(/^(network|cache)$/);
    await expect.poll(() => page.getByTestId('pipeline-layout').getAttribute('data-layout')).toBe('control');
    const { panel, tabId } = await openPanel(env.browser, page);
    await expect
      .poll(() => panel.getByTestId(`experiment-variation-${EXPERIMENT}`).textContent(), { timeout: 10_000 })
      .toBe('control');
    return { page, panel, tabId };
  }

  it('QA forces variation B: the page shows B, the exposure is tagged forced, and "clear all" brings back the hash', async () => {
    const { page, panel, tabId } = await openPipelineAndPanel();
    await panel.getByTestId(`force-experiment-${EXPERIMENT}`).selectOption('B');

    await expect.poll(() => page.getByTestId('pipeline-layout').getAttribute('data-layout')).toBe('B');
    await expect.poll(() => page.locator('crm-insights-overrides').getAttribute('data-count')).toBe('1');
    await expect
      .poll(() => env.browser.serviceWorker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId))
      .toBe('1');
    await expect.poll(() => panel.getByTestId(`experiment-variation-${EXPERIMENT}`).textContent()).toBe('B');

    // Overrides survive a reload: the content script hands them over again before the page reads the variation.
    await page.reload();
    await expect.poll(() => page.getByTestId('pipeline-layout').getAttribute('data-layout')).toBe('B');

    await page.evaluate(() => (window as unknown as { crmInsights: Insights }).crmInsights.flush());
    const exposures = await env.server.events({ type: 'exposure' });
    const forced = exposures.filter(
      (event) => event.props?.experiment === EXPERIMENT && event.props?.variation === 'B',
    );
    expect(forced).toHaveLength(1);
    expect(forced[0]).toMatchObject({
      props: { forced: true },
      tags: expect.arrayContaining(['forced', 'overridden']),
    });
    // Every event carries the active variants, and the override mark while one shapes them.
    expect(forced[0]!.context).toMatchObject({ experiments: { [EXPERIMENT]: 'B' }, overridden: true });
    const hashed = exposures.filter(
      (event) => event.props?.experiment === EXPERIMENT && event.props?.variation === 'control',
    );
    expect(hashed).toHaveLength(1);
    expect(hashed[0]!.props).toMatchObject({ forced: false, hashAttribute: 'id' });

    // Forcing a flag value flips what the page renders behind it.
    const badgeOn = await page.evaluate(() =>
      (window as unknown as { crmInsights: { isOn(key: string): boolean } }).crmInsights.isOn('deal-value-badge'),
    );
    await expect.poll(async () => (await page.getByTestId('deal-value-badge').count()) > 0).toBe(badgeOn);
    await panel.getByLabel('Force deal-value-badge (JSON; empty releases it)').fill(String(!badgeOn));
    await panel.getByLabel('Force deal-value-badge (JSON; empty releases it)').press('Enter');
    await expect.poll(async () => (await page.getByTestId('deal-value-badge').count()) > 0).toBe(!badgeOn);
    await expect.poll(() => page.locator('crm-insights-overrides').getAttribute('data-count')).toBe('2');
    await expect.poll(() => panel.getByTestId('flag-value-deal-value-badge').textContent()).toBe(String(!badgeOn));

    await panel.getByTestId('clear-overrides').click();
    await expect.poll(() => page.getByTestId('pipeline-layout').getAttribute('data-layout')).toBe('control');
    await expect.poll(async () => (await page.getByTestId('deal-value-badge').count()) > 0).toBe(badgeOn);
    await expect.poll(() => page.locator('crm-insights-overrides').count()).toBe(0);
    await expect
      .poll(() => env.browser.serviceWorker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId))
      .toBe('');
    await page.close();
    await panel.close();
  });

  it('ignores overrides forged by the page, on the window or through a port of its own', async () => {
    const { page, panel } = await openPipelineAndPanel();
    const answer = await page.evaluate(
      (experiment) =>
        new Promise<unknown>((resolve) => {
          const overrides = { experiments: { [experiment]: 'B' } };
          window.postMessage(
            { channel: 'crm-insights', direction: 'to-widget', kind: 'overrides', overrides },
            location.origin,
          );
          const channel = new MessageChannel();
          // The widget answers on the port it refuses, which also proves it handled the window message before it.
          channel.port1.onmessage = (event) => resolve(event.data);
          window.postMessage({ channel: 'crm-insights', direction: 'to-widget', kind: 'connect' }, location.origin, [
            channel.port2,
          ]);
          channel.port1.postMessage({ channel: 'crm-insights', kind: 'overrides', overrides });
        }),
      EXPERIMENT,
    );
    expect(answer).toEqual({ channel: 'crm-insights', kind: 'taken' });
    expect(
      await page.evaluate(
        (key) => (window as unknown as { crmInsights: Insights }).crmInsights.getVariant(key),
        EXPERIMENT,
      ),
    ).toBe('control');
    await expect.poll(() => page.getByTestId('pipeline-layout').getAttribute('data-layout')).toBe('control');
    expect(await page.locator('crm-insights-overrides').count()).toBe(0);

    // A forged "widget ready" does not make the extension drop its live channel: QA can still force.
    await page.evaluate(() =>
      window.postMessage({ channel: 'crm-insights', direction: 'from-widget', kind: 'ready' }, location.origin),
    );
    await panel.getByTestId(`force-experiment-${EXPERIMENT}`).selectOption('B');
    await expect.poll(() => page.getByTestId('pipeline-layout').getAttribute('data-layout')).toBe('B');
    await panel.getByTestId('clear-overrides').click();
    await expect.poll(() => page.getByTestId('pipeline-layout').getAttribute('data-layout')).toBe('control');

    // The Live tab streams what the widget captures.
    await panel.getByTestId('tab-live').click();
    await page.evaluate(() =>
      (window as unknown as { crmInsights: { track(name: string): void } }).crmInsights.track('Live Check'),
    );
    await expect.poll(() => panel.getByTestId('live-events').textContent()).toMatch(/trackLive Check/);
    await page.evaluate(() =>
      setTimeout(() => {
        throw new Error('Live tab check');
      }),
    );
    await panel.getByTestId('live-filter').selectOption('error');
    await expect.poll(() => panel.getByTestId('live-events').textContent()).toMatch(/Live tab check/);
    await page.close();
    await panel.close();
  });

  it('in production mode, ignores an override that comes without a signed override token', async () => {
    const { page, panel } = await openPipelineAndPanel(true);
    await panel.getByTestId(`force-experiment-${EXPERIMENT}`).selectOption('B');
    await expect
      .poll(() =>
        page.evaluate(() => (window as unknown as { crmInsights: Insights }).crmInsights.flags.state().overrideStatus),
      )
      .toBe('ignored-unsigned');
    await expect.poll(() => panel.getByTestId('override-status').textContent()).toMatch(/ignores these overrides/);
    await expect.poll(() => page.locator('crm-insights-overrides').getAttribute('data-ignored')).toBe('true');
    expect(await page.getByTestId('pipeline-layout').getAttribute('data-layout')).toBe('control');
    expect(
      await page.evaluate(
        (key) => (window as unknown as { crmInsights: Insights }).crmInsights.getVariant(key),
        EXPERIMENT,
      ),
    ).toBe('control');
    await panel.getByTestId('clear-overrides').click();
    await page.close();
    await panel.close();
  });

  it('in production mode, applies an override signed for this origin and browser; the token leaked to the page changes nothing for another visitor', async () => {
    // A server that knows a staff token (the shared test server has none), on its own port: its own origin.
    const dataDir = mkdtempSync(join(tmpdir(), 'crm-insights-flags-'));
    const staffToken = 'staff_e2e_flags_token';
    const signing = await startServer({
      host: '127.0.0.1',
      port: 0,
      dataDir,
      writeKey: 'pk_test_write',
      readKey: 'sk_test_read',
      publicDir: resolve('dist/public'),
      generatedKeys: [],
      staffTokens: [staffToken],
    });
    const visitorBrowser = await launchBrowser();
    try {
      const { page, panel } = await openPipelineAndPanel(true, signing.origin, sniffPort);
      // Forced before signing in: the page refuses it, and the panel says what is missing.
      await panel.getByTestId(`force-experiment-${EXPERIMENT}`).selectOption('B');
      await expect.poll(() => panel.getByRole('alert').textContent()).toMatch(/Not signed in/);
      expect(await page.getByTestId('pipeline-layout').getAttribute('data-layout')).toBe('control');
      await panel.getByTestId('tab-settings').click();
      await panel.getByText('Use a staff token instead').click();
      await panel.getByTestId('settings-endpoint').fill(`${signing.origin}/api`);
      await panel.getByLabel('Staff token').fill(staffToken);
      await panel.getByRole('button', { name: 'Save staff token' }).click();
      await expect
        .poll(() => panel.getByTestId('auth-status').textContent())
        .toMatch(/Signed in to .* \(staff token\)/);

      // Signing in is enough: the page asks for a token again and applies the override.
      await expect.poll(() => page.getByTestId('pipeline-layout').getAttribute('data-layout')).toBe('B');
      expect(
        await page.evaluate(
          () => (window as unknown as { crmInsights: Insights }).crmInsights.flags.state().overrideStatus,
        ),
      ).toBe('applied');
      await panel.getByTestId('tab-flags').click();

      // A page script read the signed token off the port. Replayed on another visitor's page (another browser,
      // another anonymous id) through a port of its own, it is refused: that visitor still sees the hash's choice.
      const leaked = await page.evaluate(() => (window as unknown as { leakedToken?: string }).leakedToken);
      expect(leaked).toMatch(/^ot1\./);
      const visitor = await (await visitorBrowser.newContext()).newPage();
      await visitor.addInitScript((id) => localStorage.setItem('crm-insights:anonymous-id', id), controlUserId());
      await inProductionMode(visitor);
      await visitor.goto(`${signing.origin}/demo/pipeline`);
      await expect
        .poll(() =>
          visitor.evaluate(
            () => (window as unknown as { crmInsights?: Insights }).crmInsights?.flags?.state().configSource,
          ),
        )
        .toMatch(/^(network|cache)$/);
      const replayed = await visitor.evaluate(
        ([experiment, token]) =>
          new Promise<unknown>((resolve) => {
            const channel = new MessageChannel();
            channel.port1.onmessage = (event) => {
              if (
                (event.data as { kind?: string }).kind === 'flags' &&
                (event.data as { flags: { overrideStatus: string } }).flags.overrideStatus !== 'none'
              )
                resolve(event.data.flags.overrideStatus);
            };
            window.postMessage({ channel: 'crm-insights', direction: 'to-widget', kind: 'connect' }, location.origin, [
              channel.port2,
            ]);
            channel.port1.postMessage({
              channel: 'crm-insights',
              kind: 'overrides',
              overrides: { experiments: { [experiment]: 'B' } },
              token,
            });
          }),
        [EXPERIMENT, leaked!] as const,
      );
      expect(replayed).toBe('ignored-invalid-token');
      expect(await visitor.getByTestId('pipeline-layout').getAttribute('data-layout')).toBe('control');
      expect(
        await visitor.evaluate(
          (key) => (window as unknown as { crmInsights: Insights }).crmInsights.getVariant(key),
          EXPERIMENT,
        ),
      ).toBe('control');

      await panel.getByTestId('clear-overrides').click();
      await expect.poll(() => page.getByTestId('pipeline-layout').getAttribute('data-layout')).toBe('control');
      await page.close();
      await panel.close();
    } finally {
      await visitorBrowser.close();
      await signing.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
