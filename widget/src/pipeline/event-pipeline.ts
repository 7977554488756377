import type { InsightEvent } from '../../../shared/protocol.ts';
import { eventProblem, problemText } from '../../../shared/wire.ts';
import type { Props } from '../../../shared/wire.ts';
import type { Logger } from '../debug-log.ts';
import type { Enricher } from './enrich-event.ts';
import type { EventInput } from './event-input.ts';

/** The steps of the pipeline, in the order an event goes through them. */
export interface PipelineSteps {
  /** False while nothing may be captured (stopped, or the visitor opted out). */
  capturing(): boolean;
  /** Tags for a `track` call that breaks the tracking plan. */
  planTags(name: string, props: Props | undefined): string[] | undefined;
  enricher: Enricher;
  scrub(event: InsightEvent): InsightEvent;
  /** The app's last look at each event (`capture.beforeSend`): return it, edited or not, or a falsy value to drop. */
  beforeSend?: (event: InsightEvent) => InsightEvent | null | undefined | false;
  /**
   * Where a finished event goes, with its JSON: the outbox (which sheds analytics under backpressure, and counts what
   * it sheds).
   */
  deliver(event: InsightEvent, json: string | undefined): void;
  log: Logger;
}

/** The one way into the outbox, and what the pipeline tells about each event that went in. */
export interface EventPipeline {
  /** Plan check, enrichment (ids, time, session, page, flags, release, user, device), scrubbing, `beforeSend`, outbox. */
  capture(input: EventInput): void;
  /** Calls `listener` with every event that reached the outbox from now on. */
  onCapture(listener: (event: InsightEvent) => void): () => void;
}

/**
 * Makes the event pipeline. Collectors and API methods produce events; every one goes through the same steps in
 * one direction, and nothing comes back: each step takes the event the previous one made.
 */
export function createEventPipeline(steps: PipelineSteps): EventPipeline {
  const listeners = new Set<(event: InsightEvent) => void>();
  const runBeforeSend = (event: InsightEvent): InsightEvent | undefined => {
    if (!steps.beforeSend) return event;
    try {
      return steps.beforeSend(event) || undefined;
    } catch (error) {
      steps.log.warn('beforeSend threw; the event is sent as it was', error);
      return event;
    }
  };
  return {
    capture(input) {
      if (!steps.capturing()) return;
      // Props are the page's: copying a cycle overflows the stack, a getter may throw, and `beforeSend` may return
      // either. Such an event is dropped; the error must not reach the page's `track()` call, timer or observer.
      try {
        const tags = input.type === 'track' ? steps.planTags(input.name, input.props) : undefined;
        const enriched = steps.enricher.enrich(tags ? { ...input, tags: [...(input.tags ?? []), ...tags] } : input);
        const event = runBeforeSend(steps.scrub(enriched));
        if (!event) return;
        let json: string | undefined;
        const problem = eventProblem(event, (made) => {
          json = made;
        });
        if (problem)
          return steps.log.warn(`dropped ${event.type} event "${event.name ?? ''}": ${problemText(problem)}`);
        steps.deliver(event, json);
        // A Set iterates live: a listener added by one of these calls gets this event too (start-feedback.ts relies on
        // it to hand the event that made the feedback chunk needed to the chunk).
        for (const listener of listeners) listener(event);
      } catch (error) {
        steps.log.warn('dropped an event whose props are not JSON (or a capture listener failed on it)', error);
      }
    },
    onCapture(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
