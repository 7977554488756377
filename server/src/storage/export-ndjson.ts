import type { Storage } from './types.ts';

/**
 * Writes every event in `[since, until)` as one JSON line each, oldest first, a page at a time so memory stays
 * flat however large the export; returns how many were written.
 */
export async function exportNdjson(
  storage: Storage,
  write: (chunk: string) => Promise<void> | void,
  range: { since?: number; until?: number } = {},
): Promise<number> {
  let cursor: string | undefined;
  let written = 0;
  do {
    const page = await storage.listEvents({ ...range, order: 'asc', limit: 1000, cursor });
    if (page.events.length) await write(page.events.map((event) => `${JSON.stringify(event)}\n`).join(''));
    written += page.events.length;
    cursor = page.nextCursor;
  } while (cursor);
  return written;
}
