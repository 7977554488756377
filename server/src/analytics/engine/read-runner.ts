import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { AnalyticsDb } from '../queries/analytics-db.ts';
import { isOutOfMemory } from './out-of-memory.ts';
import type { EngineFailure } from './protocol.ts';
import { createReadConnection } from './read-connection.ts';
import type { RunningRead } from './read-connection.ts';

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

/**
 * The worker's reads. `beforeRead` runs first (the projector's catch-up, so a read sees every event acknowledged
 * before it was asked; rollup reads skip it), `afterRead` once it has answered or failed. Connections are kept for
 * reuse; the main thread's queue bounds how many run at once.
 */
export function createReadRunner(
  instance: DuckDBInstance,
  reads: Readonly<Record<string, AnalyticsRead>>,
  beforeRead: (name: string) => Promise<void>,
  afterRead: () => void = () => undefined,
): ReadRunner {
  const idle: DuckDBConnection[] = [];
  const running = new Map<number, RunningRead>();
  return {
    async run(id, name, params) {
      const read = Object.hasOwn(reads, name) ? reads[name] : undefined;
      if (!read) return { ok: false, failure: unknownRead(name, reads) };
      // Registered before the first await, so a cancel that arrives while it waits is not missed.
      const entry: RunningRead = { cancelled: false };
      running.set(id, entry);
      try {
        await beforeRead(name);
        if (entry.cancelled) return { ok: false, failure: interrupted() };
        return { ok: true, value: await read(createReadConnection(entry, idle, instance), params as never) };
      } catch (error) {
        return { ok: false, failure: entry.cancelled ? interrupted() : readFailure(name, error) };
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
      interruptUntilSettled(running, id, entry);
    },
  };
}

/**
 * Interrupts the query of read `id` until it has settled. An interrupt that lands before DuckDB has started the
 * query is lost (the query then runs to its end, which may be never): repeat it until the read has settled.
 */
function interruptUntilSettled(running: ReadonlyMap<number, RunningRead>, id: number, entry: RunningRead): void {
  if (running.get(id) !== entry) return;
  entry.connection?.interrupt();
  setTimeout(() => interruptUntilSettled(running, id, entry), 50).unref?.();
}

/** What a read stopped by `cancel` answers. */
function interrupted(): EngineFailure {
  return { code: 'interrupted', message: 'the analytics read was stopped at its time limit' };
}

/** What a read by a name the runner does not know answers. */
function unknownRead(name: string, reads: Readonly<Record<string, AnalyticsRead>>): EngineFailure {
  return {
    code: 'unknown-query',
    message: `no analytics read "${name}"; known: ${Object.keys(reads).join(', ')}`,
  };
}

/** What read `name` answers when it threw `error`: out of the engine's memory, or failed (with its HTTP status). */
function readFailure(name: string, error: unknown): EngineFailure {
  if (isOutOfMemory(error))
    return {
      code: 'out-of-memory',
      message:
        `the analytics read "${name}" ran out of the engine's memory (ANALYTICS_MEMORY_LIMIT) while other work ran; ` +
        'retry shortly',
    };
  // A read may reject with anything, `undefined` included: the failure is still an answer, never a thrown one.
  const status = (error as { status?: unknown } | null | undefined)?.status;
  return {
    code: 'failed',
    message: error instanceof Error ? error.message : String(error),
    ...(typeof status === 'number' ? { status } : {}),
  };
}
