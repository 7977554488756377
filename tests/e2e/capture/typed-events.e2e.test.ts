import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../server/src/storage/types.ts';
import { useServerAndBrowser } from '../../support/environment.ts';
import { ERROR_MARKERS, missingMarkers, ODD_ERRORS } from './odd-errors-script.ts';
import { deliveredEvents, NO_PROBLEMS, openTypedEventsPage } from './typed-events-page.ts';

/**
 * The widget's own events of the types whose props the API checks (`PROPS_SCHEMAS` in shared/events.ts), made in
 * real Chromium in every odd shape a page produces: each must be accepted and stored, since the outbox drops an
 * event the API refuses.
 */

describe("the widget's own typed events pass the server's props schemas", () => {
  const env = useServerAndBrowser();

  it('errors: thrown, rejected and captured values of every odd shape are accepted and stored', async () => {
    const page = await env.browser.newPage();
    const fixture = await openTypedEventsPage(page, env.server.origin);
    const crossOrigin = env.server.origin.replace('127.0.0.1', 'localhost');
    await page.route(`${crossOrigin}/cross-origin.js`, (route) =>
      route.fulfill({ contentType: 'text/javascript', body: "throw new Error('odd-cross-origin')" }),
    );
    await page.route(`${env.server.origin}/typed-fixture/odd-errors.js`, (route) =>
      route.fulfill({ contentType: 'text/javascript', body: ODD_ERRORS }),
    );
    await page.evaluate((crossOrigin) => {
      const seen: string[] = [];
      (window as unknown as { seenErrors: string[] }).seenErrors = seen;
      window.addEventListener('error', (event) => seen.push(event.message));
      // A cross-origin script without CORS: the browser hides its error as "Script error." with no stack.
      const foreign = document.createElement('script');
      foreign.src = `${crossOrigin}/cross-origin.js`;
      document.head.append(foreign);
    }, crossOrigin);
    await page.addScriptTag({ url: `${env.server.origin}/typed-fixture/odd-errors.js` });
    const { stored, problems } = await deliveredEvents(
      env.server,
      fixture,
      (events) => missingMarkers(events, ERROR_MARKERS).length === 0,
    );
    expect({ ...problems, missing: missingMarkers(stored, ERROR_MARKERS) }).toEqual({ ...NO_PROBLEMS, missing: [] });
    // The cross-origin error reached the page only as "Script error.", which the widget does not report.
    expect(await page.evaluate(() => (window as unknown as { seenErrors: string[] }).seenErrors)).toContain(
      'Script error.',
    );
    expect(missingMarkers(stored, ['odd-cross-origin'])).toEqual(['odd-cross-origin']);
    await page.close();
  });

  it('vitals: all five metrics, with attribution and without, are accepted and stored', async () => {
    const page = await env.browser.newPage();
    const fixture = await openTypedEventsPage(page, env.server.origin);
    // A slow click for INP (Event Timing reports interactions of 16 ms and more), then, well after it, a layout shift.
    await page.evaluate(() =>
      document.getElementById('slow')!.addEventListener('click', () => {
        const until = performance.now() + 40;
        while (performance.now() < until);
      }),
    );
    const cls = (events: StoredEvent[]) => events.filter((event) => event.type === 'vital' && event.name === 'CLS');
    const hasAttribution = (event: StoredEvent) => (event.props as { attribution?: unknown }).attribution !== undefined;
    // CLS is first reported as 0, with no shift to attribute: wait for it before shifting.
    await deliveredEvents(env.server, fixture, (events) => cls(events).length > 0);
    await page.click('#slow');
    await page.waitForTimeout(600);
    await page.evaluate(() => {
      const banner = document.createElement('div');
      banner.style.height = '200px';
      banner.textContent = 'Quarter closed';
      document.body.prepend(banner);
    });
    const names = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'];
    const { stored, problems } = await deliveredEvents(
      env.server,
      fixture,
      (events) =>
        names.every((name) => events.some((event) => event.type === 'vital' && event.name === name)) &&
        cls(events).some(hasAttribution),
    );
    expect(problems).toEqual(NO_PROBLEMS);
    const vitals = stored.filter((event) => event.type === 'vital');
    expect(new Set(vitals.map((event) => event.name))).toEqual(new Set(names));
    expect(cls(stored).filter(hasAttribution)).not.toEqual([]);
    expect(cls(stored).filter((event) => !hasAttribution(event))).not.toEqual([]);
    await page.close();
  });

  it('api: fetch and XHR calls that succeed, fail, are refused, aborted or time out are accepted and stored', async () => {
    const page = await env.browser.newPage();
    const fixture = await openTypedEventsPage(page, env.server.origin);
    const made = await page.evaluate(async () => {
      const quietly = (request: Promise<unknown>) => request.catch(() => undefined);
      const xhr = (method: string, url: string, setUp: (request: XMLHttpRequest) => void = () => undefined) =>
        new Promise<void>((resolve) => {
          const request = new XMLHttpRequest();
          request.open(method, url);
          request.addEventListener('loadend', () => resolve());
          setUp(request);
          request.send();
        });
      const aborted = new AbortController();
      const slow = quietly(fetch('/crm-api/slow', { signal: aborted.signal }));
      setTimeout(() => aborted.abort(), 50);
      await Promise.all([
        quietly(fetch('/crm-api/ok/123')),
        quietly(fetch('/crm-api/missing')),
        quietly(fetch('/crm-api/broken', { method: 'post', body: '{}' })),
        quietly(fetch('/crm-api/offline')),
        quietly(fetch(new Request('/crm-api/ok/7', { method: 'PATCH' }))),
        quietly(fetch(new URL('/crm-api/ok/8', location.href))),
        quietly(fetch(`/crm-api/ok/${'segment-'.repeat(40)}`)),
        quietly(fetch('/crm-api/ok/10', { method: 'M'.repeat(250) })),
        slow,
        xhr('GET', '/crm-api/ok/9'),
        xhr('DELETE', '/crm-api/missing'),
        xhr('GET', '/crm-api/broken'),
        xhr('GET', '/crm-api/offline'),
        xhr('GET', '/crm-api/slow', (request) => setTimeout(() => request.abort(), 50)),
        xhr('GET', '/crm-api/slow', (request) => {
          request.timeout = 50;
        }),
      ]);
      return { fetch: 9, xhr: 6 };
    });
    const api = (events: StoredEvent[], transport: string) =>
      events.filter((event) => event.type === 'api' && (event.props as { transport?: string }).transport === transport);
    const { stored, problems } = await deliveredEvents(
      env.server,
      fixture,
      (events) => api(events, 'fetch').length >= made.fetch && api(events, 'xhr').length >= made.xhr,
    );
    expect(problems).toEqual(NO_PROBLEMS);
    expect({ fetch: api(stored, 'fetch').length, xhr: api(stored, 'xhr').length }).toEqual(made);
    // Failures and 5xx are network errors, 4xx API errors: all of them stored too.
    const errors = stored.filter((event) => event.type === 'error').map((event) => event.name);
    expect(errors.filter((name) => name === 'ApiError')).toHaveLength(2);
    expect(errors.filter((name) => name === 'NetworkError' || name === 'HttpError').length).toBeGreaterThanOrEqual(6);
    await page.close();
  });

  it('page views and identify: loads, SPA changes, manual views and users with and without traits are accepted', async () => {
    const page = await env.browser.newPage();
    const campaign = 'c'.repeat(300);
    const fixture = await openTypedEventsPage(
      page,
      env.server.origin,
      `start?utm_source=newsletter&utm_campaign=${campaign}&utm_medium=&utm_content=${encodeURIComponent('a b&c')}`,
    );
    await page.evaluate(async () => {
      type Method = (...args: unknown[]) => void;
      const insights = (window as unknown as { crmInsights: Record<'page' | 'identify' | 'track', Method> })
        .crmInsights;
      history.pushState({}, '', '/typed-fixture/deals/42');
      history.replaceState({}, '', '/typed-fixture/deals/42?tab=notes');
      history.pushState({}, '', '#activity');
      history.pushState({}, '', `/typed-fixture/${'long-path-'.repeat(100)}`);
      history.back();
      await new Promise((resolve) => setTimeout(resolve, 100));
      insights.page();
      insights.page({ section: 'deals', filters: { stage: ['won'] } });
      insights.identify('user-plain');
      insights.identify('user-traits', { role: 'manager', plan: 'pro', teamSize: 12, email: 'ada@example.com' });
      insights.identify('user-null-traits', null);
      insights.identify('user-list-traits', ['a', 'b']);
      insights.identify('u'.repeat(300), { role: 'manager' });
      insights.track('After Long User');
    });
    const count = (events: StoredEvent[], type: string) => events.filter((event) => event.type === type).length;
    const { stored, problems } = await deliveredEvents(
      env.server,
      fixture,
      (events) => count(events, 'page') >= 7 && events.some((event) => event.name === 'After Long User'),
    );
    expect(problems).toEqual(NO_PROBLEMS);
    const views = stored
      .filter((event) => event.type === 'page')
      .map((event) => (event.props as { cause: string }).cause)
      .sort();
    expect(views).toEqual(['load', 'manual', 'manual', 'pop', 'push', 'push', 'replace']);
    const load = stored.find((event) => event.type === 'page' && (event.props as { cause: string }).cause === 'load');
    expect(load?.props).toMatchObject({ utm: { source: 'newsletter', campaign: 'c'.repeat(200), content: 'a b&c' } });
    expect(
      stored
        .filter((event) => event.type === 'identify')
        .map((event) => event.userId)
        .sort(),
    ).toEqual(['user-list-traits', 'user-null-traits', 'user-plain', 'user-traits']);
    // A user id over the name limit is refused in the page: later events carry the last good user, and are stored.
    expect(stored.find((event) => event.name === 'After Long User')?.userId).toBe('user-list-traits');
    await page.close();
  });
});
