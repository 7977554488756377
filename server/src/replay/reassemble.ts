import type { ReplayChunkProps } from '../../../shared/protocol.ts';

/** One stored replay chunk: its place in a recording and its (possibly partial) encoded data. */
export interface ReplayChunk extends Pick<ReplayChunkProps, 'replayId' | 'seq' | 'final' | 'encoding'> {
  data: string;
  /** Server-corrected time the chunk was captured, to order recordings. */
  ts: number;
}

/** A segment's parts joined back together, ready to decode. */
export interface JoinedSegment {
  encoding: ReplayChunk['encoding'];
  data: string;
  firstSeq: number;
}

/** What joining a recording's chunks gave: whole segments, and what could not be used. */
export interface JoinedRecording {
  replayId: string;
  segments: JoinedSegment[];
  /** Sequence numbers never received (their segments are left out: a segment plays only whole). */
  missingSeqs: number[];
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
  const start = (group: readonly ReplayChunk[]) => group.reduce((earliest, chunk) => Math.min(earliest, chunk.ts), Infinity);
  return [...groups.values()].sort((a, b) => start(a) - start(b) || (a[0]!.replayId < b[0]!.replayId ? -1 : 1));
}

/**
 * Joins one recording's chunks into segments by sequence number, whatever order they arrived in and however
 * often a chunk was sent. A gap in the sequence spoils only the segment it falls in: the parts up to that
 * segment's `final` chunk are skipped and counted, and the following segments (each starting with its own data)
 * are kept.
 */
export function joinRecording(chunks: readonly ReplayChunk[]): JoinedRecording {
  const bySeq = new Map<number, ReplayChunk>();
  for (const chunk of chunks) if (!bySeq.has(chunk.seq)) bySeq.set(chunk.seq, chunk);
  const lastSeq = [...bySeq.keys()].reduce((last, seq) => Math.max(last, seq), -1);
  const segments: JoinedSegment[] = [];
  const missingSeqs: number[] = [];
  let parts: ReplayChunk[] = [];
  let broken = false;
  for (let seq = 0; seq <= lastSeq; seq++) {
    const chunk = bySeq.get(seq);
    if (!chunk) {
      missingSeqs.push(seq);
      broken = true;
      parts = [];
      continue;
    }
    parts.push(chunk);
    if (!chunk.final) continue;
    const first = parts[0]!;
    // A segment is one encoding end to end; parts of mixed encodings can only come from a broken segment.
    if (!broken && parts.every((part) => part.encoding === first.encoding)) {
      segments.push({ encoding: first.encoding, data: parts.map((part) => part.data).join(''), firstSeq: first.seq });
    }
    parts = [];
    broken = false;
  }
  return { replayId: chunks[0]?.replayId ?? '', segments, missingSeqs, pendingChunks: parts.length };
}
