import { pollInBackground } from './background-polls.ts';
import type { PollRounds } from './background-polls.ts';
import { createChain } from './chain.ts';
import type { Chain } from './chain.ts';
import { projectUntilLevel } from './projection-pass.ts';
import type { PassListener } from './projection-pass.ts';
import type { ProjectionProgress } from './protocol.ts';
import { reportState } from './projector-state.ts';
import type { ProjectorFigures, ProjectorState } from './projector-state.ts';
import { createReadSync } from './read-sync.ts';
import type { RecordRow, RecordSource } from './record-source.ts';
import { foldUntilLevel } from './rollup-fold.ts';

/** Where projected rows go: the watermark and an atomic "add these rows and move the watermark". */
export interface ProjectionTarget {
  /** The position of the last record row in the projection (0 when empty). */
  watermark(): Promise<number>;
  /**
   * Adds `rows` (in position order) and sets the watermark to the last one's, all or nothing; says how many rows
   * could not be projected.
   */
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
  /**
   * Runs after every fold that folded rows in, on the fold's chain (whoever waits for the fold waits for it too);
   * must not fail.
   */
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
  const watermark = await target.watermark();
  const figures: ProjectorFigures = {
    watermark,
    rollupWatermark: (await target.folded?.()) ?? watermark,
    skipped: 0,
    levelAt: 0,
  };
  const createdAt = now();
  let stopped = false;
  const isStopped = () => stopped;
  const listeners = new Set<PassListener>();
  const parts = { source, target, options, figures, listeners, now, isStopped };
  // Passes and rewinds take turns on one chain, folds and rewinds on another.
  const passes = createChain((budgetMs) => projectUntilLevel(parts, budgetMs), isStopped);
  const folds = createChain(
    (budgetMs) => (target.fold ? foldUntilLevel(parts, budgetMs) : Promise.resolve()),
    isStopped,
  );
  const polls = pollInBackground({ ...pacedRounds(passes, folds, figures, options, now), now, isStopped });
  const heldUntil = createdAt + options.delayMs;
  const reads = createReadSync({ passes, folds, figures, listeners, heldUntil, now, isStopped });
  const quiet = async () => {
    await Promise.all([passes.current()?.catch(() => undefined), folds.current()?.catch(() => undefined)]);
  };

  return {
    start() {
      polls.start(options.delayMs);
    },
    sync: reads.sync,
    syncRollups: reads.syncRollups,
    foldBroughtIn: reads.foldBroughtIn,
    foldSettled: reads.foldSettled,
    quiet,
    state: () => reportState(figures, reads.readWaits(), createdAt, now),
    rewind: (seq) => passes.turn(() => folds.turn(() => rewindTo(seq, target, figures))),
    async stop() {
      stopped = true;
      polls.cancel();
      await quiet();
    },
  };
}

/**
 * The background rounds: a pass, then a fold, each stopping once it has run as long as the longest wait (`maxPollMs`,
 * at least `pollMs`) and timed for `state()`; the wait after a round is paced by what it cost (`nextPollDelay`), after
 * a failure `pollMs` but at least a second.
 */
function pacedRounds(
  passes: Chain,
  folds: Chain,
  figures: ProjectorFigures,
  options: ProjectorOptions,
  now: () => number,
): Omit<PollRounds, 'now' | 'isStopped'> {
  const budgetOf = () => Math.max(options.pollMs, options.maxPollMs ?? MAX_POLL_MS);
  const timed = async (work: () => Promise<void>): Promise<number> => {
    const started = now();
    await work();
    return now() - started;
  };
  return {
    round: () =>
      timed(() => passes.run(budgetOf())).then(async (passMs) => {
        figures.lastPassMs = passMs;
        figures.lastFoldMs = await timed(() => folds.run(budgetOf()));
      }),
    delayAfter: (roundMs) => nextPollDelay(roundMs, options),
    retryAfter(error) {
      figures.lastError = error instanceof Error ? error.message : String(error);
      console.error('[crm-insights] analytics projector failed; retrying', error);
      return Math.max(options.pollMs, 1000);
    },
  };
}

/** Moves both watermarks back to `seq` if the projection is past it (see `Projector.rewind`). */
async function rewindTo(seq: number, target: ProjectionTarget, figures: ProjectorFigures): Promise<void> {
  if (seq >= figures.watermark) return;
  await target.rewind(seq);
  figures.watermark = seq;
  figures.rollupWatermark = Math.min(figures.rollupWatermark, seq);
}
