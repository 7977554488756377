import type { ProcessMemory } from './scale-process.ts';
import type { RateFigure, ReadFigure } from './scale-summary.ts';
import type { ProjectionWait } from './wait-for-projection.ts';

/** One store's scale run. */
export interface ScaleStoreResult extends ProcessMemory {
  store: string;
  storage?: string;
  historyEvents: number;
  /** When the store was loaded by an earlier run (`SCALE_DATA_DIR`): that run's time; load figures are its own. */
  reusedStoreFrom?: string;
  /** Why the history is shorter than asked (`SCALE_LOAD_SECONDS`): the reads were timed on what was loaded. */
  loadCutShort?: string;
  load?: RateFigure;
  ingestStart?: RateFigure;
  /** Where `ingestStart` was measured when the full store is a kept one: a fresh temporary store in this run. */
  ingestStartFrom?: string;
  /** A kept store's empty-store figure from the run that loaded it (earlier code), beside this run's own. */
  ingestStartWhenLoaded?: RateFigure;
  ingestEnd?: RateFigure;
  projection: ProjectionWait;
  /** The catch-up after the full-store probe's burst, waited for before the reads so they time reads, not catch-up. */
  projectionAfterProbe?: ProjectionWait;
  reads: ReadFigure[];
  heaviest?: string;
  background?: RateFigure;
  /** The server's RSS and its peak so far after each phase (and each read): where the peak was reached. */
  memoryTrail?: ({ after: string } & ProcessMemory)[];
  /** Bytes on disk: the record (SQLite file, or PostgreSQL's tables) and the analytics projection, per stored event. */
  disk?: {
    recordBytes: number;
    projectionBytes: number;
    recordPerEvent: number;
    projectionPerEvent: number;
    detail: Record<string, number>;
    /** PostgreSQL: how many time partitions `events` has. */
    partitions?: number;
  };
  seconds: number;
}
