import type { InsightEvent } from '../../../shared/protocol.ts';
import { scrubText, scrubValue } from '../../../shared/scrub.ts';
import { uuidv7 } from '../../../shared/uuid.ts';
import type { Logger } from '../debug-log.ts';
import type { ChunkMap } from '../load-chunk.ts';
import { localStorageIn } from '../capture/consent.ts';
import { currentPage } from '../page-context.ts';
import type { Client } from '../types.ts';
import { VERSION } from '../version.ts';
import type { ReplayHandle } from './bug-bundle.ts';
import { hasPendingBugReports } from './bug-report-outbox.ts';
import { summarizeActivity } from './recent-activity.ts';
import type { RecentActivity, RecentEvents } from './recent-activity.ts';
import { surveyHistoryStore } from './survey-history.ts';
import { countSession, surveyDecision } from './survey-schedule.ts';
import type { SurveyDefinition } from './survey-schedule.ts';
import type { FeedbackUi, FeedbackUiHost } from './ui-host.ts';
import type { FeedbackHandOver } from './feedback-before-load.ts';
import type { FeedbackUiOptions } from './feedback-ui.tsx';
import { showLoneButton } from './lone-button.ts';
import type { ShadowHost } from './shadow-host.ts';
import { FEEDBACK_BUTTON_LABEL } from './strings.ts';

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

