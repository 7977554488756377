import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_READ_KEY, TEST_WRITE_KEY } from '../../support/server.ts';
import type { TestServer } from '../../support/server.ts';
import { apiClient } from './api-client.ts';
import { documentValidator } from './document-validator.ts';
import { readEverything } from './every-read.ts';
import type { Keys } from './every-read.ts';
import { seedAndWrite } from './seed-and-write.ts';

const KEYS: Keys = {
  write: TEST_WRITE_KEY,
  read: TEST_READ_KEY,
  staff: 'staff_openapi_token',
  metrics: 'metrics_openapi',
};

const postgresUrl = process.env.TEST_DATABASE_URL;
const schema = `test_openapi_${process.pid}`;

/** Runs SQL on the PostgreSQL test database as its owner (to make and drop this file's schema). */
async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

describe.each([
  { storage: 'sqlite', skip: false },
  { storage: 'postgres', skip: !postgresUrl },
])('real answers validate against the OpenAPI document the server serves ($storage)', ({ storage, skip }) => {
  let server: TestServer;
  let document: { paths: Record<string, Record<string, unknown>> };
  let client: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    if (skip) return;
    if (storage === 'postgres') await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    const databaseUrl =
      storage === 'postgres' ? `${postgresUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}` : undefined;
    server = await startTestServer({ staffTokens: [KEYS.staff], metricsToken: KEYS.metrics, databaseUrl });
    const response = await fetch(`${server.origin}/api/openapi.json`);
    document = (await response.json()) as typeof document;
    client = apiClient(() => server.origin, documentValidator(document));
  });
  afterAll(async () => {
    await server?.stop();
    if (storage === 'postgres' && !skip) await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });

  it.skipIf(skip)('serves the document without a key, cached with an ETag, holding none of the secrets', async () => {
    const first = await fetch(`${server.origin}/api/openapi.json`);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=300');
    const text = await first.text();
    for (const secret of [KEYS.read, KEYS.write, KEYS.staff, KEYS.metrics]) expect(text).not.toContain(secret);
    const again = await fetch(`${server.origin}/api/openapi.json`, {
      headers: { 'If-None-Match': first.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
    const health = (await (await fetch(`${server.origin}/api/health`)).json()) as { storage: string };
    expect(health.storage).toBe(storage);
  });

  it.skipIf(skip)('answers every read on an empty server as documented', async () => {
    await readEverything(client, KEYS);
  });

  it.skipIf(skip)('answers writes, and then every read over a fixture data set, as documented', async () => {
    const seeded = await seedAndWrite(client, KEYS);
    await readEverything(client, KEYS, seeded);
  });

  it.skipIf(skip)('called every GET route of the document with a 2xx answer, and writes of every group', () => {
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const succeeded = (operation: string) => [...(client.called.get(operation) ?? [])].some((status) => status < 300);
    expect(operations.filter((operation) => operation.startsWith('GET') && !succeeded(operation))).toEqual([]);
    const writes = operations.filter((operation) => !operation.startsWith('GET'));
    expect(writes.filter((operation) => !succeeded(operation))).toEqual([]);
  });
});
