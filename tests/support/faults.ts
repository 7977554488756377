import { gunzipSync } from 'node:zlib';
import type { BrowserContext, Page, Request, Route } from 'playwright-core';
import { expect } from 'vitest';
import type { StoredEvent } from '../../server/src/storage/types.ts';
import { TEST_WRITE_KEY } from './server.ts';
import type { TestServer } from './server.ts';

/** The path of the page the fault-injection suite loads; the server knows nothing of it, the test serves it. */
export const FAULT_PAGE_PATH = '/fault-lab/page.html';

/** Delivery tuning for fast tests, as the script tag's `data-*` attributes take it. */
export const FAST_DELIVERY: Record<string, string> = {
  'flush-delay': '50',
  'retry-delay': '100',
  'max-retry-delay': '2000',
  'request-timeout': '1500',
};

/** A page with only the script tag: no inline script, so it also serves the strict-CSP test. */
export function faultPageHtml(attributes: Record<string, string> = {}): string {
  const data = Object.entries({ endpoint: '/api', key: TEST_WRITE_KEY, ...FAST_DELIVERY, ...attributes })
    .map(([name, value]) => ` data-${name}="${value}"`)
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Fault lab</title></head><body><h1>Fault lab</h1><script async src="/insights.js"${data}></script></body></html>`;
}

/** Serves the fault page on the real server's origin (so the API is same-origin), with optional response headers. */
export async function serveFaultPage(
  context: BrowserContext,
  server: TestServer,
  attributes: Record<string, string> = {},
  headers: Record<string, string> = {},
): Promise<void> {
  await context.route(`${server.origin}${FAULT_PAGE_PATH}`, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html',
      headers: { 'Cache-Control': 'no-store', ...headers },
      body: faultPageHtml(attributes),
    }),
  );
}

/** Opens the fault page and waits until the widget has replaced nothing with the real `window.crmInsights`. */
export async function openFaultPage(context: BrowserContext, server: TestServer): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.origin}${FAULT_PAGE_PATH}`);
  await waitForWidget(page);
  return page;
}

/** Waits for the widget's API on a loaded page. */
export async function waitForWidget(page: Page): Promise<void> {
  await page.waitForFunction(
    () => typeof (window as { crmInsights?: { track?: unknown } }).crmInsights?.track === 'function',
  );
}

/** Tracks events `name` numbered `from` … `from + count - 1` in the page (`props.n`), in one task. */
export async function trackNumbered(page: Page, name: string, from: number, count: number): Promise<void> {
  await page.evaluate(
    ({ name, from, count }) => {
      const insights = (window as unknown as { crmInsights: { track(name: string, props: object): void } }).crmInsights;
      for (let n = from; n < from + count; n++) insights.track(name, { n });
    },
    { name, from, count },
  );
}

/** Events of one name in the API requests the browser made, with the ids each number was sent under. */
export interface WireLog {
  /** Event ids seen on the wire for each `props.n`. */
  idsByNumber: Map<number, Set<string>>;
  /** Requests carrying this test's events: which page sent each, and how many of its events it carried. */
  requests: { page: Page | undefined; count: number }[];
}

/** An event as the suite reads it off the wire. */
export interface WireEvent {
  id: string;
  type: string;
  name?: string;
  props?: { n?: number };
}

/** Reads the batch a request carries, plain or gzipped; undefined when it is not one. */
export function batchOf(request: Request): { sentAt: number; events: WireEvent[] } | undefined {
  try {
    const body = request.postDataBuffer() ?? Buffer.alloc(0);
    const text =
      request.headers()['content-encoding'] === 'gzip' ? gunzipSync(body).toString('utf8') : body.toString('utf8');
    const batch = JSON.parse(text) as { sentAt: number; events?: WireEvent[] };
    return Array.isArray(batch.events) ? { sentAt: batch.sentAt, events: batch.events } : undefined;
  } catch {
    return undefined;
  }
}

/** The events a request carries. */
export function eventsOf(request: Request): WireEvent[] {
  return batchOf(request)?.events ?? [];
}

/**
 * Intercepts the ingest route at the network layer: `fault` decides for each request carrying events named `name`
 * (numbered from 0) what the browser sees; by default the request goes to the real server unchanged. Every event id sent is logged.
 */
export async function injectFault(
  context: BrowserContext,
  name: string,
  fault: (route: Route, index: number) => Promise<void> | void = (route) => passThrough(route),
): Promise<WireLog> {
  const log: WireLog = { idsByNumber: new Map(), requests: [] };
  let index = 0;
  await context.route('**/api/analytics/events', async (route) => {
    const request = route.request();
    if (request.method() !== 'POST') return route.continue();
    const events = eventsOf(request);
    for (const event of events) {
      if (event.name !== name || typeof event.props?.n !== 'number') continue;
      const ids = log.idsByNumber.get(event.props.n) ?? new Set();
      ids.add(event.id);
      log.idsByNumber.set(event.props.n, ids);
    }
    if (events.some((event) => event.name === name))
      log.requests.push({ page: request.frame()?.page(), count: events.filter((event) => event.name === name).length });
    // Other features' events (page views, vitals) travel too; the fault applies to requests carrying this test's.
    const carries = events.filter((event) => event.name === name).length;
    try {
      if (carries) await fault(route, index++);
      else await passThrough(route);
    } catch {
      // The page went away while its request was held: nothing left to answer.
    }
  });
  return log;
}

