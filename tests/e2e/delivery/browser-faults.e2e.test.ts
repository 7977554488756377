import type { BrowserContext, Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useFaultLab } from '../../support/fault-lab.ts';
import {
  FAULT_PAGE_PATH,
  expectExactlyOnce,
  injectFault,
  openFaultPage,
  outboxCount,
  passThrough,
  reportedDrops,
  storedEvents,
  trackNumbered,
  waitForWidget,
} from '../../support/faults.ts';

// Faults of the browser side: the network going away, tabs closing, the renderer crashing, storage missing or
// full, a burst. The server and its database stay real; each test counts what arrived.
describe('delivery under browser faults', () => {
  const lab = useFaultLab();
  let context: BrowserContext;
  const newContext = async (attributes: Record<string, string> = {}) => (context = await lab.newContext(attributes));
  const hold = lab.hold;

  it('offline, reload while offline, back online: the new page sends what the old one stored', async () => {
    await newContext();
    // The page and script come from the test (so they load offline); the API sees the real offline network.
    await context.route('**/insights.js', async (route) => route.fulfill({ response: await route.fetch() }));
    await context.setOffline(true);
    const page = await openFaultPage(context, lab.server);
    await trackNumbered(page, 'Fault offline', 0, 6);
    await expect.poll(() => outboxCount(page, 'Fault offline')).toBe(6);
    await page.reload();
    await waitForWidget(page);
    await trackNumbered(page, 'Fault offline', 6, 3);
    await expect.poll(() => outboxCount(page, 'Fault offline')).toBe(9);
    expect(await lab.server.events({ name: 'Fault offline' })).toEqual([]);
    await context.setOffline(false);
    expectExactlyOnce(await storedEvents(lab.server, 'Fault offline', 9), undefined, 9);
    await expect.poll(() => outboxCount(page, 'Fault offline')).toBe(0);
    expect(lab.pageErrors).toEqual([]);
  });

  it.each([2, 3])(
    '%i tabs generating at once, the sending tab closed mid-send: another takes over, each event once',
    async (tabs) => {
      const name = `Fault ${tabs} tabs`;
      await newContext();
      let first = true;
      const log = await injectFault(context, name, (route: Route) => {
        if (!first) return passThrough(route);
        first = false;
        return hold();
      });
      const pages: Page[] = [];
      for (let tab = 0; tab < tabs; tab++) pages.push(await openFaultPage(context, lab.server));
      await Promise.all(pages.map((page, tab) => trackNumbered(page, name, tab * 5, 5)));
      await expect.poll(() => log.requests.length).toBeGreaterThanOrEqual(1);
      const sender = log.requests[0]!.page!;
      expect(pages).toContain(sender);
      await sender.close();
      const rest = pages.filter((page) => page !== sender);
      await Promise.all(rest.map((page, index) => trackNumbered(page, name, (tabs + index) * 5, 5)));
      const generated = (tabs + rest.length) * 5;
      expectExactlyOnce(await storedEvents(lab.server, name, generated), log, generated);
      // One sender per origin: after the takeover every request came from one surviving tab.
      const senders = new Set(log.requests.slice(1).map((request) => request.page));
      expect(senders.size).toBe(1);
      expect(rest).toContain([...senders][0]);
      expect(lab.pageErrors).toEqual([]);
    },
  );

  it('the renderer crashed mid-send: the next page delivers what the crashed one had stored, once', async () => {
    await newContext();
    let crashed = false;
    const log = await injectFault(context, 'Fault crash', (route) => (crashed ? passThrough(route) : hold()));
    const page = await openFaultPage(context, lab.server);
    await trackNumbered(page, 'Fault crash', 0, 8);
    await expect.poll(() => log.requests.length).toBeGreaterThanOrEqual(1);
    expect(await outboxCount(page, 'Fault crash')).toBeGreaterThanOrEqual(8);
    // Chromium's crash URL kills the renderer for real (CDP's Page.crash leaves this headless build unable to open
    // another page in the context).
    const crash = page.waitForEvent('crash');
    await page.goto('chrome://crash').catch(() => undefined);
    await crash;
    crashed = true;
    lab.release();
    await openFaultPage(context, lab.server);
    expectExactlyOnce(await storedEvents(lab.server, 'Fault crash', 8), log, 8);
  });

  it('IndexedDB unavailable: events go through the memory outbox and arrive once', async () => {
    await newContext();
    await context.addInitScript(() =>
      Object.defineProperty(window, 'indexedDB', { configurable: true, get: () => undefined }),
    );
    const log = await injectFault(context, 'Fault no IndexedDB');
    const page = await openFaultPage(context, lab.server);
    expect(await page.evaluate(() => typeof indexedDB)).toBe('undefined');
    await trackNumbered(page, 'Fault no IndexedDB', 0, 10);
    expectExactlyOnce(await storedEvents(lab.server, 'Fault no IndexedDB', 10), log, 10);
    expect(lab.pageErrors).toEqual([]);
  });

  it('storage quota exceeded: writes fail, events are kept in memory and arrive once', async () => {
    await newContext({ 'flush-delay': '300' });
    const log = await injectFault(context, 'Fault quota');
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: lab.server.origin, quotaSize: 1 });
    await page.goto(`${lab.server.origin}${FAULT_PAGE_PATH}`);
    await waitForWidget(page);
    // The quota really refuses writes: a direct IndexedDB write fails.
    const direct = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const open = indexedDB.open('quota-probe', 1);
          open.onupgradeneeded = () => open.result.createObjectStore('s');
          open.onerror = () => resolve(open.error?.name ?? 'error');
          open.onsuccess = () => {
            const transaction = open.result.transaction('s', 'readwrite');
            transaction.objectStore('s').put('x'.repeat(100_000), 'k');
            transaction.oncomplete = () => resolve('stored');
            transaction.onabort = () => resolve(transaction.error?.name ?? 'aborted');
          };
        }),
    );
    expect(direct).toBe('QuotaExceededError');
    await trackNumbered(page, 'Fault quota', 0, 10);
    expectExactlyOnce(await storedEvents(lab.server, 'Fault quota', 10), log, 10);
    expect(lab.pageErrors).toEqual([]);
  });

  it('a burst of 10,000 events: each stored once, or dropped by the outbox bound and counted', async () => {
    await newContext({ 'batch-size': '100' });
    const page = await openFaultPage(context, lab.server);
    // Long tasks while the outbox is written and drained (after the page's own tracking loops), reported as a figure.
    await page.evaluate(() => {
      const tasks: number[] = [];
      (window as unknown as { longTasks: number[] }).longTasks = tasks;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) tasks.push(Math.round(entry.duration));
      }).observe({ type: 'longtask' });
    });
    const loops: number[] = [];
    for (let from = 0; from < 10_000; from += 1000) {
      loops.push(await page.evaluate(() => performance.now()));
      await trackNumbered(page, 'Fault burst', from, 1000);
      loops[loops.length - 1] = Math.round((await page.evaluate(() => performance.now())) - loops[loops.length - 1]!);
    }
    // With the default bound (10,000 items) the sender drains while the burst is written, so nothing should be
    // dropped; if the outbox did overflow, every missing event must be counted in a client report.
    await expect
      .poll(
        async () =>
          (await lab.server.events({ name: 'Fault burst' })).length + ((await reportedDrops(lab.server)).overflow ?? 0),
        { timeout: 60_000, interval: 250 },
      )
      .toBeGreaterThanOrEqual(10_000);
    const stored = await lab.server.events({ name: 'Fault burst' });
    const storedNumbers = new Set(stored.map((event) => (event.props as { n: number }).n));
    const missing = Array.from({ length: 10_000 }, (_unused, n) => n).filter((n) => !storedNumbers.has(n));
    expectExactlyOnce(stored, undefined, 10_000, missing);
    expect(missing.length).toBeLessThanOrEqual((await reportedDrops(lab.server)).overflow ?? 0);
    const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    console.log(
      `burst of 10,000: ${stored.length} stored, ${missing.length} dropped and counted; 1000 track() calls took ${loops.join('/')} ms; long tasks: ${longTasks.join(', ') || 'none'} (ms, including the page's own tracking loops)`,
    );
    expect(lab.pageErrors).toEqual([]);
  });

  it('page hidden: what waits goes out with keepalive and leaves the outbox on 2xx', async () => {
    await newContext({ 'flush-delay': '600000' });
    const contentTypes: string[] = [];
    const log = await injectFault(context, 'Fault hidden', (route) => {
      contentTypes.push(route.request().headers()['content-type'] ?? '');
      return passThrough(route);
    });
    const page = await openFaultPage(context, lab.server);
    await trackNumbered(page, 'Fault hidden', 0, 4);
    await expect.poll(() => outboxCount(page, 'Fault hidden')).toBe(4);
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    expectExactlyOnce(await storedEvents(lab.server, 'Fault hidden', 4), log, 4);
    expect(contentTypes[0]).toMatch(/^text\/plain/);
    await expect.poll(() => outboxCount(page, 'Fault hidden')).toBe(0);
  });

  it('leaving the page: what waits goes out as the page unloads, and the next page does not store it twice', async () => {
    await newContext({ 'flush-delay': '600000' });
    const page = await openFaultPage(context, lab.server);
    await trackNumbered(page, 'Fault exit', 0, 5);
    await expect.poll(() => outboxCount(page, 'Fault exit')).toBe(5);
    // Requests sent while a page unloads (beacon, keepalive) bypass request interception, so only the lab.server counts.
    await page.goto(`${lab.server.origin}/api/health`);
    expectExactlyOnce(await storedEvents(lab.server, 'Fault exit', 5), undefined, 5);
    await page.goto(`${lab.server.origin}${FAULT_PAGE_PATH}`);
    await waitForWidget(page);
    await page.evaluate(() =>
      (window as unknown as { crmInsights: { flush(): Promise<unknown> } }).crmInsights.flush(),
    );
    expect(await outboxCount(page, 'Fault exit')).toBe(0);
    expectExactlyOnce(await lab.server.events({ name: 'Fault exit' }), undefined, 5);
  });

  it('leaving in the task that tracked: events still only in memory go out as the page unloads, once', async () => {
    await newContext({ 'flush-delay': '600000' });
    const page = await openFaultPage(context, lab.server);
    // Tracked and navigated away from in one task: nothing is written to IndexedDB before the page starts to unload.
    await page.evaluate((url) => {
      const insights = (window as unknown as { crmInsights: { track(name: string, props: object): void } }).crmInsights;
      for (let n = 0; n < 50; n++) insights.track('Fault same-task exit', { n });
      location.href = url;
    }, `${lab.server.origin}/api/health`);
    await page.waitForURL('**/api/health');
    expectExactlyOnce(await storedEvents(lab.server, 'Fault same-task exit', 50), undefined, 50);
    // Whatever the write committed before the page went is resent by the next page and deduplicated, never doubled.
    await page.goto(`${lab.server.origin}${FAULT_PAGE_PATH}`);
    await waitForWidget(page);
    await page.evaluate(() =>
      (window as unknown as { crmInsights: { flush(): Promise<unknown> } }).crmInsights.flush(),
    );
    expect(await outboxCount(page, 'Fault same-task exit')).toBe(0);
    expectExactlyOnce(await lab.server.events({ name: 'Fault same-task exit' }), undefined, 50);
  });

  it('a page that replaces fetch and sendBeacon after the widget started cannot break delivery', async () => {
    await newContext();
    const log = await injectFault(context, 'Fault patched fetch');
    const page = await openFaultPage(context, lab.server);
    await page.evaluate(() => {
      window.fetch = () => Promise.reject(new Error('patched by the page'));
      navigator.sendBeacon = () => false;
    });
    await trackNumbered(page, 'Fault patched fetch', 0, 6);
    expectExactlyOnce(await storedEvents(lab.server, 'Fault patched fetch', 6), log, 6);
    expect(lab.pageErrors).toEqual([]);
  });
});
