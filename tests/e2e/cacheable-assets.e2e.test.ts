import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/environment.ts';

interface Transfer {
  url: string;
  status: number;
  encoding?: string;
  fromCache: boolean;
  bytes: number;
}

describe('the widget and demo assets', () => {
  const env = useServerAndBrowser();

  it('arrive brotli-compressed, and a second visit downloads no chunk bytes', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const transfers = new Map<string, Transfer>();
    // Chromium says "served from cache" (memory cache) before it reports the response itself.
    const servedFromCache = new Set<string>();
    cdp.on('Network.requestServedFromCache', ({ requestId }) => servedFromCache.add(requestId));
    cdp.on('Network.responseReceived', ({ requestId, response }) =>
      transfers.set(requestId, {
        url: response.url,
        status: response.status,
        encoding: response.headers['content-encoding'] ?? response.headers['Content-Encoding'],
        fromCache: servedFromCache.has(requestId) || !!response.fromDiskCache,
        bytes: 0,
      }),
    );
    cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
      const transfer = transfers.get(requestId);
      if (transfer) transfer.bytes = encodedDataLength;
    });
    const chunkTransfers = () =>
      [...transfers.values()].filter((transfer) => /\/insights\/[0-9a-f]{12}\/[a-z-]+\.js$/.test(transfer.url));

    await page.goto(`${env.server.origin}/demo/`);
    await expect.poll(() => chunkTransfers().filter((transfer) => transfer.bytes > 0).length).toBeGreaterThan(0);
    const core = await page.evaluate(
      () =>
        (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((entry) =>
          entry.name.endsWith('/insights.js'),
        )?.encodedBodySize,
    );
    expect(core).toBe(statSync(resolve('dist/public/insights.js.br')).size);
    const firstChunks = chunkTransfers();
    expect(firstChunks.every((transfer) => transfer.encoding === 'br')).toBe(true);

    transfers.clear();
    await page.goto(`${env.server.origin}/demo/contacts`);
    await page.waitForLoadState('networkidle');
    const secondChunks = chunkTransfers();
    // The same chunks are used again, all from the browser's cache: nothing asked of the server, no bytes.
    expect(secondChunks.length).toBeGreaterThan(0);
    expect(secondChunks.filter((transfer) => !transfer.fromCache || transfer.bytes > 0)).toEqual([]);
    await context.close();
  });

  it('answers a revalidation with 304 and the representation for the encoding asked', async () => {
    const url = `${env.server.origin}/insights.js`;
    const first = await fetch(url, { headers: { 'Accept-Encoding': 'br' } });
    expect(first.headers.get('content-encoding')).toBe('br');
    expect(first.headers.get('cache-control')).toBe('public, max-age=300');
    expect(first.headers.get('vary')).toBe('Accept-Encoding');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+-br"$/);
    await first.arrayBuffer();
    const again = await fetch(url, { headers: { 'Accept-Encoding': 'br', 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
    const gzip = await fetch(url, { headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': etag! } });
    expect(gzip.status).toBe(200);
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    const identity = await fetch(url, { headers: { 'Accept-Encoding': 'identity' } });
    expect(identity.headers.get('content-encoding')).toBeNull();
    expect(Number(identity.headers.get('content-length'))).toBe(statSync(resolve('dist/public/insights.js')).size);
  });

  it('keeps hashed chunks for a year and refuses paths outside the public folder', async () => {
    const html = await (await fetch(`${env.server.origin}/insights.js`)).text();
    const folder = /insights\/([0-9a-f]{12})\//.exec(html)?.[1];
    expect(folder).toMatch(/^[0-9a-f]{12}$/);
    const chunk = await fetch(`${env.server.origin}/insights/${folder}/vitals.js`);
    expect(chunk.status).toBe(200);
    expect(chunk.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(chunk.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    for (const path of [
      '/insights/..%2f..%2fpackage.json',
      '/insights/%2e%2e/%2e%2e/package.json',
      '/demo/..%5c..%5cpackage.json',
    ]) {
      const response = await fetch(`${env.server.origin}${path}`);
      expect(response.status, path).toBe(404);
    }
  });
});