/** Sends the request to the real server and hands its answer to the page. */
export async function passThrough(route: Route): Promise<void> {
  const response = await route.fetch();
  await route.fulfill({ response });
}

/** Waits until the server holds `expected` events of `name` (or the timeout), then returns them. */
export async function storedEvents(
  server: TestServer,
  name: string,
  expected: number,
  timeout = 20_000,
): Promise<StoredEvent[]> {
  await expect
    .poll(async () => (await server.events({ name })).length, { timeout, interval: 100 })
    .toBeGreaterThanOrEqual(expected);
  return server.events({ name });
}

/**
 * The suite's one verdict: every number in 0…generated-1 except `dropped` is stored exactly once, under the one id
 * the page gave it (retries reuse the id), and nothing else is stored.
 */
export function expectExactlyOnce(
  stored: StoredEvent[],
  log: WireLog | undefined,
  generated: number,
  dropped: number[] = [],
): void {
  const numbers = stored.map((event) => (event.props as { n?: number } | undefined)?.n);
  const expected = Array.from({ length: generated }, (_unused, n) => n).filter((n) => !dropped.includes(n));
  expect([...numbers].sort((a, b) => (a ?? -1) - (b ?? -1))).toEqual(expected);
  expect(new Set(stored.map((event) => event.id)).size).toBe(stored.length);
  if (!log) return;
  // Requests a page sends while unloading (beacon, keepalive) bypass interception, so an event may be missing from
  // the log; one that is there must have been sent under the stored id only.
  for (const event of stored) {
    const n = (event.props as { n: number }).n;
    expect(log.idsByNumber.get(n) ?? new Set([event.id]), `ids sent for event ${n}`).toEqual(new Set([event.id]));
  }
  expect(stored.filter((event) => log.idsByNumber.has((event.props as { n: number }).n)).length).toBeGreaterThan(0);
}

/** The drop counts of every client report the server stored, summed by reason. */
export async function reportedDrops(server: TestServer): Promise<Record<string, number>> {
  const totals: Record<string, number> = {};
  for (const report of await server.events({ type: 'client_report' })) {
    for (const [reason, count] of Object.entries(
      (report.props as { dropped?: Record<string, number> } | undefined)?.dropped ?? {},
    )) {
      totals[reason] = (totals[reason] ?? 0) + count;
    }
  }
  return totals;
}

/** A queued event as the widget's outbox stores it: what tests look at. */
export interface QueuedEvent {
  type: string;
  name?: string;
}

/**
 * The events waiting in the widget's IndexedDB outbox, read in the page ([] while the widget has not created its
 * database). The read never creates the database and never keeps a connection open: an open without a version
 * creates an empty database at version 1 when there is none, and a connection left open blocks the widget's own
 * versioned open for good (https://w3c.github.io/IndexedDB/#opening), so a read that came too early hung the test.
 */
export function outboxEvents(page: Page): Promise<QueuedEvent[]> {
  return page.evaluate(
    () =>
      new Promise<QueuedEvent[]>((resolve, reject) => {
        const open = indexedDB.open('crm-insights');
        // No database yet: abort the creation, which fails the open with an AbortError.
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => (open.error?.name === 'AbortError' ? resolve([]) : reject(open.error));
        open.onsuccess = () => {
          const database = open.result;
          try {
            const all = database.transaction('outbox').objectStore('outbox').getAll();
            all.onerror = () => reject(all.error);
            all.onsuccess = () =>
              resolve(
                (all.result as { items: string }[]).flatMap((record) =>
                  (JSON.parse(record.items) as { event: QueuedEvent }[]).map((item) => item.event),
                ),
              );
          } catch (error) {
            reject(error);
          } finally {
            // Closes once the read's transaction is done.
            database.close();
          }
        };
      }),
  );
}

/** Counts the events named `name` in the widget's IndexedDB outbox (0 when there is no database). */
export async function outboxCount(page: Page, name: string): Promise<number> {
  return (await outboxEvents(page)).filter((event) => event.name === name).length;
}

/** Headless Chromium never changes `document.visibilityState`, so tests set it and dispatch the event themselves. */
export function setVisibility(page: Page, state: 'hidden' | 'visible'): Promise<void> {
  return page.evaluate((value) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => value });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => value === 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
}
