import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiProcess } from '../../support/api-process.ts';
import type { ApiProcess } from '../../support/api-process.ts';
import { startHttpReceiver } from '../../support/http-receiver.ts';
import type { HttpReceiver, ReceivedRequest } from '../../support/http-receiver.ts';

const url = process.env.TEST_DATABASE_URL;
const schema = `test_webhook_replicas_${process.pid}`;
const WRITE = 'pk_webhook_replicas_write';
const READ = 'sk_webhook_replicas_read';
/** How long a delivery's claim lasts unrenewed, and how often every process looks for lapsed ones. */
const CLAIM_MS = 1500;
const REPORTS = 3;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(sql);
  await client.end();
}

const reportId = (request: Pick<ReceivedRequest, 'body'>) => (JSON.parse(request.body) as { id: string }).id;

/** How many times the receiver took each report (answered 2xx), by report id. */
function deliveredPerReport(receiver: HttpReceiver, ids: readonly string[]): Record<string, number> {
  const taken = receiver.received.filter((request) => request.status < 300).map(reportId);
  return Object.fromEntries(ids.map((id) => [id, taken.filter((taker) => taker === id).length]));
}

/** Resolves once every report was taken at least once; rejects after `timeoutMs`. */
async function untilDelivered(receiver: HttpReceiver, ids: readonly string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Object.values(deliveredPerReport(receiver, ids)).some((count) => count === 0)) {
    if (Date.now() > deadline)
      throw new Error(
        `reports not delivered within ${timeoutMs} ms: ${JSON.stringify(deliveredPerReport(receiver, ids))}`,
      );
    await new Promise((wake) => setTimeout(wake, 25));
  }
}

/** Resolves once the receiver has seen a first attempt for every report. */
async function untilFirstAttempts(receiver: HttpReceiver, ids: readonly string[]): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!ids.every((id) => receiver.received.some((request) => reportId(request) === id))) {
    if (Date.now() > deadline) throw new Error('the first attempts did not arrive within 10 s');
    await new Promise((wake) => setTimeout(wake, 25));
  }
}

// Bug-report webhooks with several API processes on one PostgreSQL schema: a delivery is attempted by one process at
// a time, and one whose process died is carried on by another. The receiver refuses each report's first attempt
// (503 with Retry-After), so its process is still retrying when the others start or look.
describe.skipIf(!url)(
  `bug-report webhooks with several API processes${url ? '' : ' (skipped: TEST_DATABASE_URL is not set)'}`,
  () => {
    const processes: ApiProcess[] = [];
    let receiver: HttpReceiver;
    let dataDir: string;
    let retryAfterSeconds = 0;
    let env: NodeJS.ProcessEnv;

    const call = async (origin: string, method: string, path: string, key: string, body: unknown) => {
      const response = await fetch(`${origin}/api${path}`, {
        method,
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBeLessThan(300);
      return (await response.json()) as { id: string };
    };
    const fileReports = (origin: string, what: string) =>
      Promise.all(
        Array.from({ length: REPORTS }, async (_, index) => {
          const created = await call(origin, 'POST', '/bug-reports', WRITE, {
            description: `${what} ${index}`,
            severity: 'high',
          });
          return created.id;
        }),
      );
    const start = async () => {
      const started = await startApiProcess(env);
      processes.push(started);
      return started;
    };

    beforeAll(async () => {
      await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
      // Each report's first attempt is refused with a Retry-After; every later one is taken.
      receiver = await startHttpReceiver((request, before) =>
        before.some((earlier) => reportId(earlier) === reportId(request))
          ? { status: 204 }
          : { status: 503, headers: { 'Retry-After': String(retryAfterSeconds) } },
      );
      dataDir = mkdtempSync(join(tmpdir(), 'crm-insights-webhook-replicas-'));
      env = {
        DATABASE_URL: `${url}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
        DATA_DIR: dataDir,
        ANALYTICS_DB: ':memory:',
        INSIGHTS_WRITE_KEY: WRITE,
        INSIGHTS_READ_KEY: READ,
        RATE_LIMIT_PER_MINUTE: '0',
        RETENTION_DAYS: '0',
        INSIGHTS_OUTBOUND_ALLOW: '127.0.0.1',
        METRICS_SAMPLE_MS: '0',
        TRACKING_PLAN: 'off',
        WEBHOOK_CLAIM_MS: String(CLAIM_MS),
      };
      const first = await start();
      await call(first.origin, 'PUT', '/bug-reports/routing-rules', READ, {
        rules: [{ name: 'all', category: 'bugs', webhook: `${receiver.origin}/hooks/bugs` }],
      });
    });
    afterAll(async () => {
      await Promise.all(processes.map((server) => server.stop()));
      await receiver?.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      if (url) await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    });

    it('delivers each report once when processes start while another is still retrying it', async () => {
      retryAfterSeconds = 12;
      const ids = await fileReports(processes[0]!.origin, 'blank page');
      await untilFirstAttempts(receiver, ids);
      const retriesDue = Date.now() + retryAfterSeconds * 1000;
      await Promise.all([start(), start()]);
      // The scenario holds: both newcomers were up, looking for unfinished deliveries on start and every claim period,
      // well before the retries.
      expect(Date.now()).toBeLessThan(retriesDue - 2 * CLAIM_MS);

      await untilDelivered(receiver, ids, retryAfterSeconds * 1000 + 10_000);
      // Until the first process's retries are past, and several claim periods more, in which a second sender shows up.
      await new Promise((wake) => setTimeout(wake, Math.max(0, retriesDue - Date.now()) + 3 * CLAIM_MS));
      expect(deliveredPerReport(receiver, ids)).toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
    });

    it('carries on the deliveries of a process that died, within two claim periods, once each', async () => {
      retryAfterSeconds = 60;
      const owner = processes[0]!;
      const ids = await fileReports(owner.origin, 'lost deal');
      await untilFirstAttempts(receiver, ids);
      const exited = once(owner.child, 'exit');
      owner.child.kill('SIGKILL');
      await exited;
      const killedAt = Date.now();

      await untilDelivered(receiver, ids, 4 * CLAIM_MS + 5000);
      const takenOverMs = Date.now() - killedAt;
      console.log(`[webhook replicas] a dead process's deliveries were carried on after ${takenOverMs} ms`);
      expect(takenOverMs).toBeLessThan(2 * CLAIM_MS + 2000);
      await new Promise((wake) => setTimeout(wake, 3 * CLAIM_MS));
      expect(deliveredPerReport(receiver, ids)).toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
    });
  },
);
