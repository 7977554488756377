import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/uuid.ts';
import { openPostgresDatabase } from '../../../server/src/storage/postgres.ts';
import { openSqliteDatabase } from '../../../server/src/storage/sqlite.ts';
import { storageOn } from '../../../server/src/storage/storage.ts';
import { loopDelayProbeArgs, processMemory, readLoopDelay, resetLoopDelay } from '../../bench/scale-process.ts';
import { startApiProcess } from '../../support/api-process.ts';
import { storeLongRecording } from './long-recording.ts';

const READ = 'sk_long_replay';
const NOW = Date.now();
/** Two lengths of one recording; the shorter already fills an answer (32 MiB decoded, from about 1850 chunks). */
const SHORT = 2_000;
const LONG = 20_000;
/**
 * How much more reading the longer session may cost the API process. While a read loaded every stored chunk first,
 * the longer one took 70-100 MB more at the process's peak (in most runs) and held its event loop 0.4-0.6 s longer;
 * read a page at a time up to the answer's limits, both cost the same within a few MB and tens of ms (about 105-120
 * MB and 135-180 ms each, on the busy 2-core machine).
 */
const MORE_PEAK_BYTES = 40 * 1024 * 1024;
const MORE_LOOP_BLOCK_MS = 150;

const url = process.env.TEST_DATABASE_URL;
const schema = `test_long_replay_${process.pid}`;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(sql);
  await client.end();
}

/** Where the seeded store lives: a SQLite file in a data folder, or a PostgreSQL schema. */
const stores = [
  { name: 'SQLite', database: undefined },
  ...(url
    ? [{ name: 'PostgreSQL', database: `${url}?options=${encodeURIComponent(`-c search_path=${schema}`)}` }]
    : []),
];

describe.each(stores)('reading a long session replay on $name', ({ database }) => {
  const sessions = { short: uuidv7(), long: uuidv7() };
  let dataDir: string;

  beforeAll(async () => {
    if (!existsSync(resolve('dist/server/main.js')))
      throw new Error('build the server first: node scripts/build.mjs server');
    dataDir = mkdtempSync(join(tmpdir(), 'crm-insights-long-replay-'));
    if (database) await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    // Stored through the events repository, as ingest stores them, then read by the built server in its own process.
    const storage = await storageOn(
      database
        ? openPostgresDatabase(url!, { searchPath: schema })
        : openSqliteDatabase(join(dataDir, 'insights.sqlite')),
    );
    await storeLongRecording(storage, sessions.short, SHORT, NOW);
    await storeLongRecording(storage, sessions.long, LONG, NOW);
    await storage.close();
  }, 120_000);
  afterAll(async () => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (database) await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });

  /** A fresh API process reads one session's replay: how far that raised its peak memory, and its longest block. */
  async function readCost(sessionId: string) {
    const server = await startApiProcess(
      {
        DATA_DIR: dataDir,
        DATABASE_URL: database,
        INSIGHTS_READ_KEY: READ,
        RATE_LIMIT_PER_MINUTE: '0',
        RETENTION_DAYS: '0',
      },
      { command: [process.execPath, ...loopDelayProbeArgs(dataDir), resolve('dist/server/main.js')], ipc: true },
    );
    try {
      const pid = server.child.pid!;
      const read = () =>
        fetch(`${server.origin}/api/replay/sessions/${sessionId}`, { headers: { Authorization: `Bearer ${READ}` } });
      // A first read of another session, so the code and the connections the read uses are in place.
      expect(
        (
          await read().then(
            (response) => response.text(),
            () => '',
          )
        ).length,
      ).toBeGreaterThanOrEqual(0);
      await fetch(`${server.origin}/api/replay/sessions/${uuidv7()}`, { headers: { Authorization: `Bearer ${READ}` } });
      // Writing 5 resets the peak resident size (VmHWM) to the current one (https://docs.kernel.org/filesystems/proc.html).
      writeFileSync(`/proc/${pid}/clear_refs`, '5');
      const before = processMemory(pid).rssBytes!;
      await resetLoopDelay(server.child);
      const response = await read();
      const answer = (await response.json()) as { recordings: { events: unknown[] }[] };
      const loop = await readLoopDelay(server.child);
      const peakBytes = processMemory(pid).peakRssBytes! - before;
      expect(response.status).toBe(200);
      expect(answer.recordings[0]!.events.length).toBeGreaterThan(10_000);
      return { peakBytes, loopBlockMs: loop.maxMs };
    } finally {
      await server.stop();
    }
  }

  it('costs the API no more memory or event-loop time for ten times the stored chunks', async () => {
    const short = await readCost(sessions.short);
    const long = await readCost(sessions.long);
    const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
    console.info(
      `[long replay] ${SHORT} chunks: peak +${mb(short.peakBytes)} MB, loop blocked ${short.loopBlockMs.toFixed(0)} ms; ` +
        `${LONG} chunks: peak +${mb(long.peakBytes)} MB, loop blocked ${long.loopBlockMs.toFixed(0)} ms`,
    );
    expect(long.peakBytes - short.peakBytes).toBeLessThan(MORE_PEAK_BYTES);
    expect(long.loopBlockMs - short.loopBlockMs).toBeLessThan(MORE_LOOP_BLOCK_MS);
  }, 120_000);
});
