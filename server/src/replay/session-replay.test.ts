import { describe, expect, it } from 'vitest';
import { buildSessionReplay, fromFullSnapshot } from './session-replay.ts';
import type { ReplayChunk } from './reassemble.ts';

const ID = '0193a1b2-c3d4-7e5f-8a9b-00000000000a';
const SESSION = '0193a1b2-c3d4-7e5f-8a9b-000000000001';

/** rrweb-like events from a compact spec: `m` Meta (4), `f` FullSnapshot (2), `i` incremental (3). */
const events = (spec: string, from = 0) =>
  [...spec].map((letter, index) => ({ type: { m: 4, f: 2, i: 3 }[letter], timestamp: from + index }));

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

describe('buildSessionReplay', () => {
  const chunk = (seq: number, list: unknown[]): ReplayChunk => ({
    replayId: ID,
    seq,
    part: 0,
    final: true,
    encoding: 'none',
    data: JSON.stringify(list),
    ts: seq,
  });

  it('after a lost chunk, skips to the next full snapshot instead of playing changes to a page never shown', () => {
    const replay = buildSessionReplay(SESSION, [
      chunk(0, events('mfii', 0)),
      chunk(2, events('iimfi', 10)),
      chunk(3, events('ii', 20)),
    ]);
    const [recording] = replay.recordings;
    expect(recording!.events.map((event) => (event as { timestamp: number }).timestamp)).toEqual([
      0, 1, 2, 3, 12, 13, 14, 20, 21,
    ]);
    expect(recording!.skippedEvents).toBe(2);
    expect(recording!.missingSeqs).toEqual([1]);
    expect(recording).toMatchObject({ startedAt: 0, endedAt: 21, chunks: 3 });
  });

  it('names an unreadable segment and plays on from the next full snapshot', () => {
    const broken: ReplayChunk = {
      replayId: ID,
      seq: 1,
      part: 0,
      final: true,
      encoding: 'gzip',
      data: 'bm90IGd6aXA=',
      ts: 1,
    };
    const replay = buildSessionReplay(SESSION, [
      chunk(0, events('mf', 0)),
      broken,
      chunk(2, events('i', 10)),
      chunk(3, events('mfi', 20)),
    ]);
    const [recording] = replay.recordings;
    expect(recording!.problems).toEqual([expect.stringMatching(/^segment from seq 1: /)]);
    expect(recording!.events.map((event) => (event as { timestamp: number }).timestamp)).toEqual([0, 1, 20, 21, 22]);
    expect(recording!.skippedEvents).toBe(1);
  });
});
