import { describe, expect, it } from 'vitest';
import { fromFullSnapshot } from './recording-assembly.ts';
import type { ReplayChunk } from './reassemble.ts';
import { decodeReplayCursor } from './replay-cursor.ts';
import type { ReplayChunkSource } from './replay-repository.ts';
import { readSessionReplay, REPLAY_ANSWER_LIMITS } from './session-replay.ts';

const ID = '0193a1b2-c3d4-7e5f-8a9b-00000000000a';
const LATER = '0193a1b2-c3d4-7e5f-8a9b-00000000000b';
const SESSION = '0193a1b2-c3d4-7e5f-8a9b-000000000001';

/** rrweb-like events from a compact spec: `m` Meta (4), `f` FullSnapshot (2), `i` incremental (3). */
const events = (spec: string, from = 0) =>
  [...spec].map((letter, index) => ({ type: { m: 4, f: 2, i: 3 }[letter], timestamp: from + index }));

const timestamps = (list: unknown[]) => list.map((event) => (event as { timestamp: number }).timestamp);

/** Chunks kept in memory, read back as storage reads them: by recording id, then sequence number. */
function sourceOf(chunks: readonly ReplayChunk[]): ReplayChunkSource {
  const ids = [...new Set(chunks.map((chunk) => chunk.replayId))].sort();
  return {
    nextRecording: async (after) => ids.find((id) => id > after),
    chunkCount: async (replayId) => chunks.filter((chunk) => chunk.replayId === replayId).length,
    chunkPage: async (replayId, from, limit) =>
      chunks
        .filter((chunk) => chunk.replayId === replayId && (from.after ? chunk.seq > from.seq : chunk.seq >= from.seq))
        .sort((a, b) => a.seq - b.seq)
        .slice(0, limit)
        .map((chunk) => ({ seq: chunk.seq, chunk })),
  };
}

/** A whole segment of one part at `seq`, holding `list`. */
const chunk = (seq: number, list: unknown[], replayId = ID): ReplayChunk => ({
  replayId,
  seq,
  part: 0,
  final: true,
  encoding: 'none',
  data: JSON.stringify(list),
});

describe('fromFullSnapshot', () => {
  it.each([
    { spec: 'mfii', kept: 'mfii' },
    { spec: 'iimfi', kept: 'mfi' },
    { spec: 'iifi', kept: 'fi' },
    { spec: 'iii', kept: '' },
    { spec: '', kept: '' },
  ])('$spec plays from $kept', ({ spec, kept }) => {
    const letters = (list: unknown[]) =>
      list.map((event) => ({ 4: 'm', 2: 'f', 3: 'i' })[(event as { type: 2 | 3 | 4 }).type]).join('');
    expect(letters(fromFullSnapshot(events(spec)))).toBe(kept);
  });
});

describe('readSessionReplay', () => {
  it('after a lost chunk, skips to the next full snapshot instead of playing changes to a page never shown', async () => {
    const replay = await readSessionReplay(
      SESSION,
      sourceOf([chunk(0, events('mfii', 0)), chunk(2, events('iimfi', 10)), chunk(3, events('ii', 20))]),
    );
    const [recording] = replay.recordings;
    expect(timestamps(recording!.events)).toEqual([0, 1, 2, 3, 12, 13, 14, 20, 21]);
    expect(recording!.skippedEvents).toBe(2);
    expect(recording!.missingSeqs).toEqual([1]);
    expect(recording).toMatchObject({ startedAt: 0, endedAt: 21, chunks: 3 });
    expect(replay.nextCursor).toBeUndefined();
  });

  it('names an unreadable segment and plays on from the next full snapshot', async () => {
    const broken: ReplayChunk = { replayId: ID, seq: 1, part: 0, final: true, encoding: 'gzip', data: 'bm90IGd6aXA=' };
    const replay = await readSessionReplay(
      SESSION,
      sourceOf([chunk(0, events('mf', 0)), broken, chunk(2, events('i', 10)), chunk(3, events('mfi', 20))]),
    );
    const [recording] = replay.recordings;
    expect(recording!.problems).toEqual([expect.stringMatching(/^segment from seq 1: /)]);
    expect(timestamps(recording!.events)).toEqual([0, 1, 20, 21, 22]);
    expect(recording!.skippedEvents).toBe(1);
  });

  it('stops at its limits and goes on from the last full snapshot, every page getting further', async () => {
    // A recording of 200 segments with a checkout every 10, then another: read 25 chunks at a time.
    const chunks = [
      ...Array.from({ length: 200 }, (_, seq) => chunk(seq, events(seq % 10 ? 'i' : 'mf', seq * 10))),
      chunk(0, events('mfi', 5000), LATER),
    ];
    const limits = { ...REPLAY_ANSWER_LIMITS, chunks: 25 };
    const played: number[] = [];
    let cursor: string | undefined;
    let answers = 0;
    do {
      const replay = await readSessionReplay(
        SESSION,
        sourceOf(chunks),
        cursor ? decodeReplayCursor(cursor) : undefined,
        {
          limits,
        },
      );
      answers++;
      for (const recording of replay.recordings) played.push(...timestamps(recording.events));
      if (replay.nextCursor) {
        const { seq } = decodeReplayCursor(replay.nextCursor);
        expect(seq % 10).toBe(0);
        expect(replay.recordings.at(-1)!.problems.at(-1)).toMatch(
          new RegExp(
            `^from seq \\d+ on: left out, this answer holds its limit of 25 chunks read; nextCursor goes on from seq ${seq}$`,
          ),
        );
      }
      cursor = replay.nextCursor;
    } while (cursor && answers < 50);
    expect(answers).toBeGreaterThan(8);
    expect(answers).toBeLessThan(20);
    // Every event plays, those from a checkout to a page's end twice (the next page starts at that checkout).
    expect(new Set(played)).toEqual(new Set(chunks.flatMap((item) => timestamps(JSON.parse(item.data)))));
  });

  it('a segment decoding past the room left ends the answer there, and the next answer starts with it', async () => {
    const big = (seq: number) =>
      chunk(seq, [...events('mf', seq * 100), { type: 3, timestamp: seq * 100 + 2, text: 'x'.repeat(600) }]);
    const limits = { ...REPLAY_ANSWER_LIMITS, decodedChars: 1000 };
    const source = sourceOf([big(0), big(1), big(2)]);
    const first = await readSessionReplay(SESSION, source, undefined, { limits });
    expect(timestamps(first.recordings[0]!.events)).toEqual([0, 1, 2]);
    const next = decodeReplayCursor(first.nextCursor!);
    expect(next).toEqual({ replayId: ID, seq: 1 });
    const second = await readSessionReplay(SESSION, source, next, { limits });
    expect(timestamps(second.recordings[0]!.events)).toEqual([100, 101, 102]);
    expect(second.recordings[0]!.missingSeqs).toEqual([]);
  });
});
