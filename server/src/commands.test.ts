import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runCommand } from './commands.ts';
import type { Settings } from './settings.ts';
import { openStorage } from './storage/storage.ts';

const DAY = 86_400_000;
let dir: string;
let settings: Settings;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crm-insights-commands-'));
  settings = {
    host: '127.0.0.1',
    port: 0,
    dataDir: dir,
    writeKey: 'pk',
    readKey: 'sk',
    publicDir: dir,
    generatedKeys: [],
    retentionDays: 30,
  };
  const storage = await openStorage(settings);
  const now = Date.now();
  await storage.insertEvents(
    [40, 10, 1].map((age, index) => ({
      id: `0190a000-0000-7000-8000-00000000000${index}`,
      type: 'track' as const,
      name: `age ${age}`,
      ts: now - age * DAY,
      correctedTs: now - age * DAY,
      receivedAt: now,
      sessionId: '0190a000-0000-7000-8000-aaaaaaaaaaaa',
      anonymousId: '0190a000-0000-7000-8000-bbbbbbbbbbbb',
    })),
  );
  // The projection holds them too, as a server that ran would have left it.
  await storage.analytics.catchUp();
  await storage.close();
});

/** The number of events in the analytics projection. */
async function projectedEvents(): Promise<unknown> {
  const storage = await openStorage(settings);
  try {
    return (await storage.analytics.status()).rows;
  } finally {
    await storage.close();
  }
}
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('migrates, purges by RETENTION_DAYS and exports NDJSON to a file', async () => {
  const log: string[] = [];
  await runCommand('migrate', settings, [], (line) => log.push(line));
  await runCommand('purge', settings, [], (line) => log.push(line));
  const file = join(dir, 'events.ndjson');
  await runCommand('export', settings, [file], (line) => log.push(line));
  expect(log[0]).toMatch(/^sqlite: schema up to date \(\d+ migrations applied\)$/);
  expect(log[1]).toMatch(/^purged 1 events older than .* \(30 days\)$/);
  expect(log[2]).toBe('purged 1 events from the analytics projection');
  expect(log[3]).toBe(`exported 2 events to ${file}`);
  expect(
    readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as { name: string }).name),
  ).toEqual(['age 10', 'age 1']);
});

it('purges the analytics projection too, or says why not while a server holds it', async () => {
  const log: string[] = [];
  await runCommand('purge', settings, [], (line) => log.push(line));
  expect(log[1]).toBe('purged 1 events from the analytics projection');
  expect(await projectedEvents()).toBe(2);

  const server = await holdProjectionFile(join(dir, 'analytics.duckdb'));
  try {
    await runCommand('purge', { ...settings, retentionDays: 5 }, [], (line) => log.push(line));
  } finally {
    server.kill();
  }
  expect(log[2]).toMatch(/^purged 1 events older than/);
  expect(log[3]).toMatch(/^the analytics projection was not purged \(.*lock.*\); a running server purges it/);
  expect(await projectedEvents()).toBe(2);
});

/** Another process holding the projection file open, as a running server does (DuckDB locks it per process). */
async function holdProjectionFile(file: string): Promise<ChildProcess> {
  const holder = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { DuckDBInstance } from '@duckdb/node-api';
       await DuckDBInstance.create(${JSON.stringify(file)});
       console.log('held');
       setTimeout(() => undefined, 60_000);`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [line] = (await once(holder.stdout, 'data')) as [Buffer];
  if (line.toString().trim() !== 'held') throw new Error(`the holder said ${line}`);
  return holder;
}

it('fails an export to a file it cannot create, and the process carries on', async () => {
  const uncaught: unknown[] = [];
  const recordUncaught = (error: unknown) => void uncaught.push(error);
  process.on('uncaughtException', recordUncaught);
  try {
    await expect(
      runCommand('export', settings, [join(dir, 'missing', 'events.ndjson')], () => undefined),
    ).rejects.toThrow(/ENOENT/);
    expect(uncaught).toEqual([]);
  } finally {
    process.off('uncaughtException', recordUncaught);
  }
});

it('refuses an unknown command and a bad --since', async () => {
  await expect(runCommand('drop', settings, [])).rejects.toThrow(
    /unknown command "drop"; choose from migrate, purge, export, rebuild-analytics/,
  );
  await expect(runCommand('export', settings, ['--since=soon'])).rejects.toThrow(
    /--since must be epoch milliseconds or an ISO 8601 date/,
  );
});
