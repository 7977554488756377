import type { BugSeverity } from '../../../shared/protocol.ts';
import { scrubText, scrubValue } from '../../../shared/scrub.ts';
import { uuidv7 } from '../../../shared/uuid.ts';
import { currentPage } from '../page-context.ts';
import { VERSION } from '../version.ts';
import { hasPendingBugReports } from './bug-report-outbox.ts';
import type { FeedbackChunk, FeedbackDeps } from './feedback-api.ts';
import { summarizeActivity } from './recent-activity.ts';
import type { RecentActivity } from './recent-activity.ts';
import type { FeedbackUiHost } from './ui-host.ts';

/** What filing a report takes from the feedback API: its deps, and the parts it shares with the UI. */
export interface BugReporterDeps
  extends Pick<FeedbackDeps, 'window' | 'release' | 'replay' | 'activeFlags' | 'activity' | 'scrubParams'> {
  storage: Storage | undefined;
  now: () => number;
  /** The feedback chunk, where collecting and sending a report live: every page pays only for watching activity. */
  chunk: () => Promise<FeedbackChunk>;
  request: FeedbackUiHost['request'];
  who: FeedbackUiHost['who'];
}

/**
 * Files bug reports from the page: `collectBundle` gathers the page, the visitor, the recent activity with the flags
 * in effect, the replay and the environment; `file` adds the user's text and sends it (kept for a resend when the
 * request fails). A report a reload interrupted goes out as this starts.
 */
export function bugReporter(deps: BugReporterDeps) {
  const view = deps.window;
  const reports = async () =>
    (await deps.chunk()).bugReportOutbox(deps.storage, (body) =>
      deps.request('/bug-reports', { method: 'POST', body }),
    );
  // A report leaves the page outside the event pipeline (straight to the API, or to the extension), so it is
  // scrubbed here as events are: the page URL, the environment, and the text the user typed.
  const collectBundle = () =>
    deps.chunk().then(async (loaded) =>
      scrubValue(
        await loaded.collectBugBundle({
          page: currentPage(view.location, view.document),
          ...deps.who(),
          activity:
            deps.activity && (() => withActiveFlags(summarizeActivity(deps.activity!.events()), deps.activeFlags)),
          replay: deps.replay,
          environment: loaded.browserEnvironment(view, deps.release, VERSION),
        }),
        deps.scrubParams,
      ),
    );
  const file = async (input: { description: string; severity: BugSeverity }): Promise<string> =>
    (await reports()).file({
      ...(await collectBundle()),
      id: uuidv7(deps.now()),
      source: 'widget',
      description: scrubText(input.description),
      severity: input.severity,
    });
  if (hasPendingBugReports(deps.storage))
    setTimeout(
      () =>
        void reports()
          .then((outbox) => outbox.resend())
          .catch(() => undefined),
      0,
    );
  return { collectBundle, file };
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
