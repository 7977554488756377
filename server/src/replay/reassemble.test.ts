import { describe, expect, it } from 'vitest';
import { groupByRecording, joinRecording, MAX_LISTED_MISSING_SEQS } from './reassemble.ts';
import type { ReplayChunk } from './reassemble.ts';

const A = '0193a1b2-c3d4-7e5f-8a9b-00000000000a';
const B = '0193a1b2-c3d4-7e5f-8a9b-00000000000b';

/**
 * Chunks from a compact spec: `seq.part data` with `!` on a segment's final part, e.g. `0.0a 1.1b!` is one
 * segment of two parts.
 */
const chunks = (spec: string, replayId = A, ts = 0): ReplayChunk[] =>
  spec
    .split(' ')
    .filter(Boolean)
    .map((token, index) => {
      const [, seq, part, data, final] = /^(\d+)\.(\d+)([a-z]*)(!?)$/.exec(token)!;
      return {
        replayId,
        seq: Number(seq),
        part: Number(part),
        data: data!,
        final: final === '!',
        encoding: 'none',
        ts: ts + index,
      };
    });

describe('joinRecording', () => {
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
    const joined = joinRecording(chunks(spec));
    expect(joined.segments.map((segment) => segment.data)).toEqual(segments);
    expect(joined.segments.map((segment) => segment.afterGap)).toEqual(afterGap);
    expect(joined.missingSeqs).toEqual(missing);
    expect(joined.pendingChunks).toBe(pending);
  });

  it('works in the chunks stored, not in the highest sequence number a sender chose', () => {
    const far: ReplayChunk = { replayId: A, seq: 50_000_000, part: 0, final: true, data: 'z', encoding: 'none', ts: 1 };
    const joined = joinRecording([...chunks('0.0a!'), far]);
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
    expect(joinRecording([first!, { ...second!, encoding: 'gzip' }]).segments).toEqual([]);
  });
});

describe('groupByRecording', () => {
  it('orders recordings by their earliest chunk, whatever order they arrive in', () => {
    const groups = groupByRecording([...chunks('0.0x!', B, 500), ...chunks('1.0b! 0.0a!', A, 100)]);
    expect(groups.map((group) => group[0]!.replayId)).toEqual([A, B]);
    expect(groups[0]).toHaveLength(2);
  });
});
