import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderError } from './http-errors.ts';
import { readJsonBody } from './read-body.ts';

const LIMIT = 64 * 1024;
const app = new Hono();
app.post('/', async (context) => context.json({ body: await readJsonBody(context, LIMIT) }));
app.onError(renderError);

/** The same bytes sent with a Content-Length, or streamed (chunked, no length): the two ways a body arrives. */
const asStream = (bytes: Uint8Array) =>
  new ReadableStream<Uint8Array>({
    start: (controller) => {
      controller.enqueue(bytes);
      controller.close();
    },
  });
const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const bomb = gzipSync(Buffer.alloc(20 * LIMIT, 0x20));

describe.each([
  ['with a Content-Length', (bytes: Uint8Array) => bytes],
  ['streamed without a length', asStream],
])('readJsonBody over a real socket, %s', (_label, body) => {
  let server: ReturnType<typeof serve>;
  let origin: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
        origin = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (bytes: Uint8Array, headers: Record<string, string> = {}) =>
    fetch(origin, { method: 'POST', headers, body: body(bytes), duplex: 'half' } as RequestInit);

  it.each<[string, Uint8Array, Record<string, string>, number, unknown]>([
    ['plain JSON', json({ a: 1 }), {}, 200, { body: { a: 1 } }],
    ['gzip JSON', gzipSync(json({ a: 'é' })), { 'Content-Encoding': 'gzip' }, 200, { body: { a: 'é' } }],
    ['an empty body', new Uint8Array(), {}, 400, { error: 'body is empty: expected JSON' }],
    [
      'a body over the limit',
      json({ a: 'x'.repeat(LIMIT) }),
      {},
      413,
      { error: expect.stringMatching(/limit is 65536|over the limit of 65536 bytes/) },
    ],
    [
      'a gzip bomb',
      bomb,
      { 'Content-Encoding': 'gzip' },
      413,
      { error: 'decompressed body is over the limit of 65536 bytes' },
    ],
    [
      'corrupt gzip',
      new Uint8Array([0x1f, 0x8b, 1, 2, 3, 4]),
      { 'Content-Encoding': 'gzip' },
      400,
      { error: expect.stringMatching(/^body could not be decompressed: /) },
    ],
    ['malformed JSON', Buffer.from('{"a":'), {}, 400, { error: expect.stringMatching(/^body is not valid JSON: /) }],
  ])('answers %s', async (_case, bytes, headers, status, answer) => {
    const response = await post(bytes, headers);
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual(answer);
  });
});

it('refuses a body longer than the Content-Length an in-process caller declared', async () => {
  const response = await app.request('/', {
    method: 'POST',
    headers: { 'Content-Length': '10' },
    body: JSON.stringify({ a: 'x'.repeat(LIMIT) }),
  });
  expect(response.status).toBe(413);
  expect(await response.json()).toEqual({ error: `body is over the limit of ${LIMIT} bytes` });
});
