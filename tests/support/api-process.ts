import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** One API server running as its own Node process (the built `dist/server/main.js`). */
export interface ApiProcess {
  origin: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `node dist/server/main.js` (or `command`, e.g. an installed `crm-insights-server` bin) with `env` on a
 * free port (PORT=0) and resolves once it prints where it listens; the process is killed if the test process
 * exits first.
 */
export function startApiProcess(
  env: Record<string, string>,
  timeoutMs = 30_000,
  [file, ...args]: readonly string[] = [process.execPath, resolve('dist/server/main.js')],
): Promise<ApiProcess> {
  const child = spawn(file!, args, {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  let output = '';
  return new Promise((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`API process did not start in ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^/\s]+)\/api/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      done({
        origin: match[1]!,
        child,
        stop: () =>
          new Promise((stopped) => {
            process.off('exit', kill);
            // A process a signal ended has no exit code, only a signal code; its 'exit' has already been emitted.
            if (child.exitCode !== null || child.signalCode !== null) return stopped();
            child.once('exit', () => stopped());
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => fail(new Error(`API process exited (${code}) before listening:\n${output}`)));
  });
}

/**
 * The built server on a fresh temporary data folder (SQLite), with write key `writeKey` and read key `readKey`, no
 * rate limit and no retention: `stop` ends it and removes the folder.
 */
export async function startApiOnTempStore(name: string, writeKey: string, readKey: string): Promise<ApiProcess> {
  if (!existsSync(resolve('dist/server/main.js')))
    throw new Error('build the server first: node scripts/build.mjs server');
  const dataDir = mkdtempSync(join(tmpdir(), `crm-insights-${name}-`));
  const server = await startApiProcess({
    DATA_DIR: dataDir,
    INSIGHTS_WRITE_KEY: writeKey,
    INSIGHTS_READ_KEY: readKey,
    RATE_LIMIT_PER_MINUTE: '0',
    RETENTION_DAYS: '0',
  }).catch((error: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  return {
    ...server,
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
