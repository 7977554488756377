import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { DELIVERY_FAILED, DESTINATION_NOT_ALLOWED, createOutboundClient } from './outbound-client.ts';
import type { OutboundResult } from './outbound-client.ts';
import { TEST_TLS_CERT, TEST_TLS_KEY } from './test-certificate.ts';
import { closedPort, startTestListener } from './test-listener.ts';
import type { ListenerAnswers, TestListener } from './test-listener.ts';

const listeners: TestListener[] = [];
afterEach(async () => {
  await Promise.all(listeners.splice(0).map((listener) => listener.close()));
});

async function listen(status = 204, headers: Record<string, string> = {}, hang = false): Promise<TestListener> {
  const answers: ListenerAnswers = { statuses: [status], headers, hang };
  const listener = await startTestListener(answers);
  listeners.push(listener);
  return listener;
}

const json = { 'Content-Type': 'application/json' };
const warnings: string[] = [];
const quiet = { warn: (message: string) => void warnings.push(message) };

describe('the outbound client against listeners on 127.0.0.1', () => {
  it('refuses loopback by default, saying the same for an open and a closed port, and nothing arrives', async () => {
    const open = await listen();
    const closed = await closedPort();
    const client = createOutboundClient({ allow: [] }, quiet);
    const spellings = (port: number) => [
      `http://127.0.0.1:${port}/hook`,
      `http://2130706433:${port}/`,
      `http://0x7f.1:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      `http://localhost:${port}/`,
    ];
    const openResults = await Promise.all(spellings(open.port).map((url) => client.post(url, '{}', json)));
    const closedResults = await Promise.all(spellings(closed).map((url) => client.post(url, '{}', json)));
    for (const result of [...openResults, ...closedResults])
      expect(result).toMatchObject({ ok: false, error: DESTINATION_NOT_ALLOWED });
    expect(open.hits).toHaveLength(0);
  });

  it('delivers when the operator allow-lists 127.0.0.1, with the body, the headers and the URL host', async () => {
    const open = await listen(200);
    const client = createOutboundClient({ allow: ['127.0.0.1'] }, quiet);
    const result = await client.post(`http://127.0.0.1:${open.port}/hooks/bugs?x=1`, '{"id":"r1"}', {
      ...json,
      'X-Test': 'yes',
    });
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(result.error).toBeUndefined();
    expect(open.hits).toEqual([
      {
        path: '/hooks/bugs?x=1',
        headers: expect.objectContaining({
          host: `127.0.0.1:${open.port}`,
          'x-test': 'yes',
          'content-type': 'application/json',
        }),
        body: '{"id":"r1"}',
      },
    ]);
  });

  it('follows no redirect: a 302 to an internal address is a failure and the target gets nothing', async () => {
    const internal = await listen(200);
    const redirecting = await listen(302, { Location: `http://127.0.0.1:${internal.port}/admin` });
    const client = createOutboundClient({ allow: ['127.0.0.1'] }, quiet);
    const result = await client.post(`http://127.0.0.1:${redirecting.port}/hook`, '{}', json);
    expect(result).toMatchObject({ ok: false, status: 302, error: 'HTTP 302: redirects are not followed' });
    expect(redirecting.hits).toHaveLength(1);
    expect(internal.hits).toHaveLength(0);
  });

  it('refuses a hostname that resolves to 127.0.0.1 (or to a public and an internal address) with the generic text', async () => {
    const open = await listen();
    const answers: Record<string, string[]> = {
      'rebind.example': ['127.0.0.1'],
      'mixed.example': ['93.184.216.34', '127.0.0.1'],
      'meta.example': ['::ffff:169.254.169.254'],
    };
    const client = createOutboundClient({ allow: [] }, { ...quiet, resolve: async (host) => answers[host] ?? [] });
    for (const host of Object.keys(answers)) {
      expect(await client.post(`http://${host}:${open.port}/`, '{}', json)).toMatchObject({
        ok: false,
        error: DELIVERY_FAILED,
      });
    }
    expect(open.hits).toHaveLength(0);
    expect(warnings.join('\n')).toMatch(/rebind\.example resolves to a loopback address/);
  });

  it('resolves a name once and connects to the address it checked, keeping the name in Host', async () => {
    const open = await listen(200);
    const lookups: string[] = [];
    const client = createOutboundClient(
      { allow: ['127.0.0.1'] },
      {
        ...quiet,
        resolve: async (host) => {
          lookups.push(host);
          return ['127.0.0.1'];
        },
      },
    );
    // hooks.invalid has no DNS record anywhere: it can only have been reached through the checked address.
    expect(await client.post(`http://hooks.invalid:${open.port}/x`, '{}', json)).toMatchObject({
      ok: true,
      status: 200,
    });
    expect(lookups).toEqual(['hooks.invalid']);
    expect(open.hits[0]?.headers.host).toBe(`hooks.invalid:${open.port}`);
  });

  it('reads the same for a closed port, a silent listener and an unknown name once allowed, so the log cannot map ports', async () => {
    const silent = await listen(200, {}, true);
    const closed = await closedPort();
    const client = createOutboundClient(
      { allow: ['127.0.0.1', 'nowhere.invalid'] },
      { ...quiet, resolve: async () => [] },
    );
    const results: OutboundResult[] = [
      await client.post(`http://127.0.0.1:${closed}/`, '{}', json, 300),
      await client.post(`http://127.0.0.1:${silent.port}/`, '{}', json, 300),
      await client.post('http://nowhere.invalid/', '{}', json, 300),
    ];
    expect(results.map((result) => [result.ok, result.status, result.error])).toEqual(
      Array(3).fill([false, undefined, DELIVERY_FAILED]),
    );
    expect(silent.hits).toHaveLength(1);
  });

  it.each(['ftp://127.0.0.1/x', 'file:///etc/passwd', 'gopher://example.com/', 'not a url'])(
    'refuses %s',
    async (url) => {
      const result = await createOutboundClient({ allow: ['127.0.0.1'] }, quiet).post(url, '{}', json);
      expect(result.ok).toBe(false);
      expect(result.error).toMatch(/invalid URL|not allowed/);
    },
  );

  it('speaks HTTPS to the checked address with the name in SNI, Host and the certificate check', async () => {
    const seen: { servername?: string | false | null; host?: string }[] = [];
    const server = createHttpsServer({ key: TEST_TLS_KEY, cert: TEST_TLS_CERT }, (request, response) => {
      seen.push({ servername: (request.socket as TLSSocket).servername, host: request.headers.host });
      request.resume();
      request.on('end', () => response.writeHead(202).end());
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const { port } = server.address() as AddressInfo;
      const options = { ...quiet, resolve: async () => ['127.0.0.1'] };
      const trusted = createOutboundClient({ allow: ['127.0.0.1'] }, { ...options, ca: TEST_TLS_CERT });
      expect(await trusted.post(`https://hooks.test:${port}/x`, '{}', json)).toMatchObject({ ok: true, status: 202 });
      expect(seen).toEqual([{ servername: 'hooks.test', host: `hooks.test:${port}` }]);
      // A certificate the client does not trust, or one for another name, is no delivery.
      expect(
        await createOutboundClient({ allow: ['127.0.0.1'] }, options).post(`https://hooks.test:${port}/x`, '{}', json),
      ).toMatchObject({ ok: false, error: DELIVERY_FAILED });
      expect(await trusted.post(`https://other.test:${port}/x`, '{}', json)).toMatchObject({
        ok: false,
        error: DELIVERY_FAILED,
      });
      expect(seen).toHaveLength(1);
    } finally {
      await new Promise((done) => server.close(done));
    }
  });

  it('passes the receiver’s Retry-After on', async () => {
    const busy = await listen(429, { 'Retry-After': '7' });
    const result = await createOutboundClient({ allow: ['127.0.0.1'] }, quiet).post(
      `http://127.0.0.1:${busy.port}/`,
      '{}',
      json,
    );
    expect(result).toMatchObject({ ok: false, status: 429, error: 'HTTP 429', retryAfterMs: 7000 });
  });
});
