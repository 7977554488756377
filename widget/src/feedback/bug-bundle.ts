import type { BugBundle } from '../../../shared/bridge.ts';
import type { Page } from '../../../shared/protocol.ts';
import type { RecentActivity } from './recent-activity.ts';

/** The replay controller as far as a bug report needs it; `flush` uploads the buffer and says how many chunks went. */
export interface ReplayHandle {
  readonly mode: string;
  flush(reason?: string): Promise<{ chunks: number }>;
}

/** Where a bundle's parts come from; each is optional so a build without replay or capture still files reports. */
export interface BugBundleSources {
  page: Page;
  sessionId: string;
  anonymousId: string;
  userId?: string;
  activity?: () => RecentActivity;
  replay?: ReplayHandle;
  environment: Record<string, string | number | boolean | null>;
}

/** Largest bundle the widget hands over (it must fit a bridge message with room to spare). */
const BUG_BUNDLE_BUDGET_CHARS = 200 * 1024;

/**
 * Collects what helps reproduce a bug. The replay is uploaded through the outbox (it reaches the server as the
 * session's `replay` events); parts that cannot be provided are listed in `missing` with the reason, never faked.
 */
export async function collectBugBundle(sources: BugBundleSources): Promise<BugBundle> {
  const missing: { part: string; reason: string }[] = [];
  const bundle: BugBundle = {
    page: sources.page,
    sessionId: sources.sessionId,
    anonymousId: sources.anonymousId,
    ...(sources.userId ? { userId: sources.userId } : {}),
    environment: sources.environment,
  };
  if (sources.activity) {
    const activity = sources.activity();
    Object.assign(bundle, {
      errors: activity.errors,
      failedRequests: activity.failedRequests,
      breadcrumbs: activity.breadcrumbs,
      vitals: activity.vitals,
      flags: activity.flags,
    });
  } else {
    missing.push({ part: 'activity', reason: 'this client does not report captured events (no onCapture)' });
  }
  if (!sources.replay || sources.replay.mode === 'off') {
    missing.push({ part: 'replay', reason: 'replay is off on this page (enable it with data-replay="buffer")' });
  } else {
    try {
      // Uploads what is still buffered; an error may already have uploaded the rest. Either way the replay reaches
      // the server as this session's replay events, which is where a report's reader finds it.
      bundle.replayChunks = (await sources.replay.flush('bug_report')).chunks;
    } catch (error) {
      missing.push({
        part: 'replay',
        reason: `replay upload failed: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }
  if (missing.length) bundle.missing = missing;
  return fitBudget(bundle);
}

/** Drops the oldest breadcrumbs, then failed requests, then errors until the bundle fits its budget. */
export function fitBudget(bundle: BugBundle, budget = BUG_BUNDLE_BUDGET_CHARS): BugBundle {
  const lists = ['breadcrumbs', 'failedRequests', 'errors'] as const;
  for (const key of lists) {
    while (JSON.stringify(bundle).length > budget && bundle[key]?.length) bundle[key] = bundle[key]!.slice(1);
  }
  return bundle;
}

/** Facts about the browser a developer asks for first. */
export function browserEnvironment(
  view: Window,
  release: string | undefined,
  version: string,
): Record<string, string | number | boolean | null> {
  const { navigator: nav, screen } = view;
  return {
    userAgent: nav.userAgent,
    language: nav.language,
    online: nav.onLine,
    viewport: `${view.innerWidth}x${view.innerHeight}`,
    screen: `${screen.width}x${screen.height}`,
    devicePixelRatio: view.devicePixelRatio,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone ?? null,
    release: release ?? null,
    widgetVersion: version,
  };
}
