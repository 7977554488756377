import type { DropReason } from './outbox.ts';

/** Counts of items dropped without delivery, by reason, until they are reported. */
export type DropCounts = Partial<Record<DropReason, number>>;

/** Keeps drop counts until they are taken for a `client_report` event. */
export function createDropCounter() {
  let counts: DropCounts = {};
  return {
    add(reason: DropReason, count: number): void {
      if (count > 0) counts[reason] = (counts[reason] ?? 0) + count;
    },
    /** Whether anything was dropped since the last `take`. */
    any: (): boolean => Object.keys(counts).length > 0,
    /** The counts so far, reset to zero; undefined when nothing was dropped. */
    take(): DropCounts | undefined {
      if (!Object.keys(counts).length) return undefined;
      const taken = counts;
      counts = {};
      return taken;
    },
  };
}

/** A drop counter, as `createDropCounter` makes it. */
export type DropCounter = ReturnType<typeof createDropCounter>;
