import { HttpError } from './http-errors.ts';

/** How far from the server's clock a stored event time may be: older than this, or later than the future margin, is out. */
const EVENT_TIME_WINDOW = {
  /** An outbox may hold events through weeks offline; beyond the default retention (90 days) they would be purged anyway. */
  maxAgeMs: 90 * 86_400_000,
  /** A skew-corrected time is never after the server received it; a few minutes allow for clock steps mid-batch. */
  maxFutureMs: 5 * 60_000,
} as const;

/** The tag an event gets when its time was out of the window and the server's receive time was used instead. */
export const CLOCK_CLAMPED_TAG = 'clock-clamped';

/** Whether a time lies in the window around `now`. */
function withinWindow(time: number, now: number): boolean {
  return time >= now - EVENT_TIME_WINDOW.maxAgeMs && time <= now + EVENT_TIME_WINDOW.maxFutureMs;
}

/**
 * The time a batched event is stored under: its client time shifted by the batch's clock skew, or, when that
 * lands out of the window, the time the server received it, with `clamped` set so the event is tagged. A batch is
 * clamped rather than refused because one event from a broken clock would otherwise cost every good event with it.
 */
export function placeEventTime(
  ts: number,
  skew: number,
  receivedAt: number,
): { correctedTs: number; clamped: boolean } {
  const correctedTs = ts + skew;
  return withinWindow(correctedTs, receivedAt)
    ? { correctedTs, clamped: false }
    : { correctedTs: receivedAt, clamped: true };
}

/** Refuses with 400 a directly submitted time (one answer, so its sender can fix it) that lies out of the window. */
export function requireRecentTime(ts: number | undefined, now: number, name = 'ts'): void {
  if (ts === undefined || withinWindow(ts, now)) return;
  const days = EVENT_TIME_WINDOW.maxAgeMs / 86_400_000;
  throw new HttpError(
    400,
    `${name} must be within the last ${days} days and at most ${EVENT_TIME_WINDOW.maxFutureMs / 60_000} minutes ahead of the server's clock`,
  );
}
