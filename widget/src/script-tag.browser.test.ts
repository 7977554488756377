import { describe, expect, it } from 'vitest';
import type { CrmInsightsGlobal } from './window-global.ts';

// The script tag booted on this page as on a host page: the calls the page queued before it loaded are a plain
// array, and its chunks cannot load (nothing is served beside the tag), so sending fails.
describe('the script tag in Chromium', () => {
  it('replays a queued flush that fails without an unhandled rejection on the page', async () => {
    const rejections: unknown[] = [];
    const onRejection = (event: PromiseRejectionEvent) => {
      rejections.push(event.reason);
      event.preventDefault();
    };
    window.addEventListener('unhandledrejection', onRejection);
    const tag = document.createElement('script');
    tag.type = 'text/plain';
    Object.assign(tag.dataset, { key: 'pk', endpoint: '/insights-api', disable: 'errors,network,console' });
    tag.src = '/no-such-folder/insights.js';
    document.head.append(tag);
    (window as { crmInsights?: unknown }).crmInsights = [['track', 'App Booted'], ['flush']];

    await import('./script-tag.ts');
    const api = (window as { crmInsights?: CrmInsightsGlobal }).crmInsights!;
    // The page's own flush fails the same way, and later: by then the queued one has failed too.
    await expect(api.flush()).rejects.toThrow(/send chunk did not load/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    window.removeEventListener('unhandledrejection', onRejection);
    expect(rejections).toEqual([]);
  });
});
