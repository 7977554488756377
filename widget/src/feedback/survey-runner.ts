import type { PropsOf } from '../../../shared/events.ts';
import type { Logger } from '../debug-log.ts';
import type { Client } from '../types.ts';
import type { FeedbackConfig } from './feedback-api.ts';
import type { surveyHistoryStore } from './survey-history.ts';
import { countSession, surveyDecision } from './survey-schedule.ts';
import type { SurveyDefinition, SurveyHistory } from './survey-schedule.ts';
import type { SurveyHandlers } from './ui-host.ts';

/** What the survey runner reads and whom it tells. */
export interface SurveyRunnerDeps {
  /** The page's configuration as it is now (`configure` replaces it). */
  config: () => FeedbackConfig;
  history: ReturnType<typeof surveyHistoryStore>;
  client: Pick<Client, 'capture' | 'getSessionId'>;
  /** The path surveys are targeted by. */
  path: () => string;
  now: () => number;
  log: Logger;
  /** Opens the survey in the UI (loading it first). */
  open: (handlers: SurveyHandlers) => void;
}

/**
 * Runs the NPS surveys: `check` asks every configured survey's schedule (at configure, on each tracked event and page
 * view) and shows the first one that says yes; `show` shows one now. Shown, answered and dismissed go into the
 * user's history, which throttles the next ones; an answer or a dismissal is an `nps` event.
 */
export function surveyRunner(deps: SurveyRunnerDeps) {
  const { history, now } = deps;
  // History lives in this browser's storage, so without a user id it is per browser already; a constant key also
  // keeps it when `reset()` makes a new anonymous id.
  const userKey = () => deps.config().user?.id ?? 'anonymous';
  const record = (key: string, field: 'shown' | 'answered' | 'dismissed', surveyId: string) => {
    const current: SurveyHistory = history.load(key);
    history.save(key, { ...current, [field]: { ...current[field], [surveyId]: now() } });
  };

  const show = (survey: SurveyDefinition) => {
    const key = userKey();
    record(key, 'shown', survey.id);
    let settled = false;
    // The first of answer and dismissal counts: a dialog closed after its answer is not also a dismissal.
    const settle = (field: 'answered' | 'dismissed', props: Omit<PropsOf<'nps'>, 'surveyId'>) => {
      if (settled) return;
      settled = true;
      record(key, field, survey.id);
      deps.client.capture({ type: 'nps', userId: deps.config().user?.id, props: { surveyId: survey.id, ...props } });
    };
    deps.open({
      onAnswer: (score, comment) => settle('answered', { score, ...(comment ? { comment } : {}) }),
      onDismiss: () => settle('dismissed', { dismissed: true }),
    });
  };

  const check = (event?: string) => {
    const config = deps.config();
    const surveys = config.surveys ?? [];
    if (!surveys.length) return;
    const key = userKey();
    const loaded = history.load(key);
    const current = countSession(loaded, deps.client.getSessionId());
    // Most events are in a session already counted: no storage write for them.
    if (current !== loaded) history.save(key, current);
    const context = { now: now(), path: deps.path(), traits: config.user?.traits ?? {}, event };
    for (const survey of surveys) {
      const decision = surveyDecision(survey, current, context, config.surveyGapDays);
      if (decision.show) return show(survey);
      deps.log.warn(`survey "${survey.id}" not shown: ${decision.reason}`);
    }
  };

  return { show, check };
}
