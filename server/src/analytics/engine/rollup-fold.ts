import type { ProjectionTarget, ProjectorOptions } from './projector.ts';
import type { ProjectorFigures } from './projector-state.ts';

/** What a fold runs and moves. */
interface FoldParts {
  target: ProjectionTarget;
  options: ProjectorOptions;
  figures: ProjectorFigures;
  now: () => number;
  isStopped: () => boolean;
}

/**
 * Folds until the rollups reach the watermark the fold sees (or the budget is spent), one bounded step of
 * `target.fold` at a time; then `afterFold`, when rows were folded in. Only for a target with `fold`.
 */
export async function foldUntilLevel(parts: FoldParts, budgetMs?: number): Promise<void> {
  const { target, figures, now } = parts;
  const started = now();
  const before = figures.rollupWatermark;
  for (;;) {
    const step = await target.fold!();
    figures.rollupWatermark = step.folded;
    if (step.folded >= step.watermark || parts.isStopped() || (budgetMs !== undefined && now() - started >= budgetMs))
      break;
  }
  if (figures.rollupWatermark !== before) await parts.options.afterFold?.();
}
