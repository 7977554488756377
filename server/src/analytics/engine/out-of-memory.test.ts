import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { isOutOfMemory } from './out-of-memory.ts';
import { createReadRunner } from './read-runner.ts';

describe('a read that runs out of DuckDB memory', () => {
  let instance: DuckDBInstance | undefined;
  afterEach(() => instance?.closeSync());

  it('fails as out-of-memory (answered 503, retried), not as an internal error', async () => {
    // A sort that cannot spill: no temporary directory, and far more than the limit to hold.
    instance = await DuckDBInstance.create(':memory:', { memory_limit: '8MB', threads: '1', temp_directory: '' });
    const runner = createReadRunner(
      instance,
      { huge: (db) => db.all('SELECT range AS n, repeat(md5(range::VARCHAR), 8) AS s FROM range(2000000) ORDER BY s') },
      async () => undefined,
    );
    const result = await runner.run(1, 'huge', {});
    expect(result.ok).toBe(false);
    expect(!result.ok && result.failure.code).toBe('out-of-memory');
  });

  it('tells a want of memory from a bad row', () => {
    expect(isOutOfMemory(new Error('Out of Memory Error: could not allocate block of size 256.0 KiB'))).toBe(true);
    expect(
      isOutOfMemory(new Error('Failed to commit: failed to pin block of size 256.0 KiB (121.8 MiB/122.0 MiB used)')),
    ).toBe(true);
    expect(isOutOfMemory(new Error('Conversion Error: Type DOUBLE with value 1e300 can not be cast to BIGINT'))).toBe(
      false,
    );
  });
});
