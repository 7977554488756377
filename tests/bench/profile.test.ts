import { describe, expect, it } from 'vitest';
import { hotFunctions, selfTimeMs } from './profile.ts';

const profile = {
  nodes: [
    { id: 1, callFrame: { url: '' } },
    { id: 2, callFrame: { url: 'http://127.0.0.1:1/demo/app.js' } },
    { id: 3, callFrame: { url: 'http://127.0.0.1:1/sdk/insights.js' } },
    { id: 4, callFrame: { url: 'http://127.0.0.1:1/sdk/insights/replay.js' } },
  ],
  samples: [2, 3, 3, 4, 1, 3],
  timeDeltas: [0, 1000, 500, 250, 2000, 4000],
};

describe('selfTimeMs', () => {
  it.each([
    ['the SDK and its chunks', (url: string) => url.includes('/sdk/'), 0.5 + 0.25 + 2 + 0],
    ['the CRM app', (url: string) => url.endsWith('/demo/app.js'), 1],
    ['nothing', () => false, 0],
  ])('charges each sample until the next one: %s', (_, matches, expected) => {
    expect(selfTimeMs(profile, matches)).toBeCloseTo(expected, 6);
  });

  it('is zero for an empty profile', () => {
    expect(selfTimeMs({ nodes: [] }, () => true)).toBe(0);
  });
});

describe('hotFunctions', () => {
  it("ranks the matching scripts' functions by self time, named with file, 1-based line and column", () => {
    const named = {
      ...profile,
      nodes: profile.nodes.map((node) => ({
        ...node,
        callFrame: { ...node.callFrame, functionName: node.id === 3 ? 'track' : '', lineNumber: node.id },
      })),
    };
    expect(hotFunctions(named, (url) => url.includes('/sdk/'), 1)).toEqual([
      { name: '(anonymous) (replay.js:5:1)', selfMs: 2 },
    ]);
    expect(hotFunctions(named, (url) => url.includes('/sdk/')).map((hot) => [hot.name, hot.selfMs])).toEqual([
      ['(anonymous) (replay.js:5:1)', 2],
      ['track (insights.js:4:1)', 0.75],
    ]);
  });
});

describe('hotFunctions with a locator', () => {
  it('names a function by the place the locator gives, and by its minified position where it gives none', () => {
    const located = hotFunctions(
      profile,
      (url) => url.includes('/sdk/'),
      5,
      (frame) => (frame.url.endsWith('/insights.js') ? 'widget/src/load-chunk.ts:39' : undefined),
    );
    expect(located.map((hot) => hot.name)).toEqual([
      '(anonymous) (replay.js:1:1)',
      '(anonymous) (widget/src/load-chunk.ts:39)',
    ]);
  });
});
