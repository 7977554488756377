import { describe, expect, it } from 'vitest';
import { createSegmentJoiner, MAX_LISTED_MISSING_SEQS } from './reassemble.ts';
import type { JoinedSegment, ReplayChunk } from './reassemble.ts';

const A = '0193a1b2-c3d4-7e5f-8a9b-00000000000a';

/**
 * Chunks from a compact spec: `seq.part data` with `!` on a segment's final part, e.g. `0.0a 1.1b!` is one
 * segment of two parts.
 */
const chunks = (spec: string): ReplayChunk[] =>
  spec
    .split(' ')
    .filter(Boolean)
    .map((token) => {
      const [, seq, part, data, final] = /^(\d+)\.(\d+)([a-z]*)(!?)$/.exec(token)!;
      return { replayId: A, seq: Number(seq), part: Number(part), data: data!, final: final === '!', encoding: 'none' };
    });

/** Joins chunks as storage gives them, in order of sequence number (earliest stored copy first), from `firstSeq`. */
function joinAll(list: readonly ReplayChunk[], firstSeq = 0) {
  const joiner = createSegmentJoiner(firstSeq);
  const segments: JoinedSegment[] = [];
  for (const chunk of [...list].sort((a, b) => a.seq - b.seq)) {
    const segment = joiner.add(chunk);
    if (segment) segments.push(segment);
  }
  return { segments, resumeSeq: joiner.resumeSeq, ...joiner.gaps() };
}

describe('createSegmentJoiner', () => {
  it.each([
    { name: 'one part', spec: '0.0a!', segments: ['a'], afterGap: [false], missing: [], pending: 0 },
    { name: 'parts in order', spec: '0.0a 1.1b 2.2c!', segments: ['abc'], afterGap: [false], missing: [], pending: 0 },
    {
      name: 'parts out of order',
      spec: '2.2c! 0.0a 1.1b',
      segments: ['abc'],
      afterGap: [false],
      missing: [],
      pending: 0,
    },
    {
      name: 'two segments',
      spec: '0.0a 1.1b! 2.0c 3.1d!',
      segments: ['ab', 'cd'],
      afterGap: [false, false],
      missing: [],
      pending: 0,
    },
    {
      name: 'a part sent twice',
      spec: '0.0a 1.1b 1.1b 2.2c!',
      segments: ['abc'],
      afterGap: [false],
      missing: [],
      pending: 0,
    },
    {
      name: 'a lost middle part spoils its segment only',
      spec: '0.0a 2.2c! 3.0d! 4.0e!',
      segments: ['d', 'e'],
      afterGap: [true, false],
      missing: [1],
      pending: 0,
    },
    {
      name: 'a lost final part',
      spec: '0.0a! 1.0b 3.0d! 4.0e!',
      segments: ['a', 'd', 'e'],
      afterGap: [false, true, false],
      missing: [2],
      pending: 0,
    },
    {
      name: 'a lost whole segment',
      spec: '0.0a! 2.0c!',
      segments: ['a', 'c'],
      afterGap: [false, true],
      missing: [1],
      pending: 0,
    },
    {
      name: 'a recording whose start is missing',
      spec: '2.0c!',
      segments: ['c'],
      afterGap: [true],
      missing: [0, 1],
      pending: 0,
    },
    {
      name: 'a segment still uploading',
      spec: '0.0a! 1.0b 2.1c',
      segments: ['a'],
      afterGap: [false],
      missing: [],
      pending: 2,
    },
    { name: 'nothing', spec: '', segments: [], afterGap: [], missing: [], pending: 0 },
  ])('$name', ({ spec, segments, afterGap, missing, pending }) => {
    const joined = joinAll(chunks(spec));
    expect(joined.segments.map((segment) => segment.data)).toEqual(segments);
    expect(joined.segments.map((segment) => segment.afterGap)).toEqual(afterGap);
    expect(joined.missingSeqs).toEqual(missing);
    expect(joined.pendingChunks).toBe(pending);
  });

  it('works in the chunks stored, not in the highest sequence number a sender chose', () => {
    const far: ReplayChunk = { replayId: A, seq: 50_000_000, part: 0, final: true, data: 'z', encoding: 'none' };
    const joined = joinAll([...chunks('0.0a!'), far]);
    expect(joined.segments.map((segment) => [segment.data, segment.afterGap])).toEqual([
      ['a', false],
      ['z', true],
    ]);
    expect(joined.missingCount).toBe(50_000_000 - 1);
    expect(joined.missingSeqs).toHaveLength(MAX_LISTED_MISSING_SEQS);
    expect(joined.missingSeqs.slice(0, 2)).toEqual([1, 2]);
  });

  it('refuses a segment whose parts disagree on encoding', () => {
    const [first, second] = chunks('0.0a 1.1b!');
    expect(joinAll([first!, { ...second!, encoding: 'gzip' }]).segments).toEqual([]);
  });

  it.each([
    { name: 'a segment in progress', spec: '0.0a! 1.0b 2.1c', resumeSeq: 1 },
    { name: 'whole segments', spec: '0.0a! 1.0b 2.1c!', resumeSeq: 3 },
    { name: 'a part whose segment start was lost', spec: '0.0a! 2.1c', resumeSeq: 3 },
  ])('says where to read again to get $name whole', ({ spec, resumeSeq }) => {
    expect(joinAll(chunks(spec)).resumeSeq).toBe(resumeSeq);
  });

  it('read from the middle of a recording, counts nothing before that as missing', () => {
    const joined = joinAll(chunks('4.0d 5.1e! 6.0f!'), 4);
    expect(joined.segments.map((segment) => [segment.data, segment.firstSeq, segment.afterGap])).toEqual([
      ['de', 4, false],
      ['f', 6, false],
    ]);
    expect(joined.missingCount).toBe(0);
  });
});
