import { describe, expect, it } from 'vitest';
import { groupByRecording, joinRecording } from './reassemble.ts';
import type { ReplayChunk } from './reassemble.ts';

const A = '0193a1b2-c3d4-7e5f-8a9b-00000000000a';
const B = '0193a1b2-c3d4-7e5f-8a9b-00000000000b';

/** `'0a' 1b 2c!` style: seq, data, and `!` for the final part of a segment. */
const chunks = (spec: string, replayId = A, ts = 0): ReplayChunk[] =>
  spec
    .split(' ')
    .filter(Boolean)
    .map((token, index) => ({ replayId, seq: Number.parseInt(token, 10), data: token.replace(/^\d+|!$/g, ''), final: token.endsWith('!'), encoding: 'none', ts: ts + index }));

describe('joinRecording', () => {
  it.each([
    { name: 'one part', spec: '0a!', segments: ['a'], missing: [], pending: 0 },
    { name: 'parts in order', spec: '0a 1b 2c!', segments: ['abc'], missing: [], pending: 0 },
    { name: 'parts out of order', spec: '2c! 0a 1b', segments: ['abc'], missing: [], pending: 0 },
    { name: 'two segments', spec: '0a 1b! 2c 3d!', segments: ['ab', 'cd'], missing: [], pending: 0 },
    { name: 'a part sent twice', spec: '0a 1b 1b 2c!', segments: ['abc'], missing: [], pending: 0 },
    { name: 'a gap spoils only its segment', spec: '0a 2c! 3d!', segments: ['d'], missing: [1], pending: 0 },
    { name: 'a missing final part', spec: '0a! 1b 3d! 4e!', segments: ['a', 'e'], missing: [2], pending: 0 },
    { name: 'a segment still uploading', spec: '0a! 1b 2c', segments: ['a'], missing: [], pending: 2 },
    { name: 'nothing', spec: '', segments: [], missing: [], pending: 0 },
  ])('$name', ({ spec, segments, missing, pending }) => {
    const joined = joinRecording(chunks(spec));
    expect(joined.segments.map((segment) => segment.data)).toEqual(segments);
    expect(joined.missingSeqs).toEqual(missing);
    expect(joined.pendingChunks).toBe(pending);
  });

  it('refuses a segment whose parts disagree on encoding', () => {
    const [first, second] = chunks('0a 1b!');
    expect(joinRecording([first!, { ...second!, encoding: 'gzip' }]).segments).toEqual([]);
  });
});

describe('groupByRecording', () => {
  it('orders recordings by their earliest chunk, whatever order they arrive in', () => {
    const groups = groupByRecording([...chunks('0x!', B, 500), ...chunks('1b! 0a', A, 100)]);
    expect(groups.map((group) => group[0]!.replayId)).toEqual([A, B]);
    expect(groups[0]).toHaveLength(2);
  });
});
