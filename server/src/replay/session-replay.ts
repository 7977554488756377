import { setImmediate } from 'node:timers/promises';
import { decodeSegment } from './decode.ts';
import { createRecordingAssembly } from './recording-assembly.ts';
import type { RecordingAssembly } from './recording-assembly.ts';
import { createSegmentJoiner } from './reassemble.ts';
import type { SegmentJoiner } from './reassemble.ts';
import { encodeReplayCursor } from './replay-cursor.ts';
import type { ReplayPosition } from './replay-cursor.ts';
import type { ReplayChunkSource } from './replay-repository.ts';

/** One page load's recording, reassembled (as far as this answer goes). */
interface Recording {
  replayId: string;
  /** rrweb events in recorded order; each run starts with a full snapshot. */
  events: unknown[];
  startedAt?: number;
  endedAt?: number;
  /** Chunks the recording has stored, whether this answer reached them or not. */
  chunks: number;
  missingSeqs: number[];
  missingCount: number;
  pendingChunks: number;
  /** Segments that could not be decoded or were left out, and why. */
  problems: string[];
  /** Events left out after a gap until the next full snapshot, since they would change a page never shown. */
  skippedEvents: number;
}

/** A session's replay: its recordings in order, as far as one answer goes. */
export interface SessionReplay {
  sessionId: string;
  recordings: Recording[];
  /** The answer stopped at its limits: pass this back as `cursor` for the rest. */
  nextCursor?: string;
}

/**
 * What one answer reads and holds at most, however many chunks the session stored; the rest is left for the next
 * answer (`nextCursor`). Decoded JSON costs up to twenty times its size in memory once parsed (`[{},{},…]`), so 32 MiB
 * keeps an answer within a few hundred MB; it is some sixty of the widget's segments (at most 512 KB each). The
 * stored characters and chunks bound the reading itself: chunks that decode to little or nothing, or copies.
 */
export const REPLAY_ANSWER_LIMITS: AnswerLimits = {
  decodedChars: 32 * 1024 * 1024,
  storedChars: 64 * 1024 * 1024,
  chunks: 10_000,
};

/** The most an answer decodes (JSON characters), reads (characters of stored chunk data) and reads (chunks). */
interface AnswerLimits {
  decodedChars: number;
  storedChars: number;
  chunks: number;
}

/** Chunks read at a time: at most 32 × 64 KiB of stored events, so no read or parse holds the event loop long. */
const PAGE_CHUNKS = 32;

/** How an answer is read: its limits, and how a segment is decoded. */
interface ReadOptions {
  limits?: AnswerLimits;
  decode?: typeof decodeSegment;
}

/** What an answer has used of its limits so far, and the limits. */
interface Budget {
  used: AnswerLimits;
  limits: AnswerLimits;
  decode: typeof decodeSegment;
}

/**
 * Reassembles a session's recordings from `source`, from `start` (a cursor's place) or the beginning: in order of
 * recording id (a UUIDv7, so by when the page load started), each ordered and joined by sequence number and decoded.
 * Chunks are read a page at a time, and reading stops at `REPLAY_ANSWER_LIMITS`, naming where in `problems` and
 * giving `nextCursor`; the event loop is yielded to between pages and segments.
 */
export async function readSessionReplay(
  sessionId: string,
  source: ReplayChunkSource,
  start?: ReplayPosition,
  { limits = REPLAY_ANSWER_LIMITS, decode = decodeSegment }: ReadOptions = {},
): Promise<SessionReplay> {
  const budget: Budget = { used: { decodedChars: 0, storedChars: 0, chunks: 0 }, limits, decode };
  const recordings: Recording[] = [];
  const first = start ?? { replayId: (await source.nextRecording('')) ?? '', seq: 0 };
  let at: ReplayPosition | undefined = first.replayId ? first : undefined;
  while (at) {
    const read = await readRecording(source, at, first, budget);
    if (read.recording) recordings.push(read.recording);
    if (read.resume) return { sessionId, recordings, nextCursor: encodeReplayCursor(read.resume) };
    const next = await source.nextRecording(at.replayId);
    at = next ? { replayId: next, seq: 0 } : undefined;
  }
  return { sessionId, recordings };
}

