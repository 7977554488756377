import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { configureDuckDbAllocator, DUCKDB_ALLOCATOR_ENV, duckDbAllocatorConf } from './engine-memory.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

it('puts the allocator options in the environment, unless the operator set their own', () => {
  const env: NodeJS.ProcessEnv = {};
  expect(configureDuckDbAllocator(1000, env)).toBe('dirty_decay_ms:1000,muzzy_decay_ms:0');
  expect(env[DUCKDB_ALLOCATOR_ENV]).toBe('dirty_decay_ms:1000,muzzy_decay_ms:0');
  const operator: NodeJS.ProcessEnv = { [DUCKDB_ALLOCATOR_ENV]: 'dirty_decay_ms:0' };
  expect(configureDuckDbAllocator(1000, operator)).toBe('dirty_decay_ms:0');
  expect(operator[DUCKDB_ALLOCATOR_ENV]).toBe('dirty_decay_ms:0');
});

it('reaches the allocator of a DuckDB that a worker thread loads after the main thread set it', async () => {
  // As the engine does it: the main thread sets the variable at run time, then a worker loads DuckDB. jemalloc's
  // `stats_print` lists the options it runs with when the process exits.
  const script = `
    import { Worker } from 'node:worker_threads';
    process.env.${DUCKDB_ALLOCATOR_ENV} = ${JSON.stringify(`${duckDbAllocatorConf(250)},stats_print:true`)};
    const worker = new Worker(
      "import('@duckdb/node-api').then(async ({ DuckDBInstance }) => (await DuckDBInstance.create(':memory:')).closeSync())",
      { eval: true },
    );
    worker.on('exit', (code) => process.exit(code));
  `;
  const env = { ...process.env };
  delete env[DUCKDB_ALLOCATOR_ENV];
  const { stderr, stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    env,
    maxBuffer: 16 * 2 ** 20,
  });
  const printed = stdout + stderr;
  expect(printed).not.toContain('Invalid conf');
  expect(printed).toMatch(/opt\.dirty_decay_ms: 250\b/);
  expect(printed).toMatch(/opt\.muzzy_decay_ms: 0\b/);
}, 30_000);
