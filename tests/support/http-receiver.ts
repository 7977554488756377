import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got: headers and the raw body text. */
export interface ReceivedRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A receiver on 127.0.0.1 that records every request and answers `status` (204 by default), with the JSON `answer`
 * makes of the request when it is given.
 */
export interface HttpReceiver {
  origin: string;
  received: ReceivedRequest[];
  /** Resolves once `count` requests arrived, or rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts the receiver on a free port. */
export function startHttpReceiver(status = 204, answer?: (request: ReceivedRequest) => unknown): Promise<HttpReceiver> {
  const received: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const got = { path: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(got);
      if (!answer) return response.writeHead(status).end();
      response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer(got)));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        origin: `http://127.0.0.1:${port}`,
        received,
        async waitFor(count, timeoutMs = 10_000) {
          const deadline = Date.now() + timeoutMs;
          while (received.length < count) {
            if (Date.now() > deadline)
              throw new Error(`waited ${timeoutMs} ms for ${count} requests, got ${received.length}`);
            await new Promise((wake) => setTimeout(wake, 25));
          }
        },
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
