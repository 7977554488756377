import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A webhook receiver on 127.0.0.1 that records every JSON body POSTed to it. */
export interface WebhookReceiver {
  url: string;
  received: unknown[];
  close(): Promise<void>;
}

/** Starts the receiver on a free port; `close` stops it. */
export function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: unknown[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        response.writeHead(204).end();
      } catch {
        response.writeHead(400).end();
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/hooks/bugs`,
        received,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
