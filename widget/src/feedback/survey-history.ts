import { storedJson } from '../stored-json.ts';
import { emptyHistory } from './survey-schedule.ts';
import type { SurveyHistory } from './survey-schedule.ts';

/** One user's survey history in localStorage; an unreadable or corrupt entry reads as none. */
export const storedSurveyHistory = (storage: Storage | undefined, userKey: string) =>
  storedJson<SurveyHistory>(
    storage,
    `crm-insights:surveys:${userKey}`,
    (parsed) => typeof parsed?.firstSeenAt === 'number' && !!parsed.shown && !!parsed.dismissed && !!parsed.answered,
  );

/**
 * Survey history per user in localStorage (per user id when the page set one, else per anonymous id), so
 * throttling holds across reloads and tabs. Blocked storage degrades to memory for this page; an unreadable or
 * corrupt entry starts over rather than never showing a survey again.
 */
export function surveyHistoryStore(storage: Storage | undefined, now: () => number) {
  const memory = new Map<string, SurveyHistory>();
  const stored = (userKey: string) => storedSurveyHistory(storage, userKey);
  return {
    load: (userKey: string): SurveyHistory => stored(userKey).read() ?? memory.get(userKey) ?? emptyHistory(now()),
    save(userKey: string, history: SurveyHistory): void {
      memory.set(userKey, history);
      stored(userKey).write(history);
    },
  };
}
