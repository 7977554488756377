import { sanitizeReplayEvent } from '../../../shared/replay-sanitize.ts';
import { groupByRecording, joinRecording } from './reassemble.ts';
import type { ReplayChunk } from './reassemble.ts';
import { decodeSegment, SEGMENT_MAX_BYTES, SegmentTooLarge } from './decode.ts';

/** One page load's recording, reassembled. */
interface Recording {
  replayId: string;
  /** rrweb events in recorded order; each run starts with a full snapshot. */
  events: unknown[];
  startedAt?: number;
  endedAt?: number;
  chunks: number;
  missingSeqs: number[];
  missingCount: number;
  pendingChunks: number;
  /** Segments that could not be decoded, and why. */
  problems: string[];
  /** Events left out after a gap until the next full snapshot, since they would change a page never shown. */
  skippedEvents: number;
}

/** A session's replay: its recordings, oldest first. */
export interface SessionReplay {
  sessionId: string;
  recordings: Recording[];
}

/**
 * Most decoded JSON one answer holds (characters), whatever the chunks were made to decode to. Parsed, JSON costs
 * up to twenty times its size in memory (`[{},{},…]`), so this keeps an answer within a few hundred MB; it is some
 * sixty of the widget's segments (at most 512 KB each), and segments past it are named in `problems`.
 */
export const REPLAY_ANSWER_MAX_BYTES = 32 * 1024 * 1024;

/** Reassembles every recording of a session from its stored chunks: ordered, joined, decoded. */
export function buildSessionReplay(
  sessionId: string,
  chunks: readonly ReplayChunk[],
  decode = decodeSegment,
): SessionReplay {
  let held = 0;
  const recordings = groupByRecording(chunks).map((group): Recording => {
    const joined = joinRecording(group);
    const events: unknown[] = [];
    const problems: string[] = [];
    let skippedEvents = 0;
    let needSnapshot = false;
    for (const segment of joined.segments) {
      const room = REPLAY_ANSWER_MAX_BYTES - held;
      let decoded: unknown[];
      try {
        const { events: segmentEvents, chars } = decode(segment, Math.min(SEGMENT_MAX_BYTES, Math.max(1, room)));
        decoded = segmentEvents;
        held += chars;
      } catch (error) {
        const full = error instanceof SegmentTooLarge && room < SEGMENT_MAX_BYTES;
        const reason = full
          ? `left out: this answer already holds ${held} of its ${REPLAY_ANSWER_MAX_BYTES} characters of recording`
          : (error as Error).message;
        problems.push(`segment from seq ${segment.firstSeq}: ${reason}`);
        needSnapshot = true;
        continue;
      }
      needSnapshot ||= segment.afterGap;
      const playable = needSnapshot ? fromFullSnapshot(decoded) : decoded;
      skippedEvents += decoded.length - playable.length;
      if (playable.length) needSnapshot = false;
      // A loop, not push(...playable): a segment can hold more events than a call may take arguments. Every
      // event is made inert here, so no reader of the API gets recorded handlers or script URLs back.
      for (const event of playable) events.push(sanitizeReplayEvent(event));
    }
    const times = events
      .map((event) => (event as { timestamp?: unknown }).timestamp)
      .filter((time): time is number => typeof time === 'number');
    return {
      replayId: joined.replayId,
      events,
      // reduce, not Math.min(...times): a long recording has more events than a call may take arguments.
      startedAt: times.length ? times.reduce((a, b) => Math.min(a, b)) : undefined,
      endedAt: times.length ? times.reduce((a, b) => Math.max(a, b)) : undefined,
      chunks: group.length,
      missingSeqs: joined.missingSeqs,
      missingCount: joined.missingCount,
      pendingChunks: joined.pendingChunks,
      problems,
      skippedEvents,
    };
  });
  return { sessionId, recordings };
}

/** rrweb's event types that start a playable run: Meta (viewport, URL) then FullSnapshot (the whole DOM). */
const META = 4;
const FULL_SNAPSHOT = 2;

/** The events from the first full snapshot on (with the Meta event just before it), or none if there is none. */
export function fromFullSnapshot(events: readonly unknown[]): unknown[] {
  const typeOf = (event: unknown) => (event as { type?: unknown } | null)?.type;
  const snapshot = events.findIndex((event) => typeOf(event) === FULL_SNAPSHOT);
  if (snapshot < 0) return [];
  return events.slice(snapshot > 0 && typeOf(events[snapshot - 1]) === META ? snapshot - 1 : snapshot);
}
