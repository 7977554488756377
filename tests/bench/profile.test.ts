import { describe, expect, it } from 'vitest';
import { entryFunctions, hotFunctions, selfTimeMs } from './profile.ts';

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
    const inReplay = profile.nodes.map((node) =>
      node.id === 4 ? { ...node, callFrame: { ...node.callFrame, columnNumber: 41 } } : node,
    );
    const located = hotFunctions(
      { ...profile, nodes: inReplay },
      (url) => url.includes('/sdk/'),
      5,
      (frame) => (frame.url.endsWith('/insights.js') ? 'widget/src/load-chunk.ts:39' : undefined),
    );
    expect(located.map((hot) => hot.name)).toEqual([
      '(anonymous) (replay.js:1:42)',
      '(anonymous) (widget/src/load-chunk.ts:39)',
    ]);
  });
});

describe('entryFunctions', () => {
  // (root) → app.js click handler → boot (sdk) → capture (sdk) → JSON (native)
  //        → timer (sdk) → send (sdk chunk)
  const sdk = 'http://127.0.0.1:1/sdk/insights.js';
  const tree = {
    nodes: [
      { id: 1, callFrame: { url: '' }, children: [2, 5] },
      { id: 2, callFrame: { url: 'http://127.0.0.1:1/demo/app.js', functionName: 'onClick' }, children: [3] },
      { id: 3, callFrame: { url: sdk, functionName: 'boot' }, children: [4] },
      { id: 4, callFrame: { url: sdk, functionName: 'capture', columnNumber: 9 }, children: [7] },
      { id: 5, callFrame: { url: sdk, functionName: 'timer', columnNumber: 19 }, children: [6] },
      { id: 6, callFrame: { url: 'http://127.0.0.1:1/sdk/insights/send.js', functionName: 'send' } },
      { id: 7, callFrame: { url: '', functionName: '(garbage collector)' } },
    ],
    samples: [2, 3, 4, 4, 6, 5, 7, 1],
    timeDeltas: [0, 1000, 1000, 2000, 3000, 4000, 5000, 6000],
  };
  const isSdk = (url: string) => url.includes('/sdk/');

  it("charges each sample in the SDK's scripts to the outermost SDK function on its stack", () => {
    expect(entryFunctions(tree, isSdk)).toEqual([
      { name: 'timer (insights.js:1:20)', selfMs: 4 + 5 },
      { name: 'boot (insights.js:1:1)', selfMs: 1 + 2 + 3 },
    ]);
  });

  it("names a script's own top-level code, which no source map covers, as such", () => {
    const topLevel = {
      ...tree,
      nodes: tree.nodes.map((node) => (node.id === 3 ? { ...node, callFrame: { url: sdk } } : node)),
    };
    expect(entryFunctions(topLevel, isSdk).map((entry) => entry.name)).toContain('(top level) (insights.js)');
  });

  it('leaves out time outside the matching scripts, and keeps the `limit` costliest', () => {
    expect(entryFunctions(tree, isSdk, 1).map((entry) => entry.name)).toEqual(['timer (insights.js:1:20)']);
    expect(entryFunctions(tree, () => false)).toEqual([]);
  });
});
