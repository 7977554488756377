import { describe, expect, it } from 'vitest';
import { useServerAndExtension } from '../support/environment.ts';
import { openPanel } from '../support/extension.ts';

describe('the built extension', () => {
  const env = useServerAndExtension();

  it('shows in its side panel the session id the page has, and the queue draining', async () => {
    const page = await env.browser.context.newPage();
    const bridgeLoaded = page.waitForRequest((request) =>
      /^\/insights\/[0-9a-f]{12}\/bridge\.js$/.test(new URL(request.url()).pathname),
    );
    await page.goto(`${env.server.origin}/demo/`);
    // The extension's content script speaks first, which is what loads the bridge chunk.
    await bridgeLoaded;
    const sessionId = await page.waitForFunction(() => {
      const insights = (window as unknown as { crmInsights?: { getSessionId?: () => string } }).crmInsights;
      return insights?.getSessionId?.();
    });
    const { panel } = await openPanel(env.browser, page);
    await expect.poll(() => panel.getByTestId('session-id').textContent()).toBe(await sessionId.jsonValue());

    await page.evaluate(async () => {
      const insights = (window as unknown as { crmInsights: { track(name: string): void; flush(): Promise<unknown> } })
        .crmInsights;
      insights.track('Panel Check');
      await insights.flush();
    });
    // Other collectors (page views, vitals, exposures) share the batch, so the count delivered is at least ours.
    await expect.poll(() => panel.getByTestId('last-sync').textContent()).toMatch(/delivered [1-9]\d*/);
    expect(await env.server.events({ name: 'Panel Check' })).toHaveLength(1);
    // Vitals may be reported after the flush; flushing again each time, the panel must see the queue reach zero.
    await expect
      .poll(async () => {
        await page.evaluate(() =>
          (window as unknown as { crmInsights: { flush(): Promise<unknown> } }).crmInsights.flush(),
        );
        return panel.getByTestId('queued').textContent();
      })
      .toBe('0');
  });

  it('says so when the page has no widget', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(`${env.server.origin}/api/health`);
    const { panel } = await openPanel(env.browser, page);
    await expect
      .poll(() => panel.getByTestId('widget-missing').textContent(), { timeout: 10_000 })
      .toMatch(/widget not found/);
  });
});
