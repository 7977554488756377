import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_WRITE_KEY } from '../../support/server.ts';
import type { TestServer } from '../../support/server.ts';

/** Runs `npm run loadtest -- …args` to the end and returns its exit code and output. */
function loadtest(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('npm', ['run', '--silent', 'loadtest', '--', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('npm run loadtest against a local server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ rateLimitPerMinute: 100_000, metricsSampleMs: 0 });
  });
  afterAll(() => server?.stop());

  it('sends the widget mix for the duration, shows progress, prints a table and JSON, exits 0', async () => {
    const run = await loadtest([
      '--target',
      server.origin,
      '--duration',
      '3',
      '--rate',
      '200',
      '--key',
      TEST_WRITE_KEY,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/load \d s: \d+ requests, \d+ ok/);
    expect(run.stdout).toMatch(/\| rate ev\/s \| achieved ev\/s \| requests \|/);
    const summary = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as {
      phases: { requests: number; ok: number; failed: number; events: number }[];
    };
    expect(summary.phases[0]!.ok).toBeGreaterThan(20);
    expect(summary.phases[0]!.failed).toBe(0);
    const stored = await server.events({ type: 'vital' });
    expect(stored.length).toBeGreaterThan(0);
    expect((await server.events({ type: 'api' })).length).toBeGreaterThan(stored.length);
  });

  it('ramps until p99 passes the limit or the ceiling and reports the saturation point', async () => {
    const run = await loadtest([
      '--target',
      server.origin,
      '--ramp',
      '--rate',
      '100',
      '--step-seconds',
      '1',
      '--max-rate',
      '300',
      '--p99-limit',
      '5000',
      '--key',
      TEST_WRITE_KEY,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as {
      mode: string;
      saturationEventsPerSecond: number;
      phases: unknown[];
    };
    expect(summary.mode).toBe('ramp');
    expect(summary.phases).toHaveLength(3);
    expect(summary.saturationEventsPerSecond).toBeGreaterThan(100);
  });

  it('explains a missing target', async () => {
    const run = await loadtest(['--rate', '10']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--target must be the server's URL/);
  });
});
