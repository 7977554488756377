import type { ReplayChunkProps } from '../../../shared/protocol.ts';

/** One stored replay chunk: its place in a recording and its (possibly partial) encoded data. */
export interface ReplayChunk extends Pick<ReplayChunkProps, 'replayId' | 'seq' | 'part' | 'final' | 'encoding'> {
  data: string;
  /** Server-corrected time the chunk was captured, to order recordings. */
  ts: number;
}

/** A segment's parts joined back together, ready to decode. */
export interface JoinedSegment {
  encoding: ReplayChunk['encoding'];
  data: string;
  firstSeq: number;
  /** Something before this segment is missing, so its events may change a page the player never saw. */
  afterGap: boolean;
}

/** What joining a recording's chunks gave: whole segments, and what could not be used. */
export interface JoinedRecording {
  replayId: string;
  segments: JoinedSegment[];
  /** Sequence numbers never received (their segments are left out: a segment plays only whole). */
  missingSeqs: number[];
  /** How many sequence numbers are missing in all (the list stops at `MAX_LISTED_MISSING_SEQS`). */
  missingCount: number;
  /** Chunks after the last `final` part: a segment still being uploaded. */
  pendingChunks: number;
}

/** Groups chunks by recording, ordered by the time each recording started (its earliest chunk). */
export function groupByRecording(chunks: readonly ReplayChunk[]): ReplayChunk[][] {
  const groups = new Map<string, ReplayChunk[]>();
  for (const chunk of chunks) {
    const group = groups.get(chunk.replayId);
    if (group) group.push(chunk);
    else groups.set(chunk.replayId, [chunk]);
  }
  const start = (group: readonly ReplayChunk[]) =>
    group.reduce((earliest, chunk) => Math.min(earliest, chunk.ts), Infinity);
  return [...groups.values()].sort((a, b) => start(a) - start(b) || (a[0]!.replayId < b[0]!.replayId ? -1 : 1));
}

/** Most missing sequence numbers a recording lists; `missingCount` says how many there were in all. */
export const MAX_LISTED_MISSING_SEQS = 1000;

/**
 * Joins one recording's chunks into segments by sequence number, whatever order they arrived in and however
 * often a chunk was sent. A segment is whole when its parts 0…final arrived with consecutive sequence numbers; a
 * gap spoils only the segment it falls in, and the next whole segment is marked `afterGap`. The work is linear in
 * the chunks stored (after sorting them), never in the highest sequence number, which the sender chooses.
 */
export function joinRecording(chunks: readonly ReplayChunk[]): JoinedRecording {
  const bySeq = new Map<number, ReplayChunk>();
  for (const chunk of chunks) if (!bySeq.has(chunk.seq)) bySeq.set(chunk.seq, chunk);
  const ordered = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  const segments: JoinedSegment[] = [];
  const missingSeqs: number[] = [];
  let missingCount = 0;
  let parts: ReplayChunk[] = [];
  let lost = false;
  let expected = 0;
  for (const chunk of ordered) {
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
    } else if (
      parts.length &&
      chunk.part === parts[parts.length - 1]!.part + 1 &&
      chunk.encoding === parts[0]!.encoding
    ) {
      parts.push(chunk);
    } else {
      lost = true;
      parts = [];
      continue;
    }
    if (!chunk.final) continue;
    segments.push({
      encoding: parts[0]!.encoding,
      data: parts.map((part) => part.data).join(''),
      firstSeq: parts[0]!.seq,
      afterGap: lost,
    });
    lost = false;
    parts = [];
  }
  return { replayId: chunks[0]?.replayId ?? '', segments, missingSeqs, missingCount, pendingChunks: parts.length };
}
