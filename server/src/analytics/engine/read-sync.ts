import type { Chain } from './chain.ts';
import type { PassListener } from './projection-pass.ts';
import type { Projector } from './projector.ts';
import type { ProjectorFigures, WaitFigures } from './projector-state.ts';

/** How many of the last `sync` calls `WaitFigures` covers. */
const WAITS_KEPT = 100;

/** The projector's side facing the reads: what they wait for before and after they run, and how long they waited. */
type ReadSync = Pick<Projector, 'sync' | 'syncRollups' | 'foldBroughtIn' | 'foldSettled'> & {
  readWaits(): WaitFigures;
};

/** What the reads' waits run on. */
interface ReadSyncParts {
  passes: Chain;
  folds: Chain;
  figures: ProjectorFigures;
  listeners: Set<PassListener>;
  /** No catching up before this time (`ProjectorOptions.delayMs` after the projector was created). */
  heldUntil: number;
  now: () => number;
  isStopped: () => boolean;
}

/** Brings the projection level for the reads on the pass chain, and folds what they brought in on the fold chain. */
export function createReadSync(parts: ReadSyncParts): ReadSync {
  const { passes, folds, figures, listeners, heldUntil, now } = parts;
  const waits: number[] = [];
  let foldWanted = false;
  // The fold the last read started: a rollup read asked after that read waits for it, so it sees what that read saw.
  let readFold: Promise<void> | undefined;
  /** Brings the appends level; notes that a fold is wanted when it brought rows in. */
  const catchUp: Projector['sync'] = async (onProgress) => {
    if (now() < heldUntil) return;
    if (onProgress) listeners.add(onProgress);
    try {
      const before = figures.watermark;
      await passes.run();
      if (figures.watermark !== before) foldWanted = true;
    } finally {
      if (onProgress) listeners.delete(onProgress);
    }
  };
  return {
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
      if (now() >= heldUntil) await folds.run();
    },
    foldBroughtIn() {
      if (!foldWanted || parts.isStopped()) return;
      foldWanted = false;
      readFold = folds.run().catch(() => undefined);
    },
    foldSettled: async () => {
      await readFold;
    },
    readWaits: () => waitFigures(waits),
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
