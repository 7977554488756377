import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got: headers and the raw body text. */
export interface ReceivedRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The status the receiver answered it with. */
  status: number;
}

/** What the receiver answers one request with. */
export interface ReceiverAnswer {
  status: number;
  headers?: Record<string, string>;
  /** A body, sent as JSON. */
  json?: unknown;
}

/** A receiver on 127.0.0.1 that records every request and answers it (204 by default). */
export interface HttpReceiver {
  origin: string;
  received: ReceivedRequest[];
  /** Resolves once `count` requests arrived, or rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the receiver on a free port. `answer` is a status for every request, or a function choosing the answer
 * from the request (its body read) and the requests recorded before it.
 */
export function startHttpReceiver(
  answer:
    | number
    | ((request: Omit<ReceivedRequest, 'status'>, before: readonly ReceivedRequest[]) => ReceiverAnswer) = 204,
): Promise<HttpReceiver> {
  const received: ReceivedRequest[] = [];
  const choose = typeof answer === 'number' ? (): ReceiverAnswer => ({ status: answer }) : answer;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const got = { path: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      const { status, headers, json } = choose(got, received);
      received.push({ ...got, status });
      if (json === undefined) return response.writeHead(status, headers).end();
      response.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(json));
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
