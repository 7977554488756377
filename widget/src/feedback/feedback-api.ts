import type { BugSeverity, InsightEvent } from '../../../shared/protocol.ts';
import type { Logger } from '../debug-log.ts';
import type { ChunkMap } from '../load-chunk.ts';
import type { Client } from '../types.ts';
import type { ReplayHandle } from './bug-bundle.ts';
import type { RecentEvents } from './recent-activity.ts';
import type { SurveyDefinition } from './survey-schedule.ts';
import type { FeedbackHandOver } from './feedback-before-load.ts';
import type { FeedbackUiOptions } from './feedback-ui.tsx';
import { feedbackParts } from './feedback-parts.ts';
import type { FeedbackUiHost } from './ui-host.ts';

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
  const { config, configure, request, voterId, bugs, ui, surveys, stopWatching } = feedbackParts(deps);
  const guard = guarded(deps.log);
  // The configuration the core took: its schedules run now, as they would have at `configure`.
  if (deps.handOver) guard('feedback.configure', surveys.check)();
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
        surveys.show((config().surveys ?? []).find((survey) => survey.id === surveyId) ?? { id: String(surveyId) }),
      ),
      /** Runs the schedules now (they also run on configure and on every tracked event and page view). */
      check: guard('nps.check', () => surveys.check()),
    },
    featureRequests: {
      open: guard('featureRequests.open', () => ui.withUi((mounted) => mounted.openFeatureRequests())),
      list: (limit?: number) => listFeatureRequests(request, voterId, limit),
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

/** `featureRequests.list(limit)`: the board's top requests, each saying whether `voterId` voted for it. */
async function listFeatureRequests(request: FeedbackUiHost['request'], voterId: () => string, limit = 10) {
  const response = await request(`/feature-requests?limit=${limit}&voterId=${encodeURIComponent(voterId())}`);
  if (!response.ok) throw new Error(`crm-insights: feature requests: HTTP ${response.status}`);
  return ((await response.json()) as { requests: unknown[] }).requests;
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
