import { gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { isEventOf } from '../../../shared/events.ts';
import type { InsightEvent } from '../../../shared/protocol.ts';
import type { StoredEvent } from '../../../server/src/storage/types.ts';
import { TEST_WRITE_KEY } from '../../support/server.ts';
import type { TestServer } from '../../support/server.ts';

type Insights = { flush(): Promise<unknown>; getSessionId(): string };

/** What a page with the widget sent the API, and what the API answered it. */
export interface TypedEventsPage {
  page: Page;
  sessionId: string;
  /** Every event the widget put in a batch to the API (fetch, keepalive or beacon), in send order. */
  sent: InsightEvent[];
  /** Every ingest answer that was not a 2xx: its status and body. */
  refusals: { status: number; body: string }[];
  /** Sends the outbox; a send that fails is left to the next round. */
  flush(): Promise<void>;
}

/**
 * Serves, at `${origin}/typed-fixture/<path>`, a page with the production widget installed by script tag and an app
 * API under `/crm-api/` (`ok`, `missing` 404, `broken` 500, `offline` refused, `slow` after 3 s), then opens it.
 */
export async function openTypedEventsPage(page: Page, origin: string, path = ''): Promise<TypedEventsPage> {
  const sent: InsightEvent[] = [];
  const refusals: TypedEventsPage['refusals'] = [];
  page.on('request', (request) => {
    if (request.method() !== 'POST' || !request.url().startsWith(`${origin}/api/`)) return;
    const raw = request.postDataBuffer();
    if (!raw) return;
    const text = request.headers()['content-encoding'] === 'gzip' ? gunzipSync(raw).toString('utf8') : String(raw);
    sent.push(...((JSON.parse(text) as { events?: InsightEvent[] }).events ?? []));
  });
  page.on('response', async (response) => {
    if (response.request().method() !== 'POST' || !response.url().startsWith(`${origin}/api/`)) return;
    if (response.status() >= 300)
      refusals.push({ status: response.status(), body: await response.text().catch(() => '') });
  });
  await page.route(`${origin}/typed-fixture/**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Typed fixture</title>
        <script async src="/insights.js" data-endpoint="/api" data-key="${TEST_WRITE_KEY}" data-api-origins="/crm-api"
          data-release="typed-1"></script></head>
        <body><main><h1>Deals this quarter</h1><p id="lead">Forty-two open deals, six closing this week.</p>
        <button type="button" id="slow">Recalculate</button></main></body></html>`,
    }),
  );
  await page.route(`${origin}/crm-api/**`, async (route) => {
    const name = new URL(route.request().url()).pathname.split('/')[2];
    if (name === 'offline') return route.abort('connectionrefused');
    if (name === 'slow') await new Promise((resolve) => setTimeout(resolve, 3000));
    const status = name === 'missing' ? 404 : name === 'broken' ? 500 : 200;
    await route.fulfill({ status, contentType: 'application/json', body: '{"deals":[1,2,3]}' }).catch(() => undefined);
  });
  await page.goto(`${origin}/typed-fixture/${path}`);
  await page.waitForFunction(
    () => typeof (window as unknown as { crmInsights?: Insights }).crmInsights?.getSessionId === 'function',
  );
  const sessionId = await page.evaluate(() =>
    (window as unknown as { crmInsights: Insights }).crmInsights.getSessionId(),
  );
  const flush = () =>
    page
      .evaluate(() => (window as unknown as { crmInsights: Insights }).crmInsights.flush())
      .then(() => undefined)
      .catch(() => undefined);
  return { page, sessionId, sent, refusals, flush };
}

/** The event types whose props the server checks against a schema (`PROPS_SCHEMAS` in shared/events.ts). */
const TYPED = ['vital', 'error', 'api', 'page', 'identify'] as const;
type TypedType = (typeof TYPED)[number];
const isTyped = (type: string): type is TypedType => (TYPED as readonly string[]).includes(type);

/**
 * Flushes and reads the session back until `done` accepts what is stored; returns what is stored and what went
 * wrong: ingest answers that were not 2xx, typed events the widget sent that were not stored, stored typed events
 * that fail their type's props schema (the read side's check), and drops the widget reported.
 */
export async function deliveredEvents(
  server: TestServer,
  fixture: TypedEventsPage,
  done: (stored: StoredEvent[]) => boolean,
): Promise<{ stored: StoredEvent[]; problems: Record<string, unknown[]> }> {
  let stored: StoredEvent[] = [];
  for (let round = 0; round < 60; round++) {
    await fixture.flush();
    stored = await server.events({ sessionId: fixture.sessionId });
    if (done(stored)) break;
    await fixture.page.waitForTimeout(250);
  }
  const storedIds = new Set(stored.map((event) => event.id));
  const problems = {
    refusals: fixture.refusals,
    unstored: fixture.sent.filter((event) => isTyped(event.type) && !storedIds.has(event.id)),
    failing: stored
      .filter((event) => isTyped(event.type) && !isEventOf(event, event.type))
      .map(({ type, name, props }) => ({ type, name, props })),
    drops: stored.filter((event) => event.type === 'client_report').map((event) => event.props),
  };
  return { stored, problems };
}

/** What `deliveredEvents` finds when all went well. */
export const NO_PROBLEMS = { refusals: [], unstored: [], failing: [], drops: [] };
