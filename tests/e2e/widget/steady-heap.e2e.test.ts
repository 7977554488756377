import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { HeapKind } from '../../bench/heap-kinds.ts';
import { snapshotKinds } from '../../bench/page-cost.ts';
import { useServerAndBrowser } from '../../support/environment.ts';
import { storedEvents, waitForWidget } from '../../support/faults.ts';

interface Insights {
  track(name: string, props?: object): void;
  page(): void;
  captureError(error: unknown): void;
  isOn(key: string): boolean;
  flush(): Promise<unknown>;
}
type BusyPage = Window & { busyRound(round: number): Promise<unknown> };

const EVENTS_PER_ROUND = 400;
const WARM_UP_ROUNDS = 5;
const MEASURED_ROUNDS = 25;
/** What 10,000 more events may add to the data the page holds: a leak of 4 bytes per event would exceed it. */
const MAX_GROWTH_BYTES = 32 * 1024;
/**
 * The heap kinds that are data (what the page keeps). Compiled code is left out: V8 goes on optimising hot
 * functions for a while, which adds machine code that is bounded by the code there is, not by the events captured.
 */
const DATA_KINDS: HeapKind[] = ['strings', 'closures', 'objects, arrays, contexts, shapes'];

/**
 * Puts one round of a busy CRM page in the page, compiled once so that the rounds add no code of the test's own:
 * tracked events, and every 40th of them a route change with its page view, a captured error with a new message,
 * a flag read and a click; then everything is delivered to the API.
 */
function installBusyRound(page: Page): Promise<void> {
  return page.evaluate((events) => {
    (window as unknown as BusyPage).busyRound = (round) => {
      const api = (window as unknown as { crmInsights: Insights }).crmInsights;
      for (let index = 0; index < events; index++) {
        api.track('Steady heap', { round, index, note: `note ${round}-${index}` });
        if (index % 40 !== 0) continue;
        history.pushState({}, '', `/demo/contacts/${round}-${index}`);
        api.page();
        api.captureError(new Error(`Failure ${round}-${index}`));
        api.isOn('new-pipeline');
        document.body.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      }
      return api.flush();
    };
  }, EVENTS_PER_ROUND);
}

const busyRound = (page: Page, round: number) =>
  page.evaluate((round) => (window as unknown as BusyPage).busyRound(round), round);

// A CRM tab stays open all day: what the widget keeps must not grow with what it has captured and sent. (The bench's
// long-use part reads the whole heap over minutes of real clicks; this is its bounded check.)
describe('the widget over a long session', () => {
  const env = useServerAndBrowser();

  it('holds no more data after capturing and delivering 10,000 more events', async () => {
    const page = await env.browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await page.goto(`${env.server.origin}/demo/`);
    await waitForWidget(page);
    await installBusyRound(page);
    // Warm-up: every chunk the use needs is loaded, and every bounded buffer (breadcrumbs, error groups) is full.
    let round = 0;
    while (round < WARM_UP_ROUNDS) await busyRound(page, round++);
    const data = async () => {
      const kinds = await snapshotKinds(cdp, 'steady-heap');
      return DATA_KINDS.reduce((sum, kind) => sum + kinds[kind], 0);
    };
    const before = await data();
    while (round < WARM_UP_ROUNDS + MEASURED_ROUNDS) await busyRound(page, round++);
    const after = await data();
    // Everything was delivered, once: the use went through capture, the outbox and the send loop.
    const total = round * EVENTS_PER_ROUND;
    expect(await storedEvents(env.server, 'Steady heap', total)).toHaveLength(total);
    const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    expect(after - before, `data in the heap: ${kilobytes(before)}, then ${kilobytes(after)}`).toBeLessThan(
      MAX_GROWTH_BYTES,
    );
    await page.close();
  });
});
