import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { parentPort, workerData } from 'node:worker_threads';
import { duckDbAnalytics } from '../queries/analytics-db.ts';
import { ANALYTICS_QUERIES } from '../queries/index.ts';
import { createOverviewCache } from '../queries/overview-cache.ts';
import type { OverviewCache } from '../queries/overview-cache.ts';
import { ROLLUP_READS } from '../queries/rollup-reads.ts';
import { DIAGNOSTIC_READS } from './diagnostic-reads.ts';
import { duckDbProjectionTarget, prepareProjection, purgeProjection } from './duckdb-projection.ts';
import { workerMemory } from './engine-memory.ts';
import { projectionSize } from './projection-size.ts';
import { createProjector } from './projector.ts';
import type { Projector } from './projector.ts';
import type { EngineReply, EngineRequest, WorkerSetup } from './protocol.ts';
import { createReadRunner } from './read-runner.ts';
import type { AnalyticsRead, ReadRunner } from './read-runner.ts';
import { openRecordSource } from './record-source.ts';
import type { RecordSource } from './record-source.ts';

/**
 * The analytics worker thread: it owns the DuckDB projection and the record source, keeps the projection level
 * with the record, and answers the reads the main thread sends. Nothing here runs on the API's event loop.
 */
const port = parentPort!;
const setup = workerData as WorkerSetup;
const post = (reply: EngineReply) => port.postMessage(reply);

/** What the worker holds while it runs: the DuckDB instance and its connections, the record, the projector, the reads. */
interface Engine {
  instance: DuckDBInstance;
  writer: DuckDBConnection;
  /** Status and retention's connection of their own: the writer's is inside the projector's transactions. */
  maintenance: DuckDBConnection;
  source: RecordSource;
  overview: OverviewCache;
  projector: Projector;
  runner: ReadRunner;
}

/** Opens the engine, answers the main thread's requests, starts the projector and says it is ready. */
async function main(): Promise<void> {
  const engine = await openEngine(await createInstance());
  port.on('message', (request: EngineRequest) => handleRequest(engine, request));
  engine.projector.start();
  post({ kind: 'ready' });
}

/** The projection's DuckDB instance, with the worker's threads and memory limit. */
function createInstance(): Promise<DuckDBInstance> {
  return DuckDBInstance.create(setup.projectionFile, {
    threads: String(setup.threads),
    memory_limit: setup.memoryLimit,
    // DuckDB's allocator keeps up to 128 MiB of freed memory after each task by default, outside `memory_limit`
    // (https://duckdb.org/docs/stable/configuration/overview): hand it back to the OS sooner, from a background
    // thread. Measured on the 10 M projection, RSS after the same reads: 251-260 MB instead of 271-303 MB.
    allocator_flush_threshold: '8MB',
    allocator_background_threads: 'true',
    // And a query's large frees (its hash tables and sort runs) return to the OS at once rather than past 512 MiB
    // (the default): on the 10 M projection, peak RSS over the projector's commits and the scale reads 302 MB
    // instead of 365 MB in a bare process, the reads no slower (docs/performance-scale.md).
    allocator_bulk_deallocation_flush_threshold: '8MB',
  });
}

/** Opens the projection, the record and the connections, and builds the projector and the reads over them. */
async function openEngine(instance: DuckDBInstance): Promise<Engine> {
  const writer = await instance.connect();
  await prepareProjection(writer, setup.rebuild);
  const source = await openRecordSource(setup.record);
  // The rollups fold on a connection of their own, in transactions apart from the appends that reads wait for.
  const folder = await instance.connect();
  // The dashboard's first screen, kept computed on a connection of its own: computed again right after every fold
  // (its figures change when rows are folded into the rollups, and with the live day's appended reports), so that a
  // read never computes it: it is served the newest answer, at most one fold behind, and says which watermark.
  const overview = createOverviewCache(duckDbAnalytics(await instance.connect()), { pollMs: setup.pollMs });
  const projector = await createProjector(source, duckDbProjectionTarget(writer, folder), {
    batchSize: setup.batchSize,
    pollMs: setup.pollMs,
    delayMs: setup.projectorDelayMs,
    afterFold: overview.refresh,
  });
  const runner = createRunner(instance, overview, projector);
  const maintenance = await instance.connect();
  return { instance, writer, maintenance, source, overview, projector, runner };
}

