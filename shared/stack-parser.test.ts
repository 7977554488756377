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

  it('stops at the frame limit', () => {
    const stack = Array.from({ length: 80 }, (_, index) => `    at f${index} (${APP}:${index + 1}:1)`).join('\n');
    expect(parseStack(stack, undefined, 50)).toHaveLength(50);
  });
});
