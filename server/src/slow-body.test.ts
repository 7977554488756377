import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer } from './node-server.ts';
import type { RunningServer } from './node-server.ts';

let server: RunningServer;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'crm-insights-slow-'));
  server = await startServer({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    writeKey: 'pk_w',
    readKey: 'sk_r',
    publicDir: dataDir,
    generatedKeys: [],
    requestTimeoutMs: 1000,
  });
});
afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('drops a connection whose body stops half way once the request timeout has passed (slowloris)', async () => {
  const { port } = new URL(server.origin);
  const socket = connect(Number(port), '127.0.0.1');
  const started = Date.now();
  const answer = await new Promise<string>((resolve, reject) => {
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
    socket.write(
      'POST /api/analytics/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer pk_w\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"sentAt":',
    );
    // Far beyond the request timeout; without it Node would keep the socket for 300 s.
    setTimeout(() => reject(new Error('the connection was still open after 10 s')), 10_000).unref();
  });
  expect(answer).toMatch(/^HTTP\/1\.1 408/);
  expect(Date.now() - started).toBeLessThan(10_000);
  expect((await fetch(`${server.origin}/api/health`)).status).toBe(200);
});