type Severity = 'low' | 'medium' | 'high' | 'critical';
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
  const history = surveyHistoryStore(storage, now);
  const activity = deps.activity;
  // Read when needed, not once: `reset()` makes a new one, and the client's full state would open the outbox for it.
  const anonymousId = () => deps.client.getAnonymousId?.() ?? '';
  let config: FeedbackConfig = deps.handOver?.config ?? {};
  let ui: Promise<FeedbackUi> | undefined;
  /** The button, shown alone until something loads the UI (which takes its host over). */
  let loneButton: ShadowHost | undefined = deps.handOver?.button;
  const prompted = new Set<string>();

  const request = (path: string, init: { method?: string; body?: unknown; keepalive?: boolean } = {}) =>
    deps.fetch(`${deps.endpoint}${path}`, {
      method: init.method ?? 'GET',
      keepalive: init.keepalive,
      headers: {
        Authorization: `Bearer ${deps.writeKey}`,
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const who = () => ({
    ...(config.user?.id ? { userId: config.user.id } : {}),
    anonymousId: anonymousId(),
    sessionId: deps.client.getSessionId(),
  });
  // History lives in this browser's storage, so without a user id it is per browser already; a constant key also
  // keeps it when `reset()` makes a new anonymous id.
  const userKey = () => config.user?.id ?? 'anonymous';
  // Bug-report collection and sending live in the chunk: every page pays only for watching recent activity.
  let chunk: Promise<FeedbackChunk> | undefined;
  const getChunk = (): Promise<FeedbackChunk> => {
    chunk ??= deps.loadUi();
    chunk.catch((error: unknown) => {
      deps.log.warn('could not load the feedback chunk', error);
      chunk = undefined;
    });
    return chunk;
  };
  const reports = async () =>
    (await getChunk()).bugReportOutbox(storage, (body) => request('/bug-reports', { method: 'POST', body }));

  // A report leaves the page outside the event pipeline (straight to the API, or to the extension), so it is
  // scrubbed here as events are: the page URL, the environment, and the text the user typed.
  const collectBundle = () =>
    getChunk().then(async (loaded) =>
      scrubValue(
        await loaded.collectBugBundle({
          page: currentPage(view.location, view.document),
          ...who(),
          activity: activity && (() => withActiveFlags(summarizeActivity(activity.events()), deps.activeFlags)),
          replay: deps.replay,
          environment: loaded.browserEnvironment(view, deps.release, VERSION),
        }),
        deps.scrubParams,
      ),
    );
  const fileBugReport = async (input: { description: string; severity: Severity }): Promise<string> =>
    (await reports()).file({
      ...(await collectBundle()),
      id: uuidv7(now()),
      source: 'widget',
      description: scrubText(input.description),
      severity: input.severity,
    });

  const host: FeedbackUiHost = {
    request,
    who,
    fileBugReport,
    submitFeedback: (text, prompt) =>
      deps.client.capture({
        type: 'feedback',
        userId: config.user?.id,
        props: { text, ...(prompt ? { prompt } : {}) },
      }),
  };
  const getUi = (): Promise<FeedbackUi> => {
    ui ??= getChunk().then((loaded) => {
      const takeOver = loneButton;
      loneButton = undefined;
      return loaded.mountFeedbackUi(
        host,
        { strings: config.strings, theme: config.theme, button: config.button },
        view.document,
        takeOver,
      );
    });
    ui.catch((error: unknown) => {
      deps.log.warn('could not load the feedback UI', error);
      ui = undefined;
    });
    return ui;
  };
  const withUi = (action: (ui: FeedbackUi) => void) => void getUi().then(action, () => undefined);
  // Showing only the button needs no UI chunk: it loads on the first click (or whatever else must show).
  const showButton = () => {
    loneButton?.remove();
    const label = config.strings?.feedbackButton;
    loneButton = config.button
      ? showLoneButton(
          typeof label === 'string' ? label : FEEDBACK_BUTTON_LABEL,
          config.theme,
          () => withUi((mounted) => mounted.openFeedback()),
          view.document,
        )
      : undefined;
  };

  const showSurvey = (survey: SurveyDefinition) => {
    const key = userKey();
    history.save(key, { ...history.load(key), shown: { ...history.load(key).shown, [survey.id]: now() } });
    let settled = false;
    withUi((mounted) =>
      mounted.openSurvey({
        onAnswer(score, comment) {
          if (settled) return;
          settled = true;
          const current = history.load(key);
          history.save(key, { ...current, answered: { ...current.answered, [survey.id]: now() } });
          deps.client.capture({
            type: 'nps',
            userId: config.user?.id,
            props: { surveyId: survey.id, score, ...(comment ? { comment } : {}) },
          });
        },
        onDismiss() {
          if (settled) return;
          settled = true;
          const current = history.load(key);
          history.save(key, { ...current, dismissed: { ...current.dismissed, [survey.id]: now() } });
          deps.client.capture({
            type: 'nps',
            userId: config.user?.id,
            props: { surveyId: survey.id, dismissed: true },
          });
        },
      }),
    );
  };

  const checkSurveys = (event?: string) => {
    const surveys = config.surveys ?? [];
    if (!surveys.length) return;
    const key = userKey();
    const loaded = history.load(key);
    const current = countSession(loaded, deps.client.getSessionId());
    // Most events are in a session already counted: no storage write for them.
    if (current !== loaded) history.save(key, current);
    for (const survey of surveys) {
      const decision = surveyDecision(
        survey,
        current,
        { now: now(), path: view.location.pathname, traits: config.user?.traits ?? {}, event },
        config.surveyGapDays,
      );
      if (decision.show) {
        showSurvey(survey);
        return;
      }
      deps.log.warn(`survey "${survey.id}" not shown: ${decision.reason}`);
    }
  };

  const stopWatching = deps.client.onCapture?.((event) => {
    if (event.type !== 'track' && event.type !== 'page') return;
    // After the capture returns, so a survey never delays the page's own code.
    setTimeout(() => {
      try {
        checkSurveys(event.type === 'track' ? event.name : undefined);
        const prompt =
          event.type === 'track' ? config.prompts?.find((candidate) => candidate.event === event.name) : undefined;
        if (prompt && !prompted.has(prompt.event)) {
          prompted.add(prompt.event);
          withUi((mounted) => mounted.openFeedback(prompt.question));
        }
      } catch (error) {
        deps.log.warn('feedback scheduling failed', error);
      }
    }, 0);
  });
  // A report a reload interrupted goes out now.
  if (hasPendingBugReports(storage))
    setTimeout(
      () =>
        void reports()
          .then((outbox) => outbox.resend())
          .catch(() => undefined),
      0,
    );

  const guard =
    <A extends unknown[]>(name: string, run: (...args: A) => void) =>
    (...args: A) => {
      try {
        run(...args);
      } catch (error) {
        deps.log.warn(`${name} failed`, error);
      }
    };

  // The configuration the core took: its schedules run now, as they would have at `configure`.
  if (deps.handOver) guard('feedback.configure', checkSurveys)();

  return {
    feedback: {
      configure: guard('feedback.configure', (next: FeedbackConfig) => {
        if (typeof next !== 'object' || next === null)
          throw new TypeError('feedback.configure(config) needs an object');
        config = { ...config, ...next };
        checkSurveys();
        if (ui) withUi((mounted) => mounted.setButton(Boolean(config.button)));
        else showButton();
      }),
      open: guard('feedback.open', (prompt?: string) =>
        withUi((mounted) => mounted.openFeedback(typeof prompt === 'string' ? prompt : undefined)),
      ),
    },
    nps: {
      /** Shows a survey now, ignoring its schedule (throttling is still recorded). */
      show: guard('nps.show', (surveyId = 'nps') =>
        showSurvey((config.surveys ?? []).find((survey) => survey.id === surveyId) ?? { id: String(surveyId) }),
      ),
      /** Runs the schedules now (they also run on configure and on every tracked event and page view). */
      check: guard('nps.check', () => checkSurveys()),
    },
    featureRequests: {
      open: guard('featureRequests.open', () => withUi((mounted) => mounted.openFeatureRequests())),
      async list(limit = 10) {
        const response = await request(
          `/feature-requests?limit=${limit}&voterId=${encodeURIComponent(who().userId ?? anonymousId())}`,
        );
        if (!response.ok) throw new Error(`crm-insights: feature requests: HTTP ${response.status}`);
        return ((await response.json()) as { requests: unknown[] }).requests;
      },
    },
    reportBug(input?: { description: string; severity?: Severity }): Promise<string | undefined> {
      if (input === undefined) {
        withUi((mounted) => mounted.openBugReport());
        return Promise.resolve(undefined);
      }
      if (typeof input?.description !== 'string' || !input.description.trim())
        return Promise.reject(new TypeError('reportBug({ description, severity? }) needs a description'));
      return fileBugReport({ description: input.description.trim(), severity: input.severity ?? 'medium' });
    },
    /** The bundle the extension's bug report asks for over the bridge. */
    collectBundle,
    stop() {
      stopWatching?.();
    },
  };
}

/** The flags a report attaches: those in effect now (with experiment variants), else the last exposures seen. */
function withActiveFlags(activity: RecentActivity, activeFlags: FeedbackDeps['activeFlags']): RecentActivity {
  const active = activeFlags?.();
  if (!active) return activity;
  return {
    ...activity,
    flags: {
      ...activity.flags,
      ...(active.flags as RecentActivity['flags']),
      ...(Object.keys(active.experiments).length ? { experiments: active.experiments } : {}),
      ...(active.overridden ? { overridden: true } : {}),
    },
  };
}
