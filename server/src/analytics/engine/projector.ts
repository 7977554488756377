import type { ProjectionProgress } from './protocol.ts';
import type { RecordRow, RecordSource } from './record-source.ts';

/** Where projected rows go: the watermark and an atomic "add these rows and move the watermark". */
export interface ProjectionTarget {
  /** The position of the last record row in the projection (0 when empty). */
  watermark(): Promise<number>;
  /** Adds `rows` (in position order) and sets the watermark to the last one's, all or nothing; says how many rows could not be projected. */
  commit(rows: readonly RecordRow[]): Promise<{ skipped: number }>;
  /** Moves the watermark back to `seq` (rows after it are read again), and the rollup watermark if it is past it. */
  rewind(seq: number): Promise<void>;
  /**
   * Folds rows committed since the last fold into the rollups, in a transaction of its own with its own watermark
   * (a bounded step); says up to where the rollups are folded and where the watermark stood. A target without it
   * folds within `commit`.
   */
  fold?(): Promise<{ folded: number; watermark: number }>;
  /** The rollup watermark as stored (with `fold`). */
  folded?(): Promise<number>;
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
  /** Runs after every fold that folded rows in, on the fold's chain (whoever waits for the fold waits for it too); must not fail. */
  afterFold?: () => Promise<void>;
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

/** How long callers of `sync` waited (the reads, before they run), over the last `WAITS_KEPT` calls, in ms. */
interface WaitFigures {
  count: number;
  lastMs: number;
  p50Ms: number;
  maxMs: number;
}

/** What the projector reports about itself. */
interface ProjectorState {
  watermark: number;
  /** The last record position the rollups have folded in (equal to `watermark` when they are level). */
  rollupWatermark: number;
  lagMs: number;
  skipped: number;
  /** The last background pass and fold, in ms (what a pass costs at the store's size). */
  lastPassMs?: number;
  lastFoldMs?: number;
  readWaits: WaitFigures;
  lastError?: string;
}

const WAITS_KEPT = 100;

/** A run of `work` at a time: a caller arriving during one shares the single run queued after it, which starts after its call. */
function oneAtATime(work: (budgetMs?: number) => Promise<void>): (budgetMs?: number) => Promise<void> {
  let current: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const run = (budgetMs?: number): Promise<void> => {
    if (!current) {
      current = work(budgetMs).finally(() => (current = undefined));
      return current;
    }
    next ??= current
      .catch(() => undefined)
      .then(() => {
        next = undefined;
        return run();
      });
    return next;
  };
  return run;
}

/** Calls run one after another on this chain (`exclusive(work)`), so a rewind never lands inside a pass or a fold. */
function turns(): <T>(work: () => Promise<T>) => Promise<T> {
  let turn: Promise<unknown> = Promise.resolve();
  return (work) => {
    const result = turn.then(work);
    turn = result.catch(() => undefined);
    return result;
  };
}

/** Keeps a projection level with the record: polls in the background, and on demand before a read. */
export interface Projector {
  /** Starts polling (after the configured delay). */
  start(): void;
  /**
   * Resolves once every row committed to the record before the call is in the projection's `events` and narrow
   * tables (not necessarily folded into the rollups: reads add the rows after the rollup watermark themselves).
   * The reads call it: how long it took is what `state().readWaits` reports.
   */
  sync(onProgress?: (progress: Omit<ProjectionProgress, 'total'>) => void): Promise<void>;
  /** `sync`, then resolves once the rollups have folded in everything it brought in. */
  syncRollups(onProgress?: (progress: Omit<ProjectionProgress, 'total'>) => void): Promise<void>;
  /**
   * Starts a fold in the background if a `sync` brought in rows since the last call: called once a read has
   * answered (not while it runs, so the read does not share the CPU with it), so the rollup reads see those rows
   * within a fold rather than at the next background poll.
   */
  foldBroughtIn(): void;
  /**
   * Resolves when the fold `foldBroughtIn` last started has ended: a rollup read then sees what the reads before it
   * saw. It never waits for a pass, nor for a background fold.
   */
  foldSettled(): Promise<void>;
  /** Resolves when the pass and the fold under way, if any, have ended. */
  quiet(): Promise<void>;
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
 * arriving during a pass waits for the next one, which starts after its call and so sees its writes. After each
 * background pass the target folds what was committed into the rollups (`fold`), on a chain of its own: a read's
 * pass never waits for a fold.
 */
export async function createProjector(
  source: RecordSource,
  target: ProjectionTarget,
  options: ProjectorOptions,
): Promise<Projector> {
  const now = options.now ?? Date.now;
  let watermark = await target.watermark();
  let rollupWatermark = (await target.folded?.()) ?? watermark;
  let skipped = 0;
  let lastError: string | undefined;
  let lastPassMs: number | undefined;
  let lastFoldMs: number | undefined;
  const waits: number[] = [];
  let foldWanted = false;
  // The fold the last read started: a rollup read asked after that read waits for it, so it sees what that read saw.
  let readFold: Promise<void> | undefined;
  // Every row committed to the record before `levelAt` is in the projection: the time of the last read of the
  // record that came back empty.
  let levelAt = 0;
  const createdAt = now();
  const heldUntil = createdAt + options.delayMs;
  let stopped = false;
  let passing: Promise<void> | undefined;
  let folding: Promise<void> | undefined;
  // Passes and rewinds take turns on one chain, folds and rewinds on another.
  const passTurn = turns();
  const foldTurn = turns();
  let timer: NodeJS.Timeout | undefined;
  const listeners = new Set<(progress: Omit<ProjectionProgress, 'total'>) => void>();
  const budgetOf = () => Math.max(options.pollMs, options.maxPollMs ?? MAX_POLL_MS);

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
        if (!target.fold) rollupWatermark = watermark;
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
  /** Folds until the rollups reach the watermark the fold sees (or the budget is spent). */
  const fold = async (budgetMs?: number) => {
    const started = now();
    const before = rollupWatermark;
    for (;;) {
      const step = await target.fold!();
      rollupWatermark = step.folded;
      if (step.folded >= step.watermark || stopped || (budgetMs !== undefined && now() - started >= budgetMs)) break;
    }
    if (rollupWatermark !== before) await options.afterFold?.();
  };
  // Nothing starts once stopped: the projection is about to be closed under it.
  const runPass = oneAtATime((budgetMs) => {
    passing = passTurn(() => (stopped ? Promise.resolve() : pass(budgetMs)));
    return passing;
  });
  const runFold = oneAtATime((budgetMs) => {
    folding = foldTurn(() => (stopped || !target.fold ? Promise.resolve() : fold(budgetMs)));
    return folding;
  });
  const timed = async (work: () => Promise<void>): Promise<number> => {
    const started = now();
    await work();
    return now() - started;
  };
  const poll = () => {
    timer = undefined;
    if (stopped) return;
    const started = now();
    timed(() => runPass(budgetOf()))
      .then(async (passMs) => {
        lastPassMs = passMs;
        lastFoldMs = await timed(() => runFold(budgetOf()));
      })
      .then(
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
  const quiet = async () => {
    await Promise.all([passing?.catch(() => undefined), folding?.catch(() => undefined)]);
  };
  /** Brings the appends level; notes that a fold is wanted when it brought rows in. */
  const catchUp: Projector['sync'] = async (onProgress) => {
    if (now() < heldUntil) return;
    if (onProgress) listeners.add(onProgress);
    try {
      const before = watermark;
      await runPass();
      if (watermark !== before) foldWanted = true;
    } finally {
      if (onProgress) listeners.delete(onProgress);
    }
  };

  return {
    start() {
      schedule(options.delayMs);
    },
    async sync(onProgress) {
      const started = now();
      try {
        await catchUp(onProgress);
      } finally {
        waits.push(now() - started);
        if (waits.length > WAITS_KEPT) waits.shift();
      }
    },
    async syncRollups(onProgress) {
      await catchUp(onProgress);
      if (now() >= heldUntil) await runFold();
    },
    foldBroughtIn() {
      if (!foldWanted || stopped) return;
      foldWanted = false;
      readFold = runFold().catch(() => undefined);
    },
    foldSettled: async () => {
      await readFold;
    },
    quiet,
    state: () => ({
      watermark,
      rollupWatermark,
      lagMs: levelAt ? now() - levelAt : now() - createdAt,
      skipped,
      ...(lastPassMs === undefined ? {} : { lastPassMs }),
      ...(lastFoldMs === undefined ? {} : { lastFoldMs }),
      readWaits: waitFigures(waits),
      ...(lastError ? { lastError } : {}),
    }),
    rewind: (seq) =>
      passTurn(() =>
        foldTurn(async () => {
          if (seq >= watermark) return;
          await target.rewind(seq);
          watermark = seq;
          rollupWatermark = Math.min(rollupWatermark, seq);
        }),
      ),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await quiet();
    },
  };
}

/** Count, last, median and longest of the kept waits. */
function waitFigures(waits: readonly number[]): WaitFigures {
  const sorted = [...waits].sort((a, b) => a - b);
  return {
    count: waits.length,
    lastMs: waits[waits.length - 1] ?? 0,
    p50Ms: sorted[Math.floor((sorted.length - 1) / 2)] ?? 0,
    maxMs: sorted[sorted.length - 1] ?? 0,
  };
}
