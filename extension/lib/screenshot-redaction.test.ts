import { describe, expect, it } from 'vitest';
import { dragToBox } from './screenshot-redaction.ts';

const image = { width: 1000, height: 500 };

describe('dragToBox', () => {
  it.each([
    ['top-left to bottom-right', { x: 10, y: 10 }, { x: 60, y: 40 }, 1, { x: 10, y: 10, width: 50, height: 30 }],
    ['bottom-right to top-left', { x: 60, y: 40 }, { x: 10, y: 10 }, 1, { x: 10, y: 10, width: 50, height: 30 }],
    ['scaled by a shrunk canvas', { x: 10, y: 10 }, { x: 60, y: 40 }, 2, { x: 20, y: 20, width: 100, height: 60 }],
    ['clamped to the image', { x: -20, y: 490 }, { x: 40, y: 600 }, 1, { x: 0, y: 490, width: 40, height: 10 }],
    ['a click is no box', { x: 10, y: 10 }, { x: 11, y: 12 }, 1, undefined],
  ])('%s', (_name, start, end, scale, box) => {
    expect(dragToBox(start, end, scale, image)).toEqual(box);
  });
});
