import { emptyHistory } from './survey-schedule.ts';
import type { SurveyHistory } from './survey-schedule.ts';

const PREFIX = 'crm-insights:surveys:';

/**
 * Survey history per user in localStorage (per user id when the page set one, else per anonymous id), so
 * throttling holds across reloads and tabs. Blocked storage degrades to memory for this page.
 */
export function surveyHistoryStore(storage: Storage | undefined, now: () => number) {
  const memory = new Map<string, SurveyHistory>();
  return {
    load(userKey: string): SurveyHistory {
      try {
        const raw = storage?.getItem(PREFIX + userKey);
        const parsed = raw ? (JSON.parse(raw) as SurveyHistory) : undefined;
        if (parsed && typeof parsed.firstSeenAt === 'number' && parsed.shown && parsed.dismissed && parsed.answered)
          return parsed;
      } catch {
        // Unreadable or corrupt: start over rather than never showing a survey again.
      }
      return memory.get(userKey) ?? emptyHistory(now());
    },
    save(userKey: string, history: SurveyHistory): void {
      memory.set(userKey, history);
      try {
        storage?.setItem(PREFIX + userKey, JSON.stringify(history));
      } catch {
        // Quota or blocked storage: memory keeps it for this page.
      }
    },
  };
}
