import { inTurn } from '../../in-turn.ts';

/**
 * Work on a chain of its own: one run at a time, and turns for other work (a rewind) between two runs. The
 * projector has two, one for its passes and one for its folds.
 */
export interface Chain {
  /** Runs the work (`budgetMs` bounds a paced run); a caller arriving during a run shares the one queued after it. */
  run(budgetMs?: number): Promise<void>;
  /** Runs `work` once the run or turn before it on this chain has ended, so it never lands inside a run. */
  turn<T>(work: () => Promise<T>): Promise<T>;
  /** The run under way, or the last one. */
  current(): Promise<void> | undefined;
}

/** `work` on a chain of its own; no run starts once `isStopped()`. */
export function createChain(work: (budgetMs?: number) => Promise<void>, isStopped: () => boolean): Chain {
  // Calls run one after another on this chain (`turn(work)`), so a rewind never lands inside a pass or a fold.
  const turn = inTurn();
  let current: Promise<void> | undefined;
  // Nothing starts once stopped: the projection is about to be closed under it.
  const run = oneAtATime((budgetMs) => {
    current = turn(() => (isStopped() ? Promise.resolve() : work(budgetMs)));
    return current;
  });
  return { run, turn, current: () => current };
}

/**
 * A run of `work` at a time: callers arriving during one share the single run queued after it, which starts after
 * their calls. That run is paced only if every one of them asked for a paced run (with the longest budget asked):
 * a read waiting for the projection to be level must not get a background poll's bounded pass.
 */
function oneAtATime(work: (budgetMs?: number) => Promise<void>): (budgetMs?: number) => Promise<void> {
  let current: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  let nextBudget: number | undefined;
  let nextUnpaced = false;
  const run = (budgetMs?: number): Promise<void> => {
    if (!current) {
      current = work(budgetMs).finally(() => (current = undefined));
      return current;
    }
    if (budgetMs === undefined) nextUnpaced = true;
    else nextBudget = Math.max(nextBudget ?? 0, budgetMs);
    next ??= current
      .catch(() => undefined)
      .then(() => {
        const budget = nextUnpaced ? undefined : nextBudget;
        next = nextBudget = undefined;
        nextUnpaced = false;
        return run(budget);
      });
    return next;
  };
  return run;
}
