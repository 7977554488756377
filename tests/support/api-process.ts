import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

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
            if (child.exitCode !== null) return stopped();
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
