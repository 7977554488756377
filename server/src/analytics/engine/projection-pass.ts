import type { ProjectionProgress } from './protocol.ts';
import type { ProjectionTarget, ProjectorOptions } from './projector.ts';
import type { ProjectorFigures } from './projector-state.ts';
import type { RecordSource } from './record-source.ts';

/** Hears how far the pass under way has come: the rows it has projected, and how fast. */
export type PassListener = (progress: Omit<ProjectionProgress, 'total'>) => void;

/** What a pass reads, writes and tells. */
interface PassParts {
  source: RecordSource;
  target: ProjectionTarget;
  options: ProjectorOptions;
  figures: ProjectorFigures;
  listeners: ReadonlySet<PassListener>;
  now: () => number;
  isStopped: () => boolean;
}

/** Projects until level; a background pass (`budgetMs`) also stops once it has run that long, to be paced. */
export async function projectUntilLevel(parts: PassParts, budgetMs?: number): Promise<void> {
  const { source, target, figures, now } = parts;
  const started = now();
  let done = 0;
  for (;;) {
    const readAt = now();
    const rows = await source.readAfter(figures.watermark, parts.options.batchSize);
    if (rows.length) {
      figures.skipped += (await target.commit(rows)).skipped;
      figures.watermark = rows[rows.length - 1]!.seq;
      if (!target.fold) figures.rollupWatermark = figures.watermark;
      done += rows.length;
      for (const listener of parts.listeners)
        listener({ done, eventsPerSecond: Math.round((done * 1000) / Math.max(1, now() - started)) });
    }
    // Only an empty answer means level: a source may answer short below a barrier it has not moved yet.
    if (!rows.length) figures.levelAt = readAt;
    if (!rows.length || parts.isStopped() || (budgetMs !== undefined && now() - started >= budgetMs)) break;
  }
  figures.lastError = undefined;
}
