import type { InsightEvent } from '../../../shared/protocol.ts';
import { uuidv7 } from '../../../shared/uuid.ts';
import { deviceContext } from '../capture/device.ts';
import type { UserStore } from '../capture/user.ts';
import type { FlagsClient } from '../flags/flags-client.ts';
import { pageReader } from '../page-context.ts';
import type { Identity } from '../session.ts';
import type { EventInput } from './event-input.ts';

/** Event types that carry the device context (the rest share their session's). */
const WITH_DEVICE = new Set(['page', 'error', 'identify']);

/** What enrichment reads: the clock, the page, the visitor, the active flags and the release. */
interface EnrichSources {
  window: Window;
  document: Document;
  now: () => number;
  identity: Identity;
  user: UserStore;
  flags: Pick<FlagsClient, 'activeContext'>;
  release?: string;
}

/** The two depths of enrichment: the envelope alone (the widget's own reports), or envelope, user and device. */
export interface Enricher {
  /** Id, time, session, anonymous id, page, release, and the flags and variants active now. */
  stamp(input: EventInput): InsightEvent;
  /** `stamp`, then the user (id and public traits) and, for page, error and identify events, the device. */
  enrich(input: EventInput): InsightEvent;
}

/**
 * Makes the enricher over `sources`. Each step adds to the one new object `stamp` makes, rather than spreading it
 * into another: this runs on every event, and every copy is garbage the next moment.
 */
export function createEnricher(sources: EnrichSources): Enricher {
  const { identity, user, now, release } = sources;
  const page = pageReader(sources.window, sources.document);
  const stamp = (input: EventInput): InsightEvent => {
    const event: InsightEvent = {
      ...input,
      id: uuidv7(now()),
      ts: input.ts ?? now(),
      sessionId: identity.touch(),
      anonymousId: identity.anonymousId,
      page: input.page ?? page(),
    };
    const context = release ? { release, ...input.context } : input.context;
    if (context) event.context = context;
    addActiveFlags(event, sources.flags.activeContext());
    return event;
  };
  return {
    stamp,
    enrich(input) {
      const event = stamp(input);
      const userId = event.userId ?? user.userId();
      const traits = event.type === 'identify' ? undefined : user.publicTraits();
      const device = WITH_DEVICE.has(event.type) ? deviceContext(sources.window) : undefined;
      if (userId) event.userId = userId;
      if (traits || device)
        event.context = { ...event.context, ...(traits && { user: traits }), ...(device && { device }) };
      return event;
    },
  };
}

/** Every event carries the flags and variants active when it happened, and a tag when staff overrides shaped them. */
function addActiveFlags(event: InsightEvent, active: ReturnType<EnrichSources['flags']['activeContext']>): void {
  if (!active) return;
  const { overridden, ...flagContext } = active;
  event.context = { ...flagContext, ...(overridden ? { overridden } : {}), ...event.context };
  if (overridden && !event.tags?.includes('overridden')) event.tags = [...(event.tags ?? []), 'overridden'];
}
