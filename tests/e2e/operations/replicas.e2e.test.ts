import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/uuid.ts';
import { startApiProcess } from '../../support/api-process.ts';
import { errorProps } from '../../support/error-props.ts';
import type { ApiProcess } from '../../support/api-process.ts';
import { startHttpReceiver } from '../../support/http-receiver.ts';
import { waitForLoadTest } from '../../support/load-test-run.ts';
import type { HttpReceiver } from '../../support/http-receiver.ts';

const url = process.env.TEST_DATABASE_URL;
const schema = `test_replicas_${process.pid}`;
const WRITE = 'pk_replicas_write';
const READ = 'sk_replicas_read';
const LIMIT = 60;
const STAFF = 'st_replicas_staff';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(sql);
  await client.end();
}

// Three API processes on one PostgreSQL schema, reached round-robin, behave as one server.
describe.skipIf(!url)(
  `three API processes on one PostgreSQL${url ? '' : ' (skipped: TEST_DATABASE_URL is not set)'}`,
  () => {
    const replicas: ApiProcess[] = [];
    let slack: HttpReceiver;
    let dataDir: string;
    let turn = 0;
    /** The round-robin client: each call goes to the next replica. */
    const next = () => replicas[turn++ % replicas.length]!.origin;

    beforeAll(async () => {
      await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
      slack = await startHttpReceiver(200);
      dataDir = mkdtempSync(join(tmpdir(), 'crm-insights-replicas-'));
      const rules = join(dataDir, 'alerts.json');
      writeFileSync(
        rules,
        JSON.stringify({
          rules: [
            {
              id: 'new-errors',
              name: 'New errors',
              kind: 'error.new',
              windowMinutes: 5,
              channels: [{ type: 'slack', url: `${slack.origin}/services/T/B/X` }],
            },
          ],
        }),
      );
      const env = {
        DATABASE_URL: `${url}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
        DATA_DIR: dataDir,
        // Each process keeps its own analytics projection of the shared record (one file would be locked by the first).
        ANALYTICS_DB: ':memory:',
        INSIGHTS_WRITE_KEY: WRITE,
        INSIGHTS_READ_KEY: READ,
        INSIGHTS_STAFF_TOKENS: STAFF,
        RATE_LIMIT_PER_MINUTE: String(LIMIT),
        RETENTION_DAYS: '0',
        ALERT_RULES_FILE: rules,
        ALERT_EVALUATE_MS: '300',
        ALERT_NOTIFY_MS: '100',
        INSIGHTS_OUTBOUND_ALLOW: '127.0.0.1',
        METRICS_SAMPLE_MS: '0',
        TRACKING_PLAN: 'off',
      };
      // One first, so the others start on a migrated schema (they would also wait on the migration lock).
      replicas.push(await startApiProcess(env));
      replicas.push(...(await Promise.all([startApiProcess(env), startApiProcess(env)])));
    });
    afterAll(async () => {
      await Promise.all(replicas.map((replica) => replica.stop()));
      await slack?.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      if (url) await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    });

    it('stores each event once when the same batch is resent concurrently through every replica', async () => {
      const ts = Date.now();
      const session = uuidv7(ts);
      const events = Array.from({ length: 50 }, () => ({
        id: uuidv7(ts),
        type: 'track',
        name: 'Deal Created',
        ts,
        sessionId: session,
        anonymousId: session,
      }));
      const body = JSON.stringify({ sentAt: ts, events });
      const answers = await Promise.all(
        Array.from({ length: 9 }, () =>
          fetch(`${next()}/api/analytics/events`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${WRITE}`, 'Content-Type': 'application/json' },
            body,
          }).then((response) => response.json() as Promise<{ accepted: number; duplicates: number }>),
        ),
      );
      expect(answers.reduce((sum, answer) => sum + answer.accepted, 0)).toBe(50);
      expect(answers.reduce((sum, answer) => sum + answer.duplicates, 0)).toBe(8 * 50);
      const stored = (await (
        await fetch(`${next()}/api/analytics/events?sessionId=${session}&limit=1000`, {
          headers: { Authorization: `Bearer ${READ}` },
        })
      ).json()) as { events: unknown[] };
      expect(stored.events).toHaveLength(50);
    });

    it('sends one notification for one incident, though every replica evaluates', async () => {
      const ts = Date.now();
      const session = uuidv7(ts);
      const errors = Array.from({ length: 3 }, () => ({
        id: uuidv7(ts),
        type: 'error',
        name: 'RangeError',
        ts,
        sessionId: session,
        anonymousId: session,
        props: errorProps({ type: 'RangeError', fingerprint: 'fp-replicas', message: 'bad range' }),
      }));
      const response = await fetch(`${next()}/api/analytics/events`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${WRITE}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ sentAt: ts, events: errors }),
      });
      expect(response.status).toBe(200);
      await slack.waitFor(1, 20_000);
      // Several evaluation rounds on every replica later, still one message.
      await new Promise((wake) => setTimeout(wake, 2000));
      expect(slack.received).toHaveLength(1);
      expect(JSON.parse(slack.received[0]!.body).blocks[0].text.text).toBe('[FIRING] New errors');
      const incidents = (await (
        await fetch(`${next()}/api/alerts/incidents`, { headers: { Authorization: `Bearer ${READ}` } })
      ).json()) as { incidents: { key: string }[] };
      expect(incidents.incidents.map((incident) => incident.key)).toEqual(['fp-replicas']);
    });

    it('holds one rate limit across the replicas', async () => {
      // The previous test's read spent a token of this bucket; a second refills it, so the bucket starts full.
      await new Promise((wake) => setTimeout(wake, 1100));
      const statuses: number[] = [];
      for (let request = 0; request < LIMIT + 30; request++) {
        statuses.push(
          (await fetch(`${next()}/api/alerts/rules`, { headers: { Authorization: `Bearer ${READ}` } })).status,
        );
      }
      const allowed = statuses.filter((status) => status === 200).length;
      // 60 in the bucket, less the incidents read above, plus what refills (1/s) while the requests run; three separate
      // buckets would allow all 90.
      expect(allowed).toBeGreaterThanOrEqual(LIMIT - 1);
      expect(allowed).toBeLessThan(LIMIT + 10);
      expect(statuses.filter((status) => status === 429).length).toBe(LIMIT + 30 - allowed);
    });

    it('runs one load test at a time across replicas, in its own rate bucket', async () => {
      const answers = await Promise.all(
        replicas.map((replica) =>
          fetch(`${replica.origin}/api/load-tests/run`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${STAFF}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({ requests: 120, concurrency: 2, eventsPerBatch: 5 }),
          }),
        ),
      );
      const statuses = answers.map((answer) => answer.status).sort();
      // The staff token's bucket is untouched, so the two refusals are the lease's 409s, not the limiter's 429s.
      expect(statuses).toEqual([202, 409, 409]);
      const started = (await answers.find((answer) => answer.status === 202)!.json()) as { id: string };
      // Any replica answers for the run, whichever one runs it.
      const run = await waitForLoadTest((path, init) => fetch(`${next()}${path}`, init), `Bearer ${STAFF}`, started.id);
      expect(run.status).toBe('done');
      const result = run.result as { ok: number; rateLimited: number };
      expect(result).toMatchObject({ ok: 120, rateLimited: 0 });
    });
  },
);
