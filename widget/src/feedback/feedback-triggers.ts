import type { InsightEvent } from '../../../shared/protocol.ts';
import type { Logger } from '../debug-log.ts';
import type { FeedbackConfig, FeedbackDeps } from './feedback-api.ts';

/** What the triggers watch and what they open. */
export interface FeedbackTriggerDeps {
  client: FeedbackDeps['client'];
  /** The contextual prompts as configured now. */
  prompts: () => FeedbackConfig['prompts'];
  /** Runs the survey schedules; a tracked event's name may be what a survey waits for. */
  checkSurveys: (eventName?: string) => void;
  openFeedback: (question: string) => void;
  log: Logger;
}

/**
 * Runs the survey schedules on every tracked event and page view, and opens a contextual prompt (once per page)
 * after the event it waits for. Returns what stops watching.
 */
export function watchFeedbackTriggers(deps: FeedbackTriggerDeps): (() => void) | undefined {
  const prompted = new Set<string>();
  const onEvent = (event: InsightEvent) => {
    deps.checkSurveys(event.type === 'track' ? event.name : undefined);
    const prompt =
      event.type === 'track' ? deps.prompts()?.find((candidate) => candidate.event === event.name) : undefined;
    if (prompt && !prompted.has(prompt.event)) {
      prompted.add(prompt.event);
      deps.openFeedback(prompt.question);
    }
  };
  return deps.client.onCapture?.((event) => {
    if (event.type !== 'track' && event.type !== 'page') return;
    // After the capture returns, so a survey never delays the page's own code.
    setTimeout(() => {
      try {
        onEvent(event);
      } catch (error) {
        deps.log.warn('feedback scheduling failed', error);
      }
    }, 0);
  });
}
