import { sanitizeReplayEvent } from '../../../shared/replay-sanitize.ts';
import { groupByRecording, joinRecording } from './reassemble.ts';
import type { ReplayChunk } from './reassemble.ts';
import { decodeSegment } from './decode.ts';

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

/** Reassembles every recording of a session from its stored chunks: ordered, joined, decoded. */
export function buildSessionReplay(
  sessionId: string,
  chunks: readonly ReplayChunk[],
  decode = decodeSegment,
): SessionReplay {
  const recordings = groupByRecording(chunks).map((group): Recording => {
    const joined = joinRecording(group);
    const events: unknown[] = [];
    const problems: string[] = [];
    let skippedEvents = 0;
    let needSnapshot = false;
    for (const segment of joined.segments) {
      let decoded: unknown[];
      try {
        decoded = decode(segment);
      } catch (error) {
        problems.push(`segment from seq ${segment.firstSeq}: ${(error as Error).message}`);
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
