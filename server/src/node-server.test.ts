import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoadTestToEnd } from '../../tests/support/load-test-run.ts';
import { startServer } from './node-server.ts';
import type { RunningServer } from './node-server.ts';

const url = process.env.TEST_DATABASE_URL;
const schema = `test_server_${process.pid}`;
if (!url) console.warn('[node runner test] PostgreSQL skipped because TEST_DATABASE_URL is not set');

// The Node runner on a real port: on SQLite by default, and on PostgreSQL when DATABASE_URL is set (here a
// fresh schema of TEST_DATABASE_URL, named through the connection string's `options`).
describe.each([
  ['sqlite', false],
  [url ? 'postgres' : 'postgres (skipped: TEST_DATABASE_URL is not set)', true],
])('the Node runner on %s', (_name, postgres) => {
  let server: RunningServer;
  let dataDir: string;
  beforeAll(async () => {
    if (postgres && !url) return;
    dataDir = mkdtempSync(join(tmpdir(), 'crm-insights-runner-'));
    let databaseUrl: string | undefined;
    if (postgres) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
      await admin.end();
      databaseUrl = `${url}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    }
    server = await startServer({
      host: '127.0.0.1',
      port: 0,
      dataDir,
      databaseUrl,
      writeKey: 'pk_w',
      readKey: 'sk_r',
      publicDir: dataDir,
      generatedKeys: [],
      rateLimitPerMinute: 6000,
    });
  });
  afterAll(async () => {
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (postgres && url) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    }
  });

  it.skipIf(postgres && !url)('starts on its database and load-tests itself over loopback', async () => {
    const health = (await (await fetch(`${server.origin}/api/health`)).json()) as { storage: string };
    expect(health.storage).toBe(postgres ? 'postgres' : 'sqlite');
    const { finished } = await runLoadTestToEnd((path, init) => fetch(`${server.origin}${path}`, init), 'Bearer sk_r', {
      requests: 20,
      concurrency: 4,
      eventsPerBatch: 10,
    });
    expect(finished.result).toMatchObject({
      transport: 'loopback-http',
      ok: 20,
      failed: 0,
      rateLimited: 0,
      deletedEvents: 200,
    });
    const metrics = (await (
      await fetch(`${server.origin}/api/infrastructure/metrics`, { headers: { Authorization: 'Bearer sk_r' } })
    ).json()) as { requests: { byStatus: Record<string, number> }; storage: { events: number } };
    expect(metrics.requests.byStatus['2xx']).toBeGreaterThanOrEqual(21);
    expect(metrics.storage.events).toBe(0);
  });

  it.skipIf(postgres && !url)('closes once however often it is asked, as by a second signal', async () => {
    const closes = [server.close(), server.close()];
    await expect(Promise.all(closes)).resolves.toEqual([undefined, undefined]);
    await expect(server.close()).resolves.toBeUndefined();
    await expect(fetch(`${server.origin}/api/health`)).rejects.toThrow();
  });
});
