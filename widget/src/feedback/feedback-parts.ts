import { localStorageIn } from '../capture/consent.ts';
import { apiRequest } from './api-request.ts';
import { bugReporter } from './bug-reporter.ts';
import type { FeedbackConfig, FeedbackDeps } from './feedback-api.ts';
import { watchFeedbackTriggers } from './feedback-triggers.ts';
import { feedbackUiLoader } from './feedback-ui-loader.ts';
import { surveyHistoryStore } from './survey-history.ts';
import { surveyRunner } from './survey-runner.ts';

/**
 * The pieces behind the feedback API, wired to one configuration: the UI loader, the survey runner, the bug
 * reporter and the triggers (watching from now on). `configure` merges into the configuration they all read.
 */
export function feedbackParts(deps: FeedbackDeps) {
  const now = deps.now ?? Date.now;
  const view = deps.window;
  const storage = localStorageIn(view);
  // Read when needed, not once: `reset()` makes a new one, and the client's full state would open the outbox for it.
  const anonymousId = () => deps.client.getAnonymousId?.() ?? '';
  let config: FeedbackConfig = deps.handOver?.config ?? {};
  const request = apiRequest(deps.endpoint, deps.writeKey, deps.fetch);
  const who = () => ({
    ...(config.user?.id ? { userId: config.user.id } : {}),
    anonymousId: anonymousId(),
    sessionId: deps.client.getSessionId(),
  });
  const submit = (text: string, prompt?: string) =>
    deps.client.capture({ type: 'feedback', userId: config.user?.id, props: { text, ...(prompt ? { prompt } : {}) } });
  // Bug-report collection and sending live in the chunk: every page pays only for watching recent activity.
  const bugs = bugReporter({ ...deps, storage, now, chunk: () => ui.chunk(), request, who });
  const ui = feedbackUiLoader({
    loadUi: deps.loadUi,
    log: deps.log,
    document: view.document,
    host: { request, who, fileBugReport: bugs.file, submitFeedback: submit },
    options: () => config,
    button: deps.handOver?.button,
  });
  const surveys = surveyRunner({
    config: () => config,
    history: surveyHistoryStore(storage, now),
    client: deps.client,
    path: () => view.location.pathname,
    now,
    log: deps.log,
    open: (handlers) => ui.withUi((mounted) => mounted.openSurvey(handlers)),
  });
  const stopWatching = watchFeedbackTriggers({
    client: deps.client,
    prompts: () => config.prompts,
    checkSurveys: surveys.check,
    openFeedback: (question) => ui.withUi((mounted) => mounted.openFeedback(question)),
    log: deps.log,
  });
  return {
    config: () => config,
    configure(next: FeedbackConfig) {
      if (typeof next !== 'object' || next === null) throw new TypeError('feedback.configure(config) needs an object');
      config = { ...config, ...next };
      surveys.check();
      ui.updateButton();
    },
    request,
    /** Whose votes a feature-request list shows: the signed-in user's, else this browser's. */
    voterId: () => who().userId ?? anonymousId(),
    bugs,
    ui,
    surveys,
    stopWatching,
  };
}
