import type { ReplayChunkProps } from '../../../shared/protocol.ts';

/** One stored replay chunk: its place in a recording and its (possibly partial) encoded data. */
export interface ReplayChunk extends Pick<ReplayChunkProps, 'replayId' | 'seq' | 'part' | 'final' | 'encoding'> {
  data: string;
}

/** A segment's parts joined back together, ready to decode. */
export interface JoinedSegment {
  encoding: ReplayChunk['encoding'];
  data: string;
  firstSeq: number;
  /** Something before this segment is missing, so its events may change a page the player never saw. */
  afterGap: boolean;
}

/** What joining a recording's chunks could not use. */
interface JoinGaps {
  /** Sequence numbers never received (their segments are left out: a segment plays only whole). */
  missingSeqs: number[];
  /** How many sequence numbers are missing in all (the list stops at `MAX_LISTED_MISSING_SEQS`). */
  missingCount: number;
  /** Chunks after the last `final` part: a segment still being uploaded. */
  pendingChunks: number;
}

/** Most missing sequence numbers a recording lists; `missingCount` says how many there were in all. */
export const MAX_LISTED_MISSING_SEQS = 1000;

/** Joins a recording's chunks, fed in order of sequence number, into segments one at a time. */
export interface SegmentJoiner {
  /** Takes the next chunk (a copy of one already taken is ignored) and gives back the segment it completes, if any. */
  add(chunk: ReplayChunk): JoinedSegment | undefined;
  /** Where reading must start again to get the segment in progress whole: its first part, or the next number. */
  readonly resumeSeq: number;
  /** What is missing so far, and the parts of the segment in progress. */
  gaps(): JoinGaps;
}

/**
 * Joins chunks into segments as they come, in order of sequence number, from `firstSeq` on (a recording read from
 * its middle counts nothing before that as missing). A segment is whole when its parts 0…final arrived with
 * consecutive sequence numbers; a gap spoils only the segment it falls in, and the next whole segment is marked
 * `afterGap`. The work is linear in the chunks fed, never in the highest sequence number, which the sender chooses.
 */
export function createSegmentJoiner(firstSeq = 0): SegmentJoiner {
  const missingSeqs: number[] = [];
  let missingCount = 0;
  let parts: ReplayChunk[] = [];
  let lost = false;
  let expected = firstSeq;
  return {
    add(chunk) {
      if (chunk.seq < expected) return undefined;
      if (chunk.seq > expected) {
        missingCount += chunk.seq - expected;
        for (let seq = expected; seq < chunk.seq && missingSeqs.length < MAX_LISTED_MISSING_SEQS; seq++)
          missingSeqs.push(seq);
        lost = true;
        parts = [];
      }
      expected = chunk.seq + 1;
      // A first part starts a segment (whatever was in progress is incomplete); any other part must follow its
      // predecessor in the same segment, else it belongs to a segment whose start was lost.
      if (chunk.part === 0) {
        if (parts.length) lost = true;
        parts = [chunk];
      } else if (parts.length && chunk.part === parts.at(-1)!.part + 1 && chunk.encoding === parts[0]!.encoding) {
        parts.push(chunk);
      } else {
        lost = true;
        parts = [];
        return undefined;
      }
      if (!chunk.final) return undefined;
      const segment = {
        encoding: parts[0]!.encoding,
        data: parts.map((part) => part.data).join(''),
        firstSeq: parts[0]!.seq,
        afterGap: lost,
      };
      lost = false;
      parts = [];
      return segment;
    },
    get resumeSeq() {
      return parts[0]?.seq ?? expected;
    },
    gaps: () => ({ missingSeqs, missingCount, pendingChunks: parts.length }),
  };
}
