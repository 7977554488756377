import type { CapturedEvent } from '../../../shared/events.ts';
import type { InsightEvent } from '../../../shared/protocol.ts';

/**
 * An event as a collector or an API method hands it to the pipeline: one member of the typed union, plus what the
 * caller may already know of the envelope. The pipeline adds the rest (ids, time, session, page, flags, user).
 */
export type EventInput = CapturedEvent & Partial<Pick<InsightEvent, 'ts' | 'userId' | 'page' | 'context' | 'tags'>>;
