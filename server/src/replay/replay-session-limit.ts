import type { InsightEvent, ItemError } from '../../../shared/protocol.ts';

/**
 * Most replay chunks one session stores. The widget sends a chunk about every 5 s while a page changes (more
 * around a checkout), some 800 an hour, so this is more than a day of recording; it keeps a write key from making
 * one session's replay as large as it likes (a chunk is at most 64 KiB: about 1.6 GB a session).
 */
export const REPLAY_SESSION_MAX_CHUNKS = 25_000;

/** What the limit needs of storage: how many replay chunks a session has stored, counted up to `upTo`. */
type StoredChunks = (sessionId: string, upTo: number) => Promise<number>;

/**
 * The batch's replay chunks that would take their session past `max` stored chunks, as the items of a 400: the
 * widget drops them and sends the rest again. One count per session in the batch, through the replay index. Batches
 * stored at the same moment are counted apart, so a session can pass the limit by what they hold.
 */
export async function replayChunksPastLimit(
  events: readonly InsightEvent[],
  storedChunks: StoredChunks,
  max = REPLAY_SESSION_MAX_CHUNKS,
): Promise<ItemError[]> {
  const room = new Map<string, number>();
  const items: ItemError[] = [];
  for (const [index, event] of events.entries()) {
    if (event.type !== 'replay') continue;
    const left = room.get(event.sessionId) ?? max - (await storedChunks(event.sessionId, max));
    room.set(event.sessionId, left - 1);
    if (left <= 0)
      items.push({
        index,
        id: event.id,
        message: `replay: this session already stores ${max} replay chunks, its limit`,
      });
  }
  return items;
}
