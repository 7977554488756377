import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../../support/environment.ts';
import { callInsights, openFixturePage } from '../feedback/fixture-page.ts';

/**
 * The tracking plan end to end: the API tags an event that breaks the CRM plan `off-plan` (and stores it), and in
 * debug mode the script tag loads the plan and says so in the console.
 */
describe('the tracking plan', () => {
  const env = useServerAndBrowser();

  it('is enforced by the API, and warned about in the console in debug mode', async () => {
    const page = await env.browser.newPage();
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await openFixturePage(page, env.server.origin);
    // The plan is a chunk that loads in debug mode: calls are checked once it is in.
    await expect
      .poll(async () => {
        await callInsights(page, 'track', 'Plan Probe');
        return warnings.some((text) => text.includes('"Plan Probe" is not in the tracking plan'));
      })
      .toBe(true);
    await callInsights(page, 'track', 'Deal Won', { deal_id: 'D-7', value: 5 });
    await callInsights(page, 'track', 'Deal Won', { deal_id: 7, value: 5 });
    await callInsights(page, 'flush');

    const stored = await env.server.events({ name: 'Deal Won' });
    const byDeal = Object.fromEntries(
      stored.map((event) => [String((event.props as { deal_id: unknown }).deal_id), event.tags]),
    );
    expect(byDeal).toEqual({ 'D-7': ['off-plan'], 7: undefined });
    expect(warnings.filter((text) => text.includes('"Deal Won" breaks the tracking plan'))).toEqual([
      '[crm-insights] "Deal Won" breaks the tracking plan (sent, tagged off-plan): Deal Won.deal_id must be a number',
    ]);
    await page.close();
  });
});