/** The reads the worker answers, each waiting first for what it must see of the record. */
function createRunner(instance: DuckDBInstance, overview: OverviewCache, projector: Projector): ReadRunner {
  const reads: Record<string, AnalyticsRead> = {
    ...ANALYTICS_QUERIES,
    overview: overview.read,
    ...(setup.diagnostics ? DIAGNOSTIC_READS : {}),
  };
  // Rollup reads answer from what the projector has folded (seconds behind at most), waiting at most for a fold
  // under way, never for a pass;
  // every other read waits for the rows to be appended (ms), not folded: it adds the unfolded rows itself.
  return createReadRunner(
    instance,
    reads,
    (name) =>
      ROLLUP_READS.has(name)
        ? projector.foldSettled()
        : // A thread that exits with a DuckDB query in flight takes the whole process down (the query's callback
          // lands in a torn-down thread), so the crash diagnostic ends the thread while the projector is idle.
          projector.sync().then(() => (name === 'diagnostic:crash' ? projector.quiet() : undefined)),
    () => projector.foldBroughtIn(),
  );
}

/** Answers one request from the main thread. */
function handleRequest(engine: Engine, request: EngineRequest): void {
  switch (request.kind) {
    case 'run':
      runRead(engine.runner, request);
      break;
    case 'cancel':
      engine.runner.cancel(request.id);
      break;
    case 'status':
      void answer(request.id, () => status(engine));
      break;
    case 'catch-up':
      void answer(request.id, () => catchUp(engine, request.id, request.progress));
      break;
    case 'purge':
      void answer(request.id, () => purge(engine, request.before));
      break;
    case 'rewind':
      void answer(request.id, () => engine.projector.rewind(request.seq));
      break;
    case 'close':
      void close(engine);
      break;
  }
}

/** Runs a read and posts its answer (or why it failed). */
function runRead(runner: ReadRunner, request: Extract<EngineRequest, { kind: 'run' }>): void {
  void runner.run(request.id, request.name, request.params).then((result) =>
    post(
      result.ok
        ? // A JSON answer is serialised here: a big one would otherwise be stringified on the API's event loop.
          { kind: 'done', id: request.id, value: request.json ? JSON.stringify(result.value) : result.value }
        : { kind: 'failed', id: request.id, failure: result.failure },
    ),
  );
}

/** The worker's part of the engine's status: the projector's state and lag, the projection's size, its memory. */
async function status({ projector, source, maintenance }: Engine) {
  const state = projector.state();
  // The lag after the watermark the rows were counted at, so that rows + lag counts each record row once.
  const { rowsWatermark, ...size } = await projectionSize(maintenance, setup.projectionFile);
  const pending = await source.pending?.(rowsWatermark);
  return {
    ...state,
    ...(pending === undefined ? {} : { lagEvents: pending }),
    ...size,
    memory: await workerMemory(maintenance),
  };
}

/** Brings the projection and its rollups level with the record, posting progress when asked. */
async function catchUp({ projector, source }: Engine, id: number, reportProgress: boolean): Promise<null> {
  const total = (await source.pending?.(projector.state().watermark)) ?? 0;
  // Level in full, rollups too: a rebuild or a bench's wait ends with nothing left to fold.
  await projector.syncRollups(
    reportProgress ? (progress) => post({ kind: 'progress', id, progress: { ...progress, total } }) : undefined,
  );
  return null;
}

/** Retention: the record's expired rows are gone, so are their projection rows (the rollups are small and keep them). */
async function purge({ maintenance, overview }: Engine, before: number): Promise<number> {
  const purged = await purgeProjection(maintenance, before);
  overview.invalidate();
  return purged;
}

/** Stops the projector and the overview, closes the record and the instance, then tells the main thread. */
async function close({ projector, overview, source, writer, instance }: Engine): Promise<void> {
  await projector.stop();
  await overview.stop();
  await source.close();
  // Closing the instance checkpoints the file, so the next start does not replay a long WAL.
  await writer.run('CHECKPOINT').catch(() => undefined);
  instance.closeSync();
  post({ kind: 'closed' });
  port.close();
}

async function answer(id: number, work: () => Promise<unknown>): Promise<void> {
  try {
    post({ kind: 'done', id, value: await work() });
  } catch (error) {
    post({
      kind: 'failed',
      id,
      failure: { code: 'failed', message: error instanceof Error ? error.message : String(error) },
    });
  }
}

main().catch((error: unknown) =>
  post({ kind: 'fatal', message: error instanceof Error ? error.message : String(error) }),
);
