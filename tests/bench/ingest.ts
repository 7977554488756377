import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { InsightEvent } from '../../shared/protocol.ts';
import { serializeBatch } from '../../shared/protocol.ts';
import { uuidv7 } from '../../shared/uuid.ts';
import { startServerProcess, WRITE_KEY } from './server-process.ts';
import { percentile } from './stats.ts';

/** Events per second the built server stored, and the latency of each 50-event batch. */
export interface IngestResult {
  storage: string;
  batches: number;
  events: number;
  /** Events the server answered as accepted (not duplicates, not rejected). */
  accepted: number;
  failures: number;
  /** Why batches failed, by `status: error` (or the network error), with counts. */
  failureReasons: Record<string, number>;
  seconds: number;
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  concurrency: number;
}

/** How hard and how long to push: bounded in count and in time, so the generator always stops by itself. */
export interface LoadOptions {
  batchSize: number;
  maxBatches: number;
  maxSeconds: number;
  concurrency: number;
}

/** A batch like the widget's: track events of one session on one page, with a few properties. */
export function makeBatch(size: number, now: number, sessionId: string, anonymousId: string): string {
  const events: InsightEvent[] = Array.from({ length: size }, (_, index) => ({
    id: uuidv7(now),
    type: 'track',
    name: 'Deal Stage Changed',
    ts: now - size + index,
    sessionId,
    anonymousId,
    page: { url: 'http://127.0.0.1/demo/pipeline', path: '/demo/pipeline', title: 'Acme CRM' },
    props: { deal_id: index, from: 'Lead', to: 'Qualified', value: 12_000 + index },
  }));
  return serializeBatch(events, now);
}

/** Pushes 50-event batches at the server from `concurrency` loops until the count or the time runs out. */
async function pushLoad(origin: string, options: LoadOptions): Promise<Omit<IngestResult, 'storage' | 'concurrency'>> {
  const url = `${origin}/api/analytics/events`;
  const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${WRITE_KEY}` };
  const sessionId = uuidv7();
  const anonymousId = uuidv7();
  // Bodies are made before the clock starts, so the generator's own work is not counted as the server's.
  const bodies = Array.from({ length: options.maxBatches }, () =>
    makeBatch(options.batchSize, Date.now(), sessionId, anonymousId),
  );
  const failureReasons: Record<string, number> = {};
  const fail = (reason: string) => {
    failureReasons[reason] = (failureReasons[reason] ?? 0) + 1;
    return -1;
  };
  const post = async (body: string) => {
    const response = await fetch(url, { method: 'POST', headers, body });
    const answer = (await response.json().catch(() => ({}))) as { accepted?: number; error?: string };
    return response.ok
      ? (answer.accepted ?? 0)
      : fail(`${response.status}: ${answer.error ?? 'no error message'}`.slice(0, 120));
  };
  // Warm up the connection pool and the server's prepared statements.
  const warmup = Array.from({ length: 10 }, () => makeBatch(options.batchSize, Date.now(), sessionId, anonymousId));
  for (const body of warmup) await post(body);

  const latencies: number[] = [];
  let next = 0;
  let accepted = 0;
  let failures = 0;
  const started = performance.now();
  const deadline = started + options.maxSeconds * 1000;
  const loop = async () => {
    while (next < bodies.length && performance.now() < deadline) {
      const body = bodies[next++]!;
      const sent = performance.now();
      const stored = await post(body).catch((error: unknown) =>
        fail(error instanceof Error ? error.message : String(error)),
      );
      latencies.push(performance.now() - sent);
      if (stored < 0) failures += 1;
      else accepted += stored;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, loop));
  const seconds = (performance.now() - started) / 1000;
  return {
    batches: latencies.length,
    events: latencies.length * options.batchSize,
    accepted,
    failures,
    failureReasons,
    seconds,
    eventsPerSecond: accepted / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

/**
 * A schema of its own in the given PostgreSQL database, for one bench run: the database is shared (CI's and
 * other suites' `TEST_DATABASE_URL`), so the bench's tables and rows go in a fresh schema, dropped afterwards.
 * The server is pointed at it through the connection string's `options` parameter.
 */
export async function benchSchema(
  databaseUrl: string,
): Promise<{ url: string; schema: string; drop(): Promise<void> }> {
  const schema = `bench_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE SCHEMA ${schema}`);
  return { url: schemaUrl(databaseUrl, schema), schema, drop: () => run(`DROP SCHEMA ${schema} CASCADE`) };
}

/** `databaseUrl` with its connections' `search_path` set to `schema`, so the server's tables go there. */
export function schemaUrl(databaseUrl: string, schema: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.href;
}

/** Runs the built server (SQLite, or PostgreSQL with `databaseUrl`) and measures what it stores under load. */
export async function measureIngest(
  serverFile: string,
  publicDir: string,
  options: LoadOptions,
  databaseUrl?: string,
): Promise<IngestResult> {
  const schema = databaseUrl ? await benchSchema(databaseUrl) : undefined;
  try {
    const server = await startServerProcess(serverFile, publicDir, schema?.url);
    try {
      const health = (await (await fetch(`${server.origin}/api/health`)).json()) as { storage?: string };
      const result = await pushLoad(server.origin, options);
      return { storage: health.storage ?? 'unknown', concurrency: options.concurrency, ...result };
    } finally {
      await server.stop();
    }
  } finally {
    await schema?.drop();
  }
}

/**
 * The load generator's own ceiling: the same load against a server in this process that stores nothing and
 * answers at once. An ingest figure near it says more about the generator (or the machine) than about the server.
 */
export async function measureGeneratorCeiling(options: LoadOptions): Promise<IngestResult> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ accepted: options.batchSize, duplicates: 0 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return {
      storage: 'none (answers at once)',
      concurrency: options.concurrency,
      ...(await pushLoad(`http://127.0.0.1:${port}`, options)),
    };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
