import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStorage } from '../../storage/storage.ts';
import type { WorkerSetup } from './protocol.ts';
import type { RecordLocation } from './record-source.ts';
import { openWorkerChannel } from './worker-channel.ts';
import type { WorkerChannel } from './worker-channel.ts';

/** A small worker on `record`, its projection at `projectionFile`. */
const setupFor = (record: RecordLocation, projectionFile: string): WorkerSetup => ({
  record,
  projectionFile,
  threads: 1,
  memoryLimit: '64MB',
  heapMb: 128,
  allocatorDecayMs: 0,
  batchSize: 100,
  pollMs: 250,
  projectorDelayMs: 0,
  concurrency: 1,
  rebuild: false,
  diagnostics: false,
});

describe('the worker channel', () => {
  let dir: string;
  let channel: WorkerChannel | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'crm-insights-channel-'));
  });
  afterEach(async () => {
    await channel?.close();
    channel = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers every call 503 without a setup (an in-memory record), and starts nothing', async () => {
    channel = openWorkerChannel(undefined);
    const id = channel.nextId();
    await expect(channel.call({ kind: 'status' }, id)).rejects.toMatchObject({
      status: 503,
      message: expect.stringMatching(/in-memory database that a worker thread cannot open/),
    });
    channel.cancel(id);
    await expect(channel.start()).rejects.toMatchObject({ status: 503 });
    expect(channel.nextId()).toBe(id + 1);
  });

  it('answers 503 with the reason when the worker cannot start, drops a cancel sent meanwhile, and starts afresh on the next call', async () => {
    const storage = await openStorage({ dataDir: dir });
    const record = storage.db.location!;
    await storage.close();
    const projectionDir = join(dir, 'projection');
    channel = openWorkerChannel(setupFor(record, join(projectionDir, 'analytics.duckdb')));

    const id = channel.nextId();
    const first = channel.call({ kind: 'status' }, id);
    // A read past its time limit while the worker is still starting: nothing to interrupt once the start fails.
    channel.cancel(id);
    await expect(first).rejects.toMatchObject({
      status: 503,
      headers: { 'Retry-After': '5' },
      message: expect.stringMatching(/^analytics engine failed to start: /),
    });

    mkdirSync(projectionDir);
    expect(await channel.call({ kind: 'status' })).toMatchObject({ lagEvents: 0 });
  });

  it('answers 503 once closed, the worker asked to close first', async () => {
    const storage = await openStorage({ dataDir: dir });
    const record = storage.db.location!;
    await storage.close();
    channel = openWorkerChannel(setupFor(record, join(dir, 'analytics.duckdb')));
    await channel.start();
    await channel.close();
    await expect(channel.call({ kind: 'status' })).rejects.toMatchObject({
      status: 503,
      message: 'the analytics engine is shut down',
    });
    await expect(channel.start()).rejects.toMatchObject({ status: 503 });
  });
});
