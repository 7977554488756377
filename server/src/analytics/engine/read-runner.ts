import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { AnalyticsDb } from '../queries/analytics-db.ts';
import { duckDbAnalytics } from '../queries/analytics-db.ts';
import { isOutOfMemory } from './out-of-memory.ts';
import type { EngineFailure } from './protocol.ts';

/** A read the worker can answer: SQL through `db`, then any arithmetic on the few rows that come back. */
export type AnalyticsRead = (db: AnalyticsDb, params: never) => Promise<unknown>;

/** Runs named reads, each on a connection of its own so that it can be interrupted alone. */
export interface ReadRunner {
  run(
    id: number,
    name: string,
    params: unknown,
  ): Promise<{ ok: true; value: unknown } | { ok: false; failure: EngineFailure }>;
  /** Stops read `id`: its running query is interrupted and it answers `interrupted`. */
  cancel(id: number): void;
}

interface Running {
  connection?: DuckDBConnection;
  cancelled: boolean;
}

/**
 * The worker's reads. `beforeRead` runs first (the projector's catch-up, so a read sees every event acknowledged
 * before it was asked; rollup reads skip it), `afterRead` once it has answered or failed. Connections are kept for reuse; the main thread's queue bounds how many run at once.
 */
export function createReadRunner(
  instance: DuckDBInstance,
  reads: Readonly<Record<string, AnalyticsRead>>,
  beforeRead: (name: string) => Promise<void>,
  afterRead: () => void = () => undefined,
): ReadRunner {
  const idle: DuckDBConnection[] = [];
  const running = new Map<number, Running>();
  const interrupted = (): EngineFailure => ({
    code: 'interrupted',
    message: 'the analytics read was stopped at its time limit',
  });
  return {
    async run(id, name, params) {
      const read = Object.hasOwn(reads, name) ? reads[name] : undefined;
      if (!read)
        return {
          ok: false,
          failure: {
            code: 'unknown-query',
            message: `no analytics read "${name}"; known: ${Object.keys(reads).join(', ')}`,
          },
        };
      // Registered before the first await, so a cancel that arrives while it waits is not missed.
      const entry: Running = { cancelled: false };
      running.set(id, entry);
      try {
        await beforeRead(name);
        if (entry.cancelled) return { ok: false, failure: interrupted() };
        // Taken at the first query, so a read that runs none (the kept overview) never waits for `connect`, which
        // queues on libuv's thread pool behind running DuckDB work: 2.5 s behind 4 long queries at 10 M events.
        let db: Promise<AnalyticsDb> | undefined;
        const connected = () =>
          (db ??= (async () => {
            entry.connection = idle.pop() ?? (await instance.connect());
            return duckDbAnalytics(entry.connection);
          })());
        // A read that runs several queries must not start the next one once it has been stopped.
        const guarded: AnalyticsDb = {
          all: async (sql, values) => {
            const on = entry.cancelled ? undefined : await connected();
            if (!on || entry.cancelled) throw new Error('interrupted');
            return on.all(sql, values);
          },
        };
        return { ok: true, value: await read(guarded, params as never) };
      } catch (error) {
        if (entry.cancelled) return { ok: false, failure: interrupted() };
        if (isOutOfMemory(error))
          return {
            ok: false,
            failure: {
              code: 'out-of-memory',
              message: `the analytics read "${name}" ran out of the engine's memory (ANALYTICS_MEMORY_LIMIT) while other work ran; retry shortly`,
            },
          };
        const status = (error as { status?: unknown }).status;
        return {
          ok: false,
          failure: {
            code: 'failed',
            message: error instanceof Error ? error.message : String(error),
            ...(typeof status === 'number' ? { status } : {}),
          },
        };
      } finally {
        running.delete(id);
        afterRead();
        if (entry.connection) idle.push(entry.connection);
      }
    },
    cancel(id) {
      const entry = running.get(id);
      if (!entry) return;
      entry.cancelled = true;
      // An interrupt that lands before DuckDB has started the query is lost (the query then runs to its end, which
      // may be never): repeat it until the read has settled.
      const interrupt = () => {
        if (running.get(id) !== entry) return;
        entry.connection?.interrupt();
        setTimeout(interrupt, 50).unref?.();
      };
      interrupt();
    },
  };
}
