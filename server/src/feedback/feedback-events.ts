import type { InsightEvent, Page } from '../../../shared/protocol.ts';
import { uuidv7 } from '../../../shared/uuid.ts';
import { requireRecentTime } from '../event-time.ts';
import { QUERY_TIME_MAX } from '../query-params.ts';
import type { StoredEvent } from '../storage/types.ts';

/** Who sent something, as optional fields of a direct submission. */
interface Sender {
  id?: string;
  ts?: number;
  userId?: string;
  anonymousId?: string;
  sessionId?: string;
  page?: Page;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Turns a direct submission (`POST /feedback/nps`, `POST /feedback`) into the same event the widget's outbox
 * would have sent, so reads need to look in one place. Ids the caller did not give are made here; a sender id
 * that is not a UUID (a CRM user id, say) moves to `userId`.
 */
export function submissionEvent(
  type: 'nps' | 'feedback',
  sender: Sender,
  props: InsightEvent['props'],
  now: number,
): StoredEvent {
  const anonymous = sender.anonymousId && UUID.test(sender.anonymousId) ? sender.anonymousId : undefined;
  const session = sender.sessionId && UUID.test(sender.sessionId) ? sender.sessionId : undefined;
  requireRecentTime(sender.ts, now);
  const ts = sender.ts ?? now;
  return {
    id: sender.id ?? uuidv7(now),
    type,
    ts,
    correctedTs: ts,
    receivedAt: now,
    sessionId: session ?? uuidv7(now),
    anonymousId: anonymous ?? uuidv7(now),
    ...(sender.userId ? { userId: sender.userId } : {}),
    ...(sender.page ? { page: sender.page } : {}),
    props,
  };
}

/** An NPS answer read back from an event (widget or direct), or undefined when the event carries no valid score. */
export function npsAnswer(
  event: StoredEvent,
):
  | { id: string; surveyId: string; score: number; comment?: string; ts: number; userId?: string; path?: string }
  | undefined {
  const props = event.props ?? {};
  const score = props.score;
  if (typeof score !== 'number' || !Number.isInteger(score) || score < 0 || score > 10) return undefined;
  // Answers stored before times were bounded may carry any number; one the calendar cannot print is left out.
  if (!(event.correctedTs >= 0 && event.correctedTs <= QUERY_TIME_MAX)) return undefined;
  return {
    id: event.id,
    surveyId: typeof props.surveyId === 'string' ? props.surveyId : 'nps',
    score,
    ...(typeof props.comment === 'string' && props.comment ? { comment: props.comment } : {}),
    ts: event.correctedTs,
    ...(event.userId ? { userId: event.userId } : {}),
    ...(event.page?.path ? { path: event.page.path } : {}),
  };
}
