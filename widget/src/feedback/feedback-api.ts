import type { BugSeverity, InsightEvent } from '../../../shared/protocol.ts';
import type { Logger } from '../debug-log.ts';
import type { ChunkMap } from '../load-chunk.ts';
import { localStorageIn } from '../capture/consent.ts';
import type { Client } from '../types.ts';
import type { ReplayHandle } from './bug-bundle.ts';
import type { RecentEvents } from './recent-activity.ts';
import { surveyHistoryStore } from './survey-history.ts';
import { bugReporter } from './bug-reporter.ts';
import { surveyRunner } from './survey-runner.ts';
import type { SurveyDefinition } from './survey-schedule.ts';
import type { FeedbackHandOver } from './feedback-before-load.ts';
import type { FeedbackUiOptions } from './feedback-ui.tsx';
import { apiRequest } from './api-request.ts';
import { feedbackUiLoader } from './feedback-ui-loader.ts';
import { watchFeedbackTriggers } from './feedback-triggers.ts';

/** `crmInsights.feedback.configure(config)`: what shows, when, to whom, and how it looks. */
export interface FeedbackConfig extends FeedbackUiOptions {
  /** NPS surveys and their schedules; checked now, on every tracked event and page view. */
  surveys?: SurveyDefinition[];
  /** At most one survey per user within this many days, across all surveys. Default 14. */
  surveyGapDays?: number;
  /** Contextual prompts: after `event` is tracked, the feedback form opens asking `question` (once per page). */
  prompts?: { event: string; question: string }[];
  /** The signed-in user: `id` for throttling and votes across devices, `traits` for survey targeting. */
  user?: { id?: string; traits?: Record<string, unknown> };
}

/** The core's dependencies, injectable for tests. */
export interface FeedbackDeps {
  client: Pick<Client, 'capture' | 'getSessionId'> & {
    onCapture?(listener: (event: InsightEvent) => void): () => void;
    getAnonymousId?(): string;
  };
  endpoint: string;
  writeKey: string;
  fetch: typeof fetch;
  window: Window;
  log: Logger;
  release?: string;
  replay?: ReplayHandle;
  /** The flags and experiment variants in effect now, and whether staff overrides shaped them. */
  activeFlags?: () =>
    | { flags: Record<string, unknown>; experiments: Record<string, string>; overridden: boolean }
    | undefined;
  /** The page's recent errors, failed calls, steps and vitals, watched by the core since the page started. */
  activity?: Pick<RecentEvents, 'events'>;
  now?: () => number;
  /** Query parameters scrubbed from URLs on top of the built-in list (the `capture.scrubParams` option). */
  scrubParams?: readonly string[];
  /** Loads the UI chunk (the core's loader: a chunk's own copy has no base URL). */
  loadUi: () => Promise<FeedbackChunk>;
  /** The configuration the core took before this chunk loaded, and the button it shows (see feedback-before-load.ts). */
  handOver?: FeedbackHandOver;
}

/** What the feedback chunk exports: the UI, and the bug-report pieces the core needs only when a report is made. */
export type FeedbackChunk = ChunkMap['feedback'];

/**
 * The feedback surface of `window.crmInsights`: `feedback`, `nps`, `featureRequests` and `reportBug`: survey
 * schedules, prompts, feature requests and bug reports. It lives in the `feedback-api` chunk, which the core loads
 * on the first call (see start-feedback.ts); the UI chunk loads the first time something must show.
 */
export function createFeedbackApi(deps: FeedbackDeps) {
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
  const guard = guarded(deps.log);
  // The configuration the core took: its schedules run now, as they would have at `configure`.
  if (deps.handOver) guard('feedback.configure', surveys.check)();
  const configure = (next: FeedbackConfig) => {
    if (typeof next !== 'object' || next === null) throw new TypeError('feedback.configure(config) needs an object');
    config = { ...config, ...next };
    surveys.check();
    ui.updateButton();
  };
  const listFeatureRequests = async (limit = 10) => {
    const response = await request(
      `/feature-requests?limit=${limit}&voterId=${encodeURIComponent(who().userId ?? anonymousId())}`,
    );
    if (!response.ok) throw new Error(`crm-insights: feature requests: HTTP ${response.status}`);
    return ((await response.json()) as { requests: unknown[] }).requests;
  };
  return {
    feedback: {
      configure: guard('feedback.configure', configure),
      open: guard('feedback.open', (prompt?: string) =>
        ui.withUi((mounted) => mounted.openFeedback(typeof prompt === 'string' ? prompt : undefined)),
      ),
    },
    nps: {
      /** Shows a survey now, ignoring its schedule (throttling is still recorded). */
      show: guard('nps.show', (surveyId = 'nps') =>
        surveys.show((config.surveys ?? []).find((survey) => survey.id === surveyId) ?? { id: String(surveyId) }),
      ),
      /** Runs the schedules now (they also run on configure and on every tracked event and page view). */
      check: guard('nps.check', () => surveys.check()),
    },
    featureRequests: {
      open: guard('featureRequests.open', () => ui.withUi((mounted) => mounted.openFeatureRequests())),
      list: listFeatureRequests,
    },
    reportBug(input?: { description: string; severity?: BugSeverity }): Promise<string | undefined> {
      if (input === undefined) {
        ui.withUi((mounted) => mounted.openBugReport());
        return Promise.resolve(undefined);
      }
      if (typeof input?.description !== 'string' || !input.description.trim())
        return Promise.reject(new TypeError('reportBug({ description, severity? }) needs a description'));
      return bugs.file({ description: input.description.trim(), severity: input.severity ?? 'medium' });
    },
    /** The bundle the extension's bug report asks for over the bridge. */
    collectBundle: bugs.collectBundle,
    stop() {
      stopWatching?.();
    },
  };
}

/** Wraps a public method so that a throw is logged, never raised into the page's code. */
function guarded(log: Logger) {
  return <A extends unknown[]>(name: string, run: (...args: A) => void) =>
    (...args: A) => {
      try {
        run(...args);
      } catch (error) {
        log.warn(`${name} failed`, error);
      }
    };
}
