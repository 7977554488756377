import { describe, expect, it } from 'vitest';
import { createBreadcrumbs } from '../capture/breadcrumbs.ts';
import type { ErrorDetails } from '../capture/error-reporter.ts';
import type { EventInput } from '../pipeline/event-input.ts';
import { networkCollector } from './network.ts';

type Captured = EventInput;

/** Starts the collector on the real window with recording stand-ins for the client and the error reporter. */
function start() {
  const captured: Captured[] = [];
  const errors: { error: unknown; details?: ErrorDetails }[] = [];
  const breadcrumbs = createBreadcrumbs();
  const collector = networkCollector({ endpoint: `${location.origin}/insights-api` }, breadcrumbs, {
    report: (error, details) => errors.push({ error, details }),
  });
  const teardown = collector.setup({ capture: (event) => void captured.push(event), track: () => undefined });
  return { captured, errors, breadcrumbs, collector: { stop: teardown } };
}

describe('the network collector in Chromium', () => {
  it('times an XHR to the app’s origin as an api event with its route template, and a 404 as an api error', async () => {
    const { captured, errors, breadcrumbs, collector } = start();
    await new Promise<void>((resolve) => {
      const request = new XMLHttpRequest();
      request.open('GET', '/contacts/123/missing?token=abc');
      request.addEventListener('loadend', () => setTimeout(resolve, 0));
      request.send();
    });
    collector.stop();
    expect(captured).toEqual([
      expect.objectContaining({
        type: 'api',
        name: 'GET /contacts/:id/missing',
        props: expect.objectContaining({
          method: 'GET',
          route: '/contacts/:id/missing',
          status: 404,
          transport: 'xhr',
          duration: expect.any(Number),
        }),
      }),
    ]);
    expect(errors).toEqual([
      {
        error: expect.objectContaining({ name: 'ApiError' }),
        details: expect.objectContaining({ kind: 'api', status: 404, route: '/contacts/:id/missing' }),
      },
    ]);
    expect(breadcrumbs.list()).toEqual([
      expect.objectContaining({ category: 'request', message: 'GET /contacts/:id/missing 404' }),
    ]);
  });

  it('reports a fetch that never got a response as a network error and passes the rejection through', async () => {
    const { captured, errors, collector } = start();
    // Port 9 (discard) on this machine refuses connections: a real network failure, not a mock.
    const failure = await fetch('http://127.0.0.1:9/deals/42').then(
      () => undefined,
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    collector.stop();
    expect(failure).toBeInstanceOf(TypeError);
    expect(captured).toEqual([]);
    expect(errors).toEqual([
      {
        error: expect.objectContaining({ name: 'NetworkError' }),
        details: expect.objectContaining({ kind: 'network', status: 0, route: '/deals/:id' }),
      },
    ]);
  });

  it('passes through what a fetch the page patched before it resolves, even no Response, with no unhandled rejection', async () => {
    const original = window.fetch;
    const answer = { ok: true, status: 200, json: async () => ({ deals: [] }) };
    window.fetch = (async () => answer) as unknown as typeof fetch;
    const rejections: unknown[] = [];
    const onRejection = (event: PromiseRejectionEvent) => {
      rejections.push(event.reason);
      event.preventDefault();
    };
    window.addEventListener('unhandledrejection', onRejection);
    const { collector } = start();
    const got = await fetch('/deals');
    await new Promise((resolve) => setTimeout(resolve, 50));
    collector.stop();
    window.removeEventListener('unhandledrejection', onRejection);
    window.fetch = original;
    expect(got).toBe(answer);
    expect(rejections).toEqual([]);
  });

  it('never captures the widget’s own requests, and restores fetch on stop', async () => {
    const original = window.fetch;
    const { captured, errors, collector } = start();
    expect(window.fetch).not.toBe(original);
    await fetch(`${location.origin}/insights-api/analytics/events`).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 0));
    collector.stop();
    expect(window.fetch).toBe(original);
    expect(captured).toEqual([]);
    expect(errors).toEqual([]);
  });
});
