import { startApiOnDataDir } from '../support/api-process.ts';
import type { ApiProcessOnDataDir } from '../support/api-process.ts';

/** The keys the bench's server processes run with. */
export const WRITE_KEY = 'pk_bench_write';
export const READ_KEY = 'sk_bench_read';

/** Extras for a server process: Node flags (e.g. `--import` of a probe), an IPC channel, more environment. */
export interface ServerProcessOptions {
  nodeArgs?: string[];
  ipc?: boolean;
  env?: Record<string, string>;
  /** A data folder to use and keep (a reused store); without one, a fresh folder deleted when the server stops. */
  dataDir?: string;
}

/**
 * Starts `serverFile` as `npm run serve` runs it, with the bench's keys and no rate limit, on a fresh data folder
 * (and `DATABASE_URL` when given); rejects with the server's own message when it refuses to start.
 */
export function startServerProcess(
  serverFile: string,
  publicDir: string,
  databaseUrl?: string,
  extra: ServerProcessOptions = {},
): Promise<ApiProcessOnDataDir> {
  return startApiOnDataDir('bench', serverEnv(publicDir, databaseUrl, extra.env), {
    command: [process.execPath, ...(extra.nodeArgs ?? []), serverFile],
    ipc: extra.ipc,
    dataDir: extra.dataDir,
    // 60 s: on a 2-core machine shared with other builds the server (DuckDB, migrations) took 10-20 s to listen.
    timeoutMs: 60_000,
  });
}

/** The bench's folders and keys over this process's environment, and `DATABASE_URL` only when given. */
function serverEnv(publicDir: string, databaseUrl?: string, env?: Record<string, string>): NodeJS.ProcessEnv {
  return {
    // The server's own log level (a line per request), as `npm run serve` has it, unless this environment sets one.
    LOG_LEVEL: process.env.LOG_LEVEL,
    PUBLIC_DIR: publicDir,
    INSIGHTS_WRITE_KEY: WRITE_KEY,
    INSIGHTS_READ_KEY: READ_KEY,
    // The bench measures how fast the server stores, not its per-client rate limit (one client sends everything here).
    RATE_LIMIT_PER_MINUTE: '0',
    ...env,
    // Undefined leaves it out: a DATABASE_URL in this environment would put a SQLite run on PostgreSQL.
    DATABASE_URL: databaseUrl,
  };
}
