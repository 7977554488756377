import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApiOnDataDir } from '../../support/api-process.ts';
import type { ApiProcess } from '../../support/api-process.ts';

// The built server as a real process (dist/server/main.js, from `node scripts/build.mjs server`), killed with
// SIGKILL between writing the record and projecting it, then started again on the same data folder.
const MAIN = resolve('dist/server/main.js');
const WRITE = 'pk_crash';
const READ = 'sk_crash';
const T = Date.UTC(2026, 10, 2, 9);
const processes: ApiProcess[] = [];
let dataDir: string;

/** The built server on this test's data folder (kept across its restarts). */
async function startProcess(env: Record<string, string> = {}): Promise<ApiProcess> {
  const server = await startApiOnDataDir(
    'crash',
    { INSIGHTS_WRITE_KEY: WRITE, INSIGHTS_READ_KEY: READ, RATE_LIMIT_PER_MINUTE: '0', RETENTION_DAYS: '0', ...env },
    { dataDir },
  );
  processes.push(server);
  return server;
}

/** kill -9: the process ends where it stands, without its own shutdown. */
async function crash(server: ApiProcess): Promise<void> {
  const exited = once(server.child, 'exit');
  server.child.kill('SIGKILL');
  await exited;
  await server.stop();
}

const errorEvent = (index: number) => ({
  id: `0190a000-0000-7000-8000-${String(index).padStart(12, '0')}`,
  type: 'error',
  name: 'TypeError',
  ts: T + index * 1000,
  sessionId: `0190a000-0001-7000-8000-${String(index % 7).padStart(12, '0')}`,
  anonymousId: `0190a000-0002-7000-8000-${String(index % 5).padStart(12, '0')}`,
  props: {
    kind: 'js',
    type: 'TypeError',
    message: 'x is undefined',
    fingerprint: 'fp-crash',
    count: 1,
    handled: false,
    frames: [{ function: 'save', file: 'app.js', line: 3, column: 9, inApp: true }],
    breadcrumbs: [],
  },
});
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, offset) => errorEvent(from + offset));

async function ingest(server: ApiProcess, events: unknown[]): Promise<{ accepted: number; duplicates: number }> {
  const response = await fetch(`${server.origin}/api/analytics/events`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${WRITE}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ sentAt: Date.now(), events }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as { accepted: number; duplicates: number };
}

/** How many `fp-crash` errors the analytics reads count (each event has count 1, so this counts events). */
async function counted(server: ApiProcess): Promise<number> {
  const response = await fetch(`${server.origin}/api/errors/groups?since=${T - 3_600_000}&until=${T + 86_400_000}`, {
    headers: { Authorization: `Bearer ${READ}` },
  });
  expect(response.status, await response.clone().text()).toBe(200);
  const { groups } = (await response.json()) as { groups: { fingerprint: string; count: number }[] };
  return groups.find((group) => group.fingerprint === 'fp-crash')?.count ?? 0;
}

beforeAll(() => {
  if (!existsSync(MAIN) || !existsSync(resolve('dist/server/analytics-worker.js')))
    throw new Error('build the server first: node scripts/build.mjs server');
  dataDir = mkdtempSync(join(tmpdir(), 'crm-insights-crash-'));
});
afterAll(async () => {
  for (const server of processes) await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('counts every acknowledged event exactly once after a kill -9 between the record and the projection', async () => {
  // 1. Events projected (a read catches the projection up and commits it), then the process is killed.
  let server = await startProcess();
  expect(await ingest(server, range(0, 20))).toEqual({ accepted: 20, duplicates: 0, sampleRate: 1 });
  expect(await counted(server)).toBe(20);
  await crash(server);

  // 2. The projector held back: events acknowledged and in the record, not in the projection, then killed again.
  server = await startProcess({ ANALYTICS_PROJECTOR_DELAY_MS: '600000' });
  expect(await ingest(server, range(20, 35))).toMatchObject({ accepted: 15 });
  expect(await counted(server)).toBe(20); // the projection has not seen them: the crash falls between the two writes
  await crash(server);

  // 3. A normal start catches up from the watermark: all 35, none twice, also when clients resend.
  server = await startProcess();
  expect(await counted(server)).toBe(35);
  expect(await ingest(server, range(0, 35))).toMatchObject({ accepted: 0, duplicates: 35 });
  expect(await ingest(server, range(35, 40))).toMatchObject({ accepted: 5 });
  expect(await counted(server)).toBe(40);
  await crash(server);
}, 120_000);
