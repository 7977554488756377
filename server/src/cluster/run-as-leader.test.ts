import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALL_MIGRATIONS } from '../storage/migration-registry.ts';
import { runMigrations } from '../storage/migrations.ts';
import { openPostgresDatabase } from '../storage/postgres.ts';
import type { SqlDatabase } from '../storage/sql-database.ts';
import { openPostgresTestSchema } from '../storage/test-databases.ts';
import { runAsLeader } from './run-as-leader.ts';

const url = process.env.TEST_DATABASE_URL;
/** PostgreSQL ends a session idle in a transaction for longer than this (set per session, as an operator might). */
const IDLE_IN_TRANSACTION_MS = 200;
const WORK_MS = 3 * IDLE_IN_TRANSACTION_MS;
const GAP_MS = 60_000;
const T = Date.UTC(2026, 11, 6, 12);

// Several API processes on one PostgreSQL, each with its own pool, run a leader job whose work outlasts the
// server's idle_in_transaction_session_timeout: the job still runs once per gap.
describe.skipIf(!url)(`runAsLeader on PostgreSQL${url ? '' : ' (skipped: TEST_DATABASE_URL is not set)'}`, () => {
  let setup: SqlDatabase;
  let instances: SqlDatabase[];
  beforeEach(async () => {
    const opened = await openPostgresTestSchema(url!);
    setup = opened.db;
    await runMigrations(setup, ALL_MIGRATIONS);
    const options = `-c search_path=${opened.schema} -c idle_in_transaction_session_timeout=${IDLE_IN_TRANSACTION_MS}`;
    instances = ['a', 'b', 'c'].map(() =>
      openPostgresDatabase(`${url}?options=${encodeURIComponent(options)}`, { max: 4 }),
    );
  });
  afterEach(async () => {
    await Promise.all(instances.map((db) => db.close()));
    await setup.close();
  });

  const slowWork = (ran: string[], name: string) => async () => {
    ran.push(name);
    await new Promise((wake) => setTimeout(wake, WORK_MS));
  };

  it('records a run whose work outlasts idle_in_transaction_session_timeout, so the next instance skips it', async () => {
    const ran: string[] = [];
    const first = await runAsLeader(instances[0]!, 'slow-job', 'a', T, GAP_MS, slowWork(ran, 'a')).catch(
      (error: Error) => error.message,
    );
    const second = await runAsLeader(instances[1]!, 'slow-job', 'b', T + 1000, GAP_MS, slowWork(ran, 'b')).catch(
      (error: Error) => error.message,
    );
    expect({ first, second, ran }).toEqual({ first: true, second: false, ran: ['a'] });
    // Once the gap has passed, the next instance to ask runs it.
    expect(await runAsLeader(instances[2]!, 'slow-job', 'c', T + GAP_MS, GAP_MS, slowWork(ran, 'c'))).toBe(true);
    expect(ran).toEqual(['a', 'c']);
  });

  it('runs slow work once when every instance ticks at the same moment', async () => {
    const ran: string[] = [];
    const answers = await Promise.all(
      instances.map((db, index) =>
        runAsLeader(db, 'slow-job', String(index), T, GAP_MS, slowWork(ran, String(index))).catch(
          (error: Error) => error.message,
        ),
      ),
    );
    expect(answers.filter((answer) => answer === true)).toHaveLength(1);
    expect(answers.filter((answer) => answer === false)).toHaveLength(2);
    expect(ran).toHaveLength(1);
  });
});
