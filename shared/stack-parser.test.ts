import { describe, expect, it } from 'vitest';
import { parseStack } from './stack-parser.ts';

// Real traces, as each engine printed them for the same kind of bug: a click handler calling an undefined method.
const CHROME = `TypeError: Cannot read properties of undefined (reading 'amount')
    at dealValue (https://crm.example.com/assets/app-3f9a.js:12:34)
    at Array.map (<anonymous>)
    at https://crm.example.com/assets/app-3f9a.js:20:5
    at async loadPipeline (https://crm.example.com/assets/app-3f9a.js:40:11)
    at new Board (https://crm.example.com/assets/app-3f9a.js:55:3)
    at eval (eval at compile (https://crm.example.com/assets/vendor.js:1:100), <anonymous>:3:7)
    at chrome-extension://abcdefghijklmnop/content.js:1:2`;

const FIREFOX = `dealValue@https://crm.example.com/assets/app-3f9a.js:12:34
loadPipeline/<@https://crm.example.com/assets/app-3f9a.js:20:5
loadPipeline@https://crm.example.com/assets/app-3f9a.js:40:11
@https://crm.example.com/assets/app-3f9a.js:70:1
handler@moz-extension://1234-5678/content.js:3:9`;

const SAFARI = `dealValue@https://crm.example.com/assets/app-3f9a.js:12:34
map@[native code]
https://crm.example.com/assets/app-3f9a.js:20:5
loadPipeline@https://crm.example.com/assets/app-3f9a.js:40:11
global code@https://crm.example.com/assets/app-3f9a.js:70:1
track@https://crm.example.com/insights.js:1:900`;

const APP = 'https://crm.example.com/assets/app-3f9a.js';

describe('parseStack', () => {
  it.each([
    [
      'Chrome',
      CHROME,
      [
        { function: 'dealValue', file: APP, line: 12, column: 34, inApp: true },
        { function: 'Array.map', inApp: false },
        { file: APP, line: 20, column: 5, inApp: true },
        { function: 'loadPipeline', file: APP, line: 40, column: 11, inApp: true },
        { function: 'Board', file: APP, line: 55, column: 3, inApp: true },
        { function: 'eval', file: 'https://crm.example.com/assets/vendor.js', line: 1, column: 100, inApp: true },
        { file: 'chrome-extension://abcdefghijklmnop/content.js', line: 1, column: 2, inApp: false },
      ],
    ],
    [
      'Firefox',
      FIREFOX,
      [
        { function: 'dealValue', file: APP, line: 12, column: 34, inApp: true },
        { function: 'loadPipeline', file: APP, line: 20, column: 5, inApp: true },
        { function: 'loadPipeline', file: APP, line: 40, column: 11, inApp: true },
        { file: APP, line: 70, column: 1, inApp: true },
        { function: 'handler', file: 'moz-extension://1234-5678/content.js', line: 3, column: 9, inApp: false },
      ],
    ],
    [
      'Safari',
      SAFARI,
      [
        { function: 'dealValue', file: APP, line: 12, column: 34, inApp: true },
        { file: APP, line: 20, column: 5, inApp: true },
        { function: 'loadPipeline', file: APP, line: 40, column: 11, inApp: true },
        { file: APP, line: 70, column: 1, inApp: true },
        { function: 'track', file: 'https://crm.example.com/insights.js', line: 1, column: 900, inApp: false },
      ],
    ],
    ['no stack', undefined, []],
    ['a message only', 'Error: boom', []],
  ])('%s', (_engine, stack, expected) => {
    expect(parseStack(stack)).toEqual(expected);
  });

  it('cuts a function name to the name limit and leaves out a line or column no real file has', () => {
    const name = `handler_${'n'.repeat(300)}`;
    expect(parseStack(`    at Object.${name} (${APP}:3:9)\n    at huge (${APP}:123456789:987654321)`)).toEqual([
      { function: `Object.${name}`.slice(0, 200), file: APP, line: 3, column: 9, inApp: true },
      { function: 'huge', file: APP, inApp: true },
    ]);
  });

  it('stops at the frame limit', () => {
    const stack = Array.from({ length: 80 }, (_, index) => `    at f${index} (${APP}:${index + 1}:1)`).join('\n');
    expect(parseStack(stack, { limit: 50 })).toHaveLength(50);
  });

  // V8 prints `${name}: ${message}` first; Firefox and Safari print no message. A message holding an `@`, a `:`,
  // line breaks or URLs must never become frames, nor be cut into a "function" and a "file".
  const MESSAGE =
    'lookup failed for jane.doe@example.com:8080\nsee https://crm.example.com/help:1:2\n    at fake (https://evil.example/x.js:1:1)\nuser@host:3';
  const REAL = [
    { function: 'lookup', file: APP, line: 3, column: 9, inApp: true },
    { file: APP, line: 9, column: 1, inApp: true },
  ];
  it.each([
    [
      'Chrome with the header given',
      `Error: ${MESSAGE}\n    at lookup (${APP}:3:9)\n    at ${APP}:9:1`,
      `Error: ${MESSAGE}`,
      REAL,
    ],
    [
      'Chrome without the header',
      `Error: lookup failed for jane.doe@example.com:8080\n    at lookup (${APP}:3:9)\n    at ${APP}:9:1`,
      undefined,
      REAL,
    ],
    ['Chrome, a message only', 'Error: lookup failed for jane.doe@example.com:8080', undefined, []],
    ['Chrome, a message only, header given', `Error: ${MESSAGE}`, `Error: ${MESSAGE}`, []],
    ['Firefox', `lookup@${APP}:3:9\n@${APP}:9:1`, `Error: ${MESSAGE}`, REAL],
    ['Safari', `lookup@${APP}:3:9\n${APP}:9:1\nmap@[native code]`, `Error: ${MESSAGE}`, REAL],
    ['Safari, a message with an @ that is not a frame', 'lookup failed for jane.doe@example.com', undefined, []],
    [
      'Firefox, blob and CDN files with an @ in the path',
      'a@blob:https://crm.example.com/4f2e:1:2\nb@https://cdn.example.com/lib@2.1.0/x.js:3:4\n@debugger eval code:1:1',
      undefined,
      [
        { function: 'a', file: 'blob:https://crm.example.com/4f2e', line: 1, column: 2, inApp: true },
        { function: 'b', file: 'https://cdn.example.com/lib@2.1.0/x.js', line: 3, column: 4, inApp: true },
        { file: 'debugger eval code', line: 1, column: 1, inApp: true },
      ],
    ],
  ])('%s: only the real frames', (_engine, stack, header, expected) => {
    const frames = parseStack(stack, { header });
    expect(frames).toEqual(expected);
    expect(JSON.stringify(frames)).not.toMatch(/jane|evil|host:/);
  });

  it('hands each line whole to the cleaner before splitting it, and skips lines too long to be frames', () => {
    const seen: string[] = [];
    const clean = (line: string) => {
      seen.push(line);
      return line.replace(/[\w.]+@[\w.]+\.\w+/g, '[email]');
    };
    const stack = `lookup jane.doe@example.com@${APP}:3:9\n${'x'.repeat(2000)}@${APP}:1:1`;
    expect(parseStack(stack, { clean })).toEqual([
      { function: 'lookup [email]', file: APP, line: 3, column: 9, inApp: true },
    ]);
    expect(seen).toEqual([`lookup jane.doe@example.com@${APP}:3:9`]);
  });
});
