import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dataDirBytes, processMemory } from './scale-process.ts';

describe('scale process figures', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('reads resident memory now and at peak from /proc', () => {
    const memory = processMemory(process.pid);
    expect(memory.rssBytes).toBeGreaterThan(10 * 2 ** 20);
    expect(memory.peakRssBytes).toBeGreaterThanOrEqual(memory.rssBytes!);
    // RssAnon + RssFile + RssShmem = VmRSS (https://www.kernel.org/doc/html/latest/filesystems/proc.html).
    expect(memory.rssAnonBytes).toBeGreaterThan(0);
    expect(memory.rssFileBytes).toBeGreaterThan(0);
    expect(memory.rssAnonBytes! + memory.rssFileBytes!).toBeLessThanOrEqual(memory.rssBytes!);
    expect(memory.rssAnonBytes! + memory.rssFileBytes!).toBeGreaterThan(memory.rssBytes! * 0.9);
    expect(memory.lazyFreeBytes).toBeGreaterThanOrEqual(0);
    expect(memory.lazyFreeBytes).toBeLessThanOrEqual(memory.rssAnonBytes!);
    expect(processMemory(2 ** 30)).toEqual({});
  });

  it('splits a data folder into the record and the analytics projection', () => {
    dir = mkdtempSync(join(tmpdir(), 'scale-disk-'));
    const sizes: Record<string, number> = {
      'insights.sqlite': 4096,
      'insights.sqlite-wal': 1000,
      'analytics.duckdb': 12_288,
      'analytics.duckdb.wal': 10,
      'keys.json': 80,
    };
    for (const [name, size] of Object.entries(sizes)) writeFileSync(join(dir, name), Buffer.alloc(size));
    expect(dataDirBytes(dir)).toEqual({ record: 5096, projection: 12_298, files: sizes });
  });
});
