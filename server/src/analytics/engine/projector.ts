import type { ProjectionProgress } from './protocol.ts';
import type { RecordRow, RecordSource } from './record-source.ts';

/** Where projected rows go: the watermark and an atomic "add these rows and move the watermark". */
export interface ProjectionTarget {
  /** The position of the last record row in the projection (0 when empty). */
  watermark(): Promise<number>;
  /** Adds `rows` (in position order) and sets the watermark to the last one's, all or nothing; says how many rows could not be projected. */
  commit(rows: readonly RecordRow[]): Promise<{ skipped: number }>;
  /** Moves the watermark back to `seq` (rows after it are read again). */
  rewind(seq: number): Promise<void>;
}

/** How the projector paces itself. */
export interface ProjectorOptions {
  batchSize: number;
  /** The shortest wait between two passes (when passes are cheap). */
  pollMs: number;
  /** The longest wait between two passes, however much the last one cost (bounds how stale the rollups get). */
  maxPollMs?: number;
  /** No projecting before this long after `start` (an ops/test knob: the crash test holds the projector). */
  delayMs: number;
  now?: () => number;
}

/** The default `maxPollMs`: rollup reads (overview, alerts) see an event within about this long plus a pass. */
const MAX_POLL_MS = 2_000;

/**
 * Adaptive pacing: the wait before the next pass is twice what the last pass took (between `pollMs` and
 * `maxPollMs`), so passes take at most about a third of one core however costly they get. At 10 million events
 * a commit costs about 200 ms of CPU whatever its size (250 rows: 208 ms, 5,000 rows: 331 ms; the rollup upserts
 * probe indexes of millions of keys), so at a fixed 250 ms the projector kept most of a core busy that ingest
 * needed; waiting longer makes the next pass bigger instead of more frequent.
 */
export function nextPollDelay(passMs: number, { pollMs, maxPollMs = MAX_POLL_MS }: ProjectorOptions): number {
  return Math.min(Math.max(pollMs, maxPollMs), Math.max(pollMs, Math.round(2 * passMs)));
}

/** What the projector reports about itself. */
interface ProjectorState {
  watermark: number;
  lagMs: number;
  skipped: number;
  lastError?: string;
}

/** Keeps a projection level with the record: polls in the background, and on demand before a read. */
export interface Projector {
  /** Starts polling (after the configured delay). */
  start(): void;
  /** Resolves once every row committed to the record before the call is in the projection. */
  sync(onProgress?: (progress: Omit<ProjectionProgress, 'total'>) => void): Promise<void>;
  state(): ProjectorState;
  /**
   * Moves the watermark back to `seq` if it is past it, between two passes: after the newest record rows were
   * deleted, SQLite hands their rowids out again, and the rows that get them must still be read.
   */
  rewind(seq: number): Promise<void>;
  /** Stops polling and waits for a batch in progress. */
  stop(): Promise<void>;
}

/**
 * The projector loop. Every pass reads batches after the watermark until an empty one says it is level, and
 * commits each with its watermark in one transaction: a crash loses at most an uncommitted batch, which the next
 * start reads again from the committed watermark, so no row is lost or doubled. Passes never overlap; a caller
 * arriving during a pass waits for the next one, which starts after its call and so sees its writes.
 */
export async function createProjector(
  source: RecordSource,
  target: ProjectionTarget,
  options: ProjectorOptions,
): Promise<Projector> {
  const now = options.now ?? Date.now;
  let watermark = await target.watermark();
  let skipped = 0;
  let lastError: string | undefined;
  // Every row committed to the record before `levelAt` is in the projection: the time of the last read of the
  // record that came back empty.
  let levelAt = 0;
  const createdAt = now();
  const heldUntil = createdAt + options.delayMs;
  let stopped = false;
  let current: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  // Passes and rewinds take turns on this chain, so a rewind never lands in the middle of a pass.
  let turn: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const result = turn.then(work);
    turn = result.catch(() => undefined);
    return result;
  };
  let timer: NodeJS.Timeout | undefined;
  const listeners = new Set<(progress: Omit<ProjectionProgress, 'total'>) => void>();

  /** Projects until level; a background pass (`budgetMs`) also stops once it has run that long, to be paced. */
  const pass = async (budgetMs?: number) => {
    const started = now();
    let done = 0;
    for (;;) {
      const readAt = now();
      const rows = await source.readAfter(watermark, options.batchSize);
      if (rows.length) {
        skipped += (await target.commit(rows)).skipped;
        watermark = rows[rows.length - 1]!.seq;
        done += rows.length;
        for (const listener of listeners)
          listener({ done, eventsPerSecond: Math.round((done * 1000) / Math.max(1, now() - started)) });
      }
      // Only an empty answer means level: a source may answer short below a barrier it has not moved yet.
      if (!rows.length) levelAt = readAt;
      if (!rows.length || stopped || (budgetMs !== undefined && now() - started >= budgetMs)) break;
    }
    lastError = undefined;
  };
  const runPass = (budgetMs?: number): Promise<void> => {
    if (!current) {
      current = exclusive(() => pass(budgetMs)).finally(() => (current = undefined));
      return current;
    }
    next ??= current
      .catch(() => undefined)
      .then(() => {
        next = undefined;
        return runPass();
      });
    return next;
  };
  const poll = () => {
    timer = undefined;
    if (stopped) return;
    const started = now();
    runPass(Math.max(options.pollMs, options.maxPollMs ?? MAX_POLL_MS)).then(
      () => schedule(nextPollDelay(now() - started, options)),
      (error: unknown) => {
        lastError = error instanceof Error ? error.message : String(error);
        console.error('[crm-insights] analytics projector failed; retrying', error);
        schedule(Math.max(options.pollMs, 1000));
      },
    );
  };
  const schedule = (delay: number) => {
    if (!stopped) timer = setTimeout(poll, delay);
  };

  return {
    start() {
      schedule(options.delayMs);
    },
    async sync(onProgress) {
      if (now() < heldUntil) return;
      if (onProgress) listeners.add(onProgress);
      try {
        await runPass();
      } finally {
        if (onProgress) listeners.delete(onProgress);
      }
    },
    state: () => ({
      watermark,
      lagMs: levelAt ? now() - levelAt : now() - createdAt,
      skipped,
      ...(lastError ? { lastError } : {}),
    }),
    rewind: (seq) =>
      exclusive(async () => {
        if (seq >= watermark) return;
        await target.rewind(seq);
        watermark = seq;
      }),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current?.catch(() => undefined);
    },
  };
}
