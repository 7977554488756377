import { sanitizeReplayEvent } from '../../../shared/replay-sanitize.ts';
import { decodeSegment, SEGMENT_MAX_BYTES, SegmentTooLarge } from './decode.ts';
import type { JoinedSegment } from './reassemble.ts';

/** rrweb's event types that start a playable run: Meta (viewport, URL) then FullSnapshot (the whole DOM). */
const META = 4;
const FULL_SNAPSHOT = 2;

const typeOf = (event: unknown) => (event as { type?: unknown } | null)?.type;

/** The events from the first full snapshot on (with the Meta event just before it), or none if there is none. */
export function fromFullSnapshot(events: readonly unknown[]): unknown[] {
  const snapshot = events.findIndex((event) => typeOf(event) === FULL_SNAPSHOT);
  if (snapshot < 0) return [];
  return events.slice(snapshot > 0 && typeOf(events[snapshot - 1]) === META ? snapshot - 1 : snapshot);
}

/** One recording's playable events as its segments are decoded, within what the answer still has room for. */
export interface RecordingAssembly {
  /** rrweb events in recorded order; each run starts with a full snapshot. */
  readonly events: unknown[];
  /** Segments that could not be decoded, and why. */
  readonly problems: string[];
  /** Events left out after a gap until the next full snapshot, since they would change a page never shown. */
  readonly skippedEvents: number;
  /** The first sequence number of the last segment decoded that holds a full snapshot: playback can start there. */
  readonly snapshotSeq: number | undefined;
  /**
   * Decodes `segment` into the events within `room` characters of JSON and answers how many it took, or
   * `undefined` when it does not fit and `room` is what remains of a partly used answer (the caller stops there).
   */
  add(segment: JoinedSegment, room: number, partlyUsed: boolean): number | undefined;
}

/**
 * Collects a recording's events segment by segment. After a gap (`afterGap`, a segment that cannot be decoded, or
 * `fromMiddle`: reading starts after the recording's start) events are left out until the next full snapshot.
 */
export function createRecordingAssembly(fromMiddle: boolean, decode = decodeSegment): RecordingAssembly {
  const events: unknown[] = [];
  const problems: string[] = [];
  let skippedEvents = 0;
  let snapshotSeq: number | undefined;
  let needSnapshot = fromMiddle;
  return {
    events,
    problems,
    get skippedEvents() {
      return skippedEvents;
    },
    get snapshotSeq() {
      return snapshotSeq;
    },
    add(segment, room, partlyUsed) {
      let decoded: unknown[];
      let chars: number;
      try {
        ({ events: decoded, chars } = decode(segment, Math.min(SEGMENT_MAX_BYTES, Math.max(1, room))));
      } catch (error) {
        if (error instanceof SegmentTooLarge && partlyUsed && room < SEGMENT_MAX_BYTES) return undefined;
        problems.push(`segment from seq ${segment.firstSeq}: ${(error as Error).message}`);
        needSnapshot = true;
        return 0;
      }
      needSnapshot ||= segment.afterGap;
      const playable = needSnapshot ? fromFullSnapshot(decoded) : decoded;
      skippedEvents += decoded.length - playable.length;
      if (playable.length) needSnapshot = false;
      if (playable.some((event) => typeOf(event) === FULL_SNAPSHOT)) snapshotSeq = segment.firstSeq;
      // A loop, not push(...playable): a segment can hold more events than a call may take arguments. Every
      // event is made inert here, so no reader of the API gets recorded handlers or script URLs back.
      for (const event of playable) events.push(sanitizeReplayEvent(event));
      return chars;
    },
  };
}
