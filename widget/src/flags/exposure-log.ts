import type { KeyValueStorage } from './config-cache.ts';

/**
 * Remembers which (experiment, variation, forced) exposures a session already reported, so each is sent once per
 * session even across reloads and tabs of one origin (they share the session). Kept in localStorage under the
 * session id; a new session starts a new list.
 */
export function createExposureLog(storage: KeyValueStorage | undefined, storageKey = 'crm-insights:exposures') {
  let memory: { sessionId: string; seen: string[] } = { sessionId: '', seen: [] };
  const load = (sessionId: string) => {
    if (memory.sessionId === sessionId) return memory;
    try {
      const stored = JSON.parse(storage?.getItem(storageKey) ?? 'null') as typeof memory | null;
      memory = stored?.sessionId === sessionId && Array.isArray(stored.seen) ? stored : { sessionId, seen: [] };
    } catch {
      memory = { sessionId, seen: [] };
    }
    return memory;
  };
  return {
    /** Records the exposure and answers whether it is the first of its kind in this session. */
    firstTime(sessionId: string, experiment: string, variation: string, forced: boolean): boolean {
      const log = load(sessionId);
      const key = `${experiment}\u0000${variation}\u0000${forced ? 1 : 0}`;
      if (log.seen.includes(key)) return false;
      log.seen.push(key);
      try {
        storage?.setItem(storageKey, JSON.stringify(log));
      } catch {
        // Without storage the log still dedupes within this page.
      }
      return true;
    },
  };
}
