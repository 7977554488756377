import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/environment.ts';
import { outboxEvents } from '../support/faults.ts';

describe('the demo CRM with the widget installed by its script tag', () => {
  const env = useServerAndBrowser();

  it('stores the event a click makes exactly once, with the page session', async () => {
    const page = await env.browser.newPage();
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await page.goto(`${env.server.origin}/demo/pipeline`);
    await page.getByRole('button', { name: 'Move Northwind annual licence forward' }).click();
    const { sessionId, anonymousId } = await page.evaluate(async () => {
      const insights = (window as unknown as { crmInsights: { flush(): Promise<unknown>; getSessionId(): string } })
        .crmInsights;
      await insights.flush();
      return { sessionId: insights.getSessionId(), anonymousId: localStorage.getItem('crm-insights:anonymous-id') };
    });

    // A reload and another flush must not send it again.
    await page.reload();
    await page.evaluate(() =>
      (window as unknown as { crmInsights: { flush(): Promise<unknown> } }).crmInsights.flush(),
    );

    const stored = await env.server.events({ name: 'Deal Stage Changed' });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      type: 'track',
      sessionId,
      anonymousId,
      props: { deal_id: 1, from: 'Lead', to: 'Qualified', value: 12000 },
      page: { path: '/demo/pipeline' },
      context: { release: 'demo-1.0.0' },
    });
    // The tracked event must have left the outbox once acknowledged. (Vitals reported after the flush may
    // legitimately still be queued, so look for this event rather than an empty store.)
    const queuedNames = (await outboxEvents(page)).map((event) => event.name ?? '');
    expect(queuedNames).not.toContain('Deal Stage Changed');
    // Without the staff extension the bridges and their schemas are never loaded.
    expect(scripts).toContain('/insights.js');
    expect(scripts.some((path) => /^\/insights\/[0-9a-f]{12}\/vitals\.js$/.test(path))).toBe(true);
    expect(scripts.filter((path) => path.endsWith('/bridge.js'))).toEqual([]);
    await page.close();
  });

  it('keeps calls made before the script loaded', async () => {
    const page = await env.browser.newPage();
    // Hold the widget back so the demo's early call has to go through the loader stub's queue.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/insights.js', async (route) => {
      await held;
      await route.continue();
    });
    // An async script holds back the load event, so wait only for the document.
    await page.goto(`${env.server.origin}/demo/`, { waitUntil: 'domcontentloaded' });
    const early = page.evaluate(() => {
      const insights = (window as unknown as { crmInsights: { track(name: string): Promise<unknown> } }).crmInsights;
      void insights.track('Early Call');
      return typeof (insights as unknown as { q?: unknown[] }).q?.length;
    });
    expect(await early).toBe('number');
    release();
    await page.waitForFunction(() => !('q' in (window as unknown as { crmInsights: object }).crmInsights));
    await page.evaluate(() =>
      (window as unknown as { crmInsights: { flush(): Promise<unknown> } }).crmInsights.flush(),
    );
    expect(await env.server.events({ name: 'Early Call' })).toHaveLength(1);
    await page.close();
  });
});
