import type { Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useFaultLab } from '../../support/fault-lab.ts';
import {
  batchOf,
  eventsOf,
  expectExactlyOnce,
  injectFault,
  openFaultPage,
  passThrough,
  reportedDrops,
  storedEvents,
  trackNumbered,
} from '../../support/faults.ts';

// One fault per test, injected at the network layer between real Chromium and the real lab.server; each test compares
// the numbered events the page generated with what the lab.server stored.
describe('delivery under server and network faults', () => {
  const lab = useFaultLab();

  const run = async (
    name: string,
    count: number,
    fault: (route: Route, index: number) => Promise<void> | void,
    attributes: Record<string, string> = {},
  ) => {
    const context = await lab.newContext(attributes);
    const log = await injectFault(context, name, fault);
    const page = await openFaultPage(context, lab.server);
    await trackNumbered(page, name, 0, count);
    return log;
  };

  it('5xx three times, then 200: each event stored once, under one id, after four attempts', async () => {
    const log = await run('Fault 5xx', 8, (route, index) =>
      index < 3 ? route.fulfill({ status: [500, 502, 503][index]!, body: '{"error":"down"}' }) : passThrough(route),
    );
    expectExactlyOnce(await storedEvents(lab.server, 'Fault 5xx', 8), log, 8);
    const stored = await lab.server.events({ name: 'Fault 5xx' });
    expect(stored.map((event) => event.attempt)).toEqual(stored.map(() => 4));
    expect(log.requests).toHaveLength(4);
  });

  it.each([
    ['seconds', () => '1'],
    ['an HTTP date', () => new Date(Date.now() + 1000).toUTCString()],
    ['an absurd number of seconds (capped by data-max-retry-delay)', () => '31536000'],
    ['nothing (plain backoff)', () => undefined],
  ])('429 with Retry-After in %s: waits, then delivers each event once', async (label, retryAfter) => {
    const name = `Fault 429 ${label}`;
    const log = await run(name, 5, (route, index) => {
      const value = retryAfter();
      if (index === 0)
        return route.fulfill({
          status: 429,
          headers: value === undefined ? {} : { 'Retry-After': value },
          body: '{"error":"slow down"}',
        });
      return passThrough(route);
    });
    expectExactlyOnce(await storedEvents(lab.server, name, 5), log, 5);
    // One refusal, one success: no tight loop of retries in between.
    expect(log.requests).toHaveLength(2);
  });

  it('413: splits the batch until every event fits, and loses none', async () => {
    const log = await run('Fault 413', 12, (route) =>
      eventsOf(route.request()).filter((event) => event.name === 'Fault 413').length > 3
        ? route.fulfill({ status: 413, body: '{"error":"too large"}' })
        : passThrough(route),
    );
    expectExactlyOnce(await storedEvents(lab.server, 'Fault 413', 12), log, 12);
    expect(log.requests.filter((request) => request.count > 3).length).toBeGreaterThan(0);
  });

  it('a 400 naming one bad item: drops only that one, counts it, stores the rest once', async () => {
    const log = await run('Fault 400', 6, async (route, index) => {
      if (index > 0) return passThrough(route);
      // Corrupt event n=2 on the wire, so the real lab.server's validation names it.
      const body = batchOf(route.request())!;
      body.events.find((event) => event.name === 'Fault 400' && event.props?.n === 2)!.type = 'not-a-type';
      const headers = { ...route.request().headers() };
      delete headers['content-encoding'];
      const response = await route.fetch({ postData: JSON.stringify(body), headers });
      expect(response.status()).toBe(400);
      await route.fulfill({ response });
    });
    expectExactlyOnce(await storedEvents(lab.server, 'Fault 400', 5), log, 6, [2]);
    await expect.poll(() => reportedDrops(lab.server)).toMatchObject({ invalid: 1 });
  });

  it('the response lost after the server stored the batch: the resend is deduplicated', async () => {
    const log = await run('Fault lost response', 7, async (route, index) => {
      if (index > 0) return passThrough(route);
      await route.fetch();
      await route.abort('connectionreset');
    });
    // The lab.server stored the first request; the page saw a reset and must send the same ids again.
    await expect.poll(() => log.requests.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(log.requests.slice(0, 2).map((request) => request.count)).toEqual([7, 7]);
    expectExactlyOnce(await storedEvents(lab.server, 'Fault lost response', 7), log, 7);
  });

  it('a hung server: the request times out and the retry delivers each event once', async () => {
    const log = await run('Fault hung', 4, (route, index) => {
      if (index > 0) return passThrough(route);
      return lab.hold();
    });
    expectExactlyOnce(await storedEvents(lab.server, 'Fault hung', 4), log, 4);
    expect(log.requests.length).toBeGreaterThanOrEqual(2);
  });
});