/** One recording from `at` on, until its end or the answer's limits (`resume` then says where to go on). */
async function readRecording(
  source: ReplayChunkSource,
  at: ReplayPosition,
  first: ReplayPosition,
  { used, limits, decode }: Budget,
): Promise<{ recording?: Recording; resume?: ReplayPosition }> {
  const joiner = createSegmentJoiner(at.seq);
  const assembly = createRecordingAssembly(at.seq > 0, decode);
  let from = { seq: at.seq, after: false };
  let lastSeq = at.seq - 1;
  let chunksRead = 0;
  const stop = async (cutSeq: number, reason: string) => {
    const resume = resumePlace(at.replayId, first, [assembly.snapshotSeq, cutSeq, lastSeq + 1]);
    assembly.problems.push(
      `from seq ${cutSeq} on: left out, this answer holds its limit of ${reason}; nextCursor goes on from seq ${resume.seq}`,
    );
    return {
      recording: chunksRead ? await recordingOf(source, at.replayId, joiner, assembly, true) : undefined,
      resume,
    };
  };
  for (;;) {
    const page = await source.chunkPage(at.replayId, from, PAGE_CHUNKS);
    await setImmediate();
    for (const { seq, chunk } of page) {
      const full = fullReason(used, limits);
      if (full) return stop(joiner.resumeSeq, full);
      used.chunks++;
      lastSeq = seq;
      if (!chunk) continue;
      chunksRead++;
      used.storedChars += chunk.data.length;
      const segment = joiner.add(chunk);
      if (!segment) continue;
      const chars = assembly.add(segment, limits.decodedChars - used.decodedChars, used.decodedChars > 0);
      if (chars === undefined) return stop(segment.firstSeq, `${limits.decodedChars} decoded characters`);
      used.decodedChars += chars;
      await setImmediate();
    }
    if (page.length < PAGE_CHUNKS) break;
    from = { seq: lastSeq, after: true };
  }
  return { recording: chunksRead ? await recordingOf(source, at.replayId, joiner, assembly, false) : undefined };
}

/** Which limit of the answer is used up, if any. */
function fullReason(used: AnswerLimits, limits: AnswerLimits): string | undefined {
  if (used.storedChars >= limits.storedChars) return `${limits.storedChars} stored characters read`;
  if (used.chunks >= limits.chunks) return `${limits.chunks} chunks read`;
  return undefined;
}

/**
 * Where the next answer starts: the first of `candidates` (the last full snapshot read, so that playback goes on
 * without a hole; the first segment left out; the chunk after the last one read) that lies after this answer's
 * start, so every answer gets further than the one before.
 */
function resumePlace(replayId: string, first: ReplayPosition, candidates: (number | undefined)[]): ReplayPosition {
  const seq = candidates.find(
    (candidate) => candidate !== undefined && (replayId !== first.replayId || candidate > first.seq),
  );
  return { replayId, seq: seq ?? first.seq + 1 };
}

async function recordingOf(
  source: ReplayChunkSource,
  replayId: string,
  joiner: SegmentJoiner,
  assembly: RecordingAssembly,
  cut: boolean,
): Promise<Recording> {
  const { events, problems, skippedEvents } = assembly;
  const gaps = joiner.gaps();
  const times = events
    .map((event) => (event as { timestamp?: unknown }).timestamp)
    .filter((time): time is number => typeof time === 'number');
  return {
    replayId,
    events,
    // reduce, not Math.min(...times): a long recording has more events than a call may take arguments.
    startedAt: times.length ? times.reduce((a, b) => Math.min(a, b)) : undefined,
    endedAt: times.length ? times.reduce((a, b) => Math.max(a, b)) : undefined,
    chunks: await source.chunkCount(replayId),
    missingSeqs: gaps.missingSeqs,
    missingCount: gaps.missingCount,
    // A recording cut short has its next segment left out, not still uploading.
    pendingChunks: cut ? 0 : gaps.pendingChunks,
    problems,
    skippedEvents,
  };
}
