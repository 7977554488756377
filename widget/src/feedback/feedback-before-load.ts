import type { InsightEvent } from '../../../shared/protocol.ts';
import type { FeedbackConfig } from './feedback-api.ts';
import { showLoneButton } from './lone-button.ts';
import type { ShadowHost } from './shadow-host.ts';
import { FEEDBACK_BUTTON_LABEL } from './strings.ts';
import { storedSurveyHistory } from './survey-history.ts';
import { countSession, emptyHistory } from './survey-schedule.ts';

/** What the `feedback-api` chunk starts from when it loads: the configuration so far and the button on the page. */
export interface FeedbackHandOver {
  config: FeedbackConfig;
  button?: ShadowHost;
}

/**
 * `feedback.configure` in the core, until something needs the `feedback-api` chunk: it keeps the configuration,
 * shows the button alone, counts the user's sessions for survey schedules, and says when the chunk is needed: a
 * survey not waiting for an event (it may be due now), or a tracked event a survey or prompt waits for. A page
 * that configures a button, an `afterEvent` survey and prompts thus loads the chunk on the first click or matching
 * event, not at start. `open` is what the button's click calls.
 */
export function feedbackBeforeLoad(
  storage: Storage | undefined,
  doc: Document,
  sessionId: () => string,
  open: () => void,
) {
  let config: FeedbackConfig = {};
  let button: ShadowHost | undefined;
  let counted: string | undefined;

  // As the chunk's schedules do on each check: a session counts once per user (read and written only when the
  // session id changed, so a tracked event costs no storage access). Where storage is blocked the chunk counts the
  // session in its own memory when it loads, so nothing is kept here.
  const countThisSession = () => {
    const id = sessionId();
    if (!config.surveys?.length || id === counted) return;
    counted = id;
    const stored = storedSurveyHistory(storage, config.user?.id ?? 'anonymous');
    const loaded = stored.read() ?? emptyHistory(Date.now());
    const current = countSession(loaded, id);
    if (current !== loaded) stored.write(current);
  };

  let drawing: ReturnType<typeof setTimeout> | undefined;
  const draw = () => {
    drawing = undefined;
    countThisSession();
    button?.remove();
    const label = config.strings?.feedbackButton;
    button = config.button
      ? showLoneButton(typeof label === 'string' ? label : FEEDBACK_BUTTON_LABEL, config.theme, open, doc)
      : undefined;
  };

  return {
    /** Takes `next` in; true when the chunk is needed now (a survey that may be due). */
    configure(next: FeedbackConfig): boolean {
      config = { ...config, ...next };
      counted = undefined;
      // In a task of its own: pages call this from their `crm-insights:ready` listener, inside the widget's start-up
      // task, which the shadow root, its style sheets and the storage write would lengthen past 50 ms on slow CPUs.
      drawing ??= setTimeout(draw, 0);
      return Boolean(config.surveys?.some((survey) => survey.afterEvent === undefined));
    },
    /** Counts the session on a track or page event; true when a survey or prompt waits for this tracked event. */
    needsChunkFor(event: InsightEvent): boolean {
      if (event.type !== 'track' && event.type !== 'page') return false;
      countThisSession();
      const waitsFor = (name: string | undefined) => event.type === 'track' && name === event.name;
      return Boolean(
        config.surveys?.some((survey) => waitsFor(survey.afterEvent)) ||
          config.prompts?.some((prompt) => waitsFor(prompt.event)),
      );
    },
    /** Hands the configuration and the button to the loaded chunk, which owns them from then on. */
    handOver(): FeedbackHandOver {
      if (drawing) {
        clearTimeout(drawing);
        draw();
      }
      const state = { config, button };
      button = undefined;
      return state;
    },
  };
}
