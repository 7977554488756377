import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What reached a test listener: the headers and body of one request. */
interface ListenerHit {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A listener of a test's own on 127.0.0.1 (tests only). */
export interface TestListener {
  port: number;
  url: string;
  hits: ListenerHit[];
  close(): Promise<void>;
}

/** How the listener answers: statuses in turn (the last repeats), extra headers, or never (`hang`). */
export interface ListenerAnswers {
  statuses?: number[];
  headers?: Record<string, string>;
  hang?: boolean;
}

/** Starts a listener on a free port of 127.0.0.1 that records every request and answers as told. */
export async function startTestListener({
  statuses = [204],
  headers = {},
  hang = false,
}: ListenerAnswers = {}): Promise<TestListener> {
  const hits: ListenerHit[] = [];
  const queue = [...statuses];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      hits.push({ path: request.url ?? '', headers: request.headers, body });
      if (!hang) response.writeHead(queue.length > 1 ? queue.shift()! : queue[0]!, headers).end('answer body');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}/hook`,
    hits,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** A port on 127.0.0.1 where nothing listens (taken, then released). */
export async function closedPort(): Promise<number> {
  const listener = await startTestListener();
  await listener.close();
  return listener.port;
}
