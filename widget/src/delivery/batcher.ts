import type { OutboxItem } from '../database.ts';

/** How much one request may carry. */
export interface BatchLimits {
  maxCount: number;
  maxBytes: number;
}

/**
 * Takes the next batch from items in send order: as many as fit under both limits, but always at least one, so an
 * item larger than `maxBytes` still goes out alone (and the server's 413 decides its fate).
 */
export function takeBatch(items: readonly OutboxItem[], limits: BatchLimits): OutboxItem[] {
  const batch: OutboxItem[] = [];
  // The envelope `{"sentAt":…,"events":[…]}` plus one comma per event.
  let bytes = 40;
  for (const item of items) {
    if (batch.length >= limits.maxCount) break;
    if (batch.length && bytes + item.bytes + 1 > limits.maxBytes) break;
    batch.push(item);
    bytes += item.bytes + 1;
  }
  return batch;
}

/** Splits a batch the server refused as too large (413) into two halves; a single item cannot be split. */
export function splitBatch<T>(batch: readonly T[]): [T[], T[]] | undefined {
  if (batch.length < 2) return undefined;
  const middle = Math.ceil(batch.length / 2);
  return [batch.slice(0, middle), batch.slice(middle)];
}

/** Which items of a batch the server named as invalid in a 400 `{ items: [{ index, id }] }`. */
export function rejectedIds(
  batch: readonly OutboxItem[],
  items: readonly { index: number; id?: string }[],
): Set<string> {
  const ids = new Set<string>();
  for (const item of items) {
    const byIndex = batch[item.index];
    if (item.id && batch.some((candidate) => candidate.id === item.id)) ids.add(item.id);
    else if (byIndex) ids.add(byIndex.id);
  }
  return ids;
}
