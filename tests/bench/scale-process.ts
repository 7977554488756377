import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

/**
 * What the scale bench reads from inside and around the server process: event-loop delay, memory, disk.
 *
 * Event-loop delay is measured by a probe loaded into the server with `node --import`, not by
 * `GET /api/infrastructure/metrics`: that route's histogram runs since start (it cannot be reset for one read)
 * at a 20 ms resolution, and on Node 20 `monitorEventLoopDelay` records the whole interval between its timer's
 * runs, so an idle loop already shows about the resolution (a min of ~20 ms with nothing blocking). The probe
 * samples every `LOOP_DELAY_RESOLUTION_MS`, is reset before each read, and the bench subtracts the resolution.
 */
export const LOOP_DELAY_RESOLUTION_MS = 10;

const PROBE = `import { monitorEventLoopDelay } from 'node:perf_hooks';
const histogram = monitorEventLoopDelay({ resolution: ${LOOP_DELAY_RESOLUTION_MS} });
histogram.enable();
process.on('message', (message) => {
  if (message === 'loop-delay:reset') { histogram.reset(); process.send({ reset: true }); }
  if (message === 'loop-delay:read') process.send({ maxMs: histogram.max / 1e6, p99Ms: histogram.percentile(99) / 1e6 });
});
process.channel?.unref();
`;

/** Writes the probe module into `dir` and returns the Node flags that load it. */
export function loopDelayProbeArgs(dir: string): string[] {
  const file = join(dir, 'scale-loop-delay-probe.mjs');
  writeFileSync(file, PROBE);
  return ['--import', file];
}

/** Asks the probe in `child` (spawned with an IPC channel); answers when the server's event loop gets to it. */
function ask<T>(child: ChildProcess, message: string, accept: (reply: Record<string, unknown>) => boolean): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the loop-delay probe did not answer within 60 s')), 60_000);
    const onMessage = (reply: Record<string, unknown>) => {
      if (!accept(reply)) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(reply as T);
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

/** Starts a fresh event-loop delay window in the server. */
export async function resetLoopDelay(child: ChildProcess): Promise<void> {
  await ask(child, 'loop-delay:reset', (reply) => reply.reset === true);
}

/** The worst event-loop delay (ms beyond the sampling interval) since the last reset. */
export async function readLoopDelay(child: ChildProcess): Promise<{ maxMs: number; p99Ms: number }> {
  const reply = await ask<{ maxMs: number; p99Ms: number }>(
    child,
    'loop-delay:read',
    (answer) => typeof answer.maxMs === 'number',
  );
  return {
    maxMs: Math.max(0, reply.maxMs - LOOP_DELAY_RESOLUTION_MS),
    p99Ms: Math.max(0, reply.p99Ms - LOOP_DELAY_RESOLUTION_MS),
  };
}

/** A process's resident memory, in bytes (Linux `/proc/<pid>/status` and `smaps_rollup`); a field it cannot read is left out. */
export interface ProcessMemory {
  /** `VmRSS` and `VmHWM`: resident now and at the peak. */
  rssBytes?: number;
  peakRssBytes?: number;
  /** `RssAnon` (heaps, allocators, stacks) and `RssFile` (code and mapped files) of the resident memory now. */
  rssAnonBytes?: number;
  rssFileBytes?: number;
  /**
   * `LazyFree`: pages an allocator freed with `MADV_FREE`, counted in the RSS until the kernel needs the memory
   * (https://www.kernel.org/doc/html/latest/filesystems/proc.html).
   */
  lazyFreeBytes?: number;
}

/** Resident memory of a process now and at its peak, split into anonymous, file-backed and lazily freed. */
export function processMemory(pid: number): ProcessMemory {
  const kb = (text: string, field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
    return match ? Number(match[1]) * 1024 : undefined;
  };
  const read = (file: string) => {
    try {
      return readFileSync(`/proc/${pid}/${file}`, 'utf8');
    } catch {
      return undefined;
    }
  };
  const status = read('status');
  if (status === undefined) return {};
  const rollup = read('smaps_rollup');
  const memory: ProcessMemory = {
    rssBytes: kb(status, 'VmRSS'),
    peakRssBytes: kb(status, 'VmHWM'),
    rssAnonBytes: kb(status, 'RssAnon'),
    rssFileBytes: kb(status, 'RssFile'),
    lazyFreeBytes: rollup === undefined ? undefined : kb(rollup, 'LazyFree'),
  };
  return Object.fromEntries(Object.entries(memory).filter(([, value]) => value !== undefined));
}

/** Bytes on disk in a data folder: the projection (`*.duckdb*`) apart from the rest (the SQLite record and its WAL). */
export function dataDirBytes(dir: string): { record: number; projection: number; files: Record<string, number> } {
  const files: Record<string, number> = {};
  let record = 0;
  let projection = 0;
  for (const name of readdirSync(dir)) {
    const stats = statSync(join(dir, name));
    if (!stats.isFile()) continue;
    files[name] = stats.size;
    if (name.includes('.duckdb')) projection += stats.size;
    else if (name.startsWith('insights.sqlite')) record += stats.size;
  }
  return { record, projection, files };
}

/** Bytes PostgreSQL holds for a schema's tables (heap, indexes, TOAST; every partition), and for the events alone. */
export async function postgresSchemaBytes(
  databaseUrl: string,
  schema: string,
): Promise<{ total: number; events: number; partitions: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ total: string; events: string }>(
      `SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) AS total,
              COALESCE(SUM(pg_total_relation_size(c.oid)) FILTER (WHERE c.relname LIKE 'events%' OR c.relname = 'event_ids'), 0) AS events
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'm')`,
      [schema],
    );
    // The time partitions of `events` (monthly, plus the default one for rows out of every range).
    const partitions = await client.query<{ count: string }>(
      `SELECT count(*) AS count FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent
       JOIN pg_namespace n ON n.oid = p.relnamespace WHERE n.nspname = $1 AND p.relname = 'events'`,
      [schema],
    );
    return {
      total: Number(rows[0]!.total),
      events: Number(rows[0]!.events),
      partitions: Number(partitions.rows[0]!.count),
    };
  } finally {
    await client.end();
  }
}
