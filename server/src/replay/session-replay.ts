import { groupByRecording, joinRecording } from './reassemble.ts';
import type { ReplayChunk } from './reassemble.ts';
import { decodeSegment } from './decode.ts';

/** One page load's recording, reassembled. */
export interface Recording {
  replayId: string;
  /** rrweb events in recorded order; each run starts with a full snapshot. */
  events: unknown[];
  startedAt?: number;
  endedAt?: number;
  chunks: number;
  missingSeqs: number[];
  pendingChunks: number;
  /** Segments that could not be decoded, and why. */
  problems: string[];
}

/** A session's replay: its recordings, oldest first. */
export interface SessionReplay {
  sessionId: string;
  recordings: Recording[];
}

/** Reassembles every recording of a session from its stored chunks: ordered, joined, decoded. */
export function buildSessionReplay(sessionId: string, chunks: readonly ReplayChunk[], decode = decodeSegment): SessionReplay {
  const recordings = groupByRecording(chunks).map((group): Recording => {
    const joined = joinRecording(group);
    const events: unknown[] = [];
    const problems: string[] = [];
    for (const segment of joined.segments) {
      try {
        events.push(...decode(segment));
      } catch (error) {
        problems.push(`segment from seq ${segment.firstSeq}: ${(error as Error).message}`);
      }
    }
    const times = events.map((event) => (event as { timestamp?: unknown }).timestamp).filter((time): time is number => typeof time === 'number');
    return {
      replayId: joined.replayId,
      events,
      // reduce, not Math.min(...times): a long recording has more events than a call may take arguments.
      startedAt: times.length ? times.reduce((a, b) => Math.min(a, b)) : undefined,
      endedAt: times.length ? times.reduce((a, b) => Math.max(a, b)) : undefined,
      chunks: group.length,
      missingSeqs: joined.missingSeqs,
      pendingChunks: joined.pendingChunks,
      problems,
    };
  });
  return { sessionId, recordings };
}
