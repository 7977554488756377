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

/** An API process with the data folder it runs on. */
export interface ApiProcessOnDataDir extends ApiProcess {
  /** Its data folder (a fresh one is removed when it stops; one given to it is kept). */
  dataDir: string;
}

/** How an API process is started, beyond its environment. */
export interface ApiProcessOptions {
  /** How long it may take to say where it listens; 30 s unless given. */
  timeoutMs?: number;
  /** What to run: this Node on the built server unless given (an installed bin, or Node flags before the file). */
  command?: readonly string[];
  /** An IPC channel to the child, for a probe loaded into it (`child.send`, its `message` events). */
  ipc?: boolean;
}

/** Where an API process keeps its data, and how it is started. */
export interface ApiProcessOnDataDirOptions extends ApiProcessOptions {
  /** A data folder to use and keep (a reused store); without one, a fresh temporary folder removed when it stops. */
  dataDir?: string;
}

/** The line the server prints once it listens, with its origin. */
const LISTENING = /listening on (http:\/\/[^/\s]+)\/api/;

/**
 * Starts the built server (or `options.command`) with this process's environment and `env` (a key set to undefined
 * is left out) on a free port (PORT=0), and resolves once it prints where it listens. Rejects with the server's last
 * words when it exits first or does not listen in time; the process is killed if this process exits first.
 */
export async function startApiProcess(env: NodeJS.ProcessEnv, options: ApiProcessOptions = {}): Promise<ApiProcess> {
  const [file, ...args] = options.command ?? [process.execPath, resolve('dist/server/main.js')];
  const child = spawn(file!, args, {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe', ...(options.ipc ? (['ipc'] as const) : [])],
  });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const stop = () => {
    process.off('exit', kill);
    return stopChild(child);
  };
  const origin = await untilListening(child, options.timeoutMs ?? 30_000).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { origin, child, stop };
}

/**
 * `startApiProcess` with `DATA_DIR` set: the folder given (kept), or a fresh temporary one named after `name`, removed
 * when the process stops or fails to start.
 */
export async function startApiOnDataDir(
  name: string,
  env: NodeJS.ProcessEnv,
  { dataDir: keptDir, ...options }: ApiProcessOnDataDirOptions = {},
): Promise<ApiProcessOnDataDir> {
  const dataDir = keptDir ?? mkdtempSync(join(tmpdir(), `crm-insights-${name}-`));
  const removeFresh = () => {
    if (!keptDir) rmSync(dataDir, { recursive: true, force: true });
  };
  const server = await startApiProcess({ ...env, DATA_DIR: dataDir }, options).catch((error: unknown) => {
    removeFresh();
    throw error;
  });
  return {
    ...server,
    dataDir,
    stop: async () => {
      await server.stop();
      removeFresh();
    },
  };
}

/**
 * The built server on a fresh temporary data folder (SQLite), with write key `writeKey` and read key `readKey`, no
 * rate limit and no retention: `stop` ends it and removes the folder.
 */
export async function startApiOnTempStore(name: string, writeKey: string, readKey: string): Promise<ApiProcess> {
  if (!existsSync(resolve('dist/server/main.js')))
    throw new Error('build the server first: node scripts/build.mjs server');
  return startApiOnDataDir(name, {
    INSIGHTS_WRITE_KEY: writeKey,
    INSIGHTS_READ_KEY: readKey,
    RATE_LIMIT_PER_MINUTE: '0',
    RETENTION_DAYS: '0',
  });
}

/** Ends a child process (SIGTERM, SIGKILL after 5 s) and resolves once it has exited, at once if it already had. */
function stopChild(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    // A process a signal ended has no exit code, only a signal code; its 'exit' has already been emitted.
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Resolves with the origin the process says it listens on; rejects when it exits first or takes longer than
 * `timeoutMs`, with its last lines on the error's first line (what a caller shows) and all it printed after.
 */
function untilListening(child: ChildProcess, timeoutMs: number): Promise<string> {
  let output = '';
  return new Promise<string>((resolve, reject) => {
    const fail = (what: string) => {
      clearTimeout(timer);
      const lastWords = output.trim().split('\n').slice(-3).join(' ') || 'it printed nothing';
      reject(new Error(`${what}: ${lastWords}\n${output}`));
    };
    const timer = setTimeout(() => fail(`the API process did not start within ${timeoutMs / 1000} s`), timeoutMs);
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      fail(`the API process exited (${code ?? signal}) before listening`);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      // The streams keep flowing without these listeners: the server never blocks on a full pipe, and its request
      // log is not kept in this process's memory for the whole run.
      child.stdout!.off('data', read);
      child.stderr!.off('data', read);
      resolve(match[1]!);
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', onExit);
  });
}
