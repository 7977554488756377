import { describe, expect, it } from 'vitest';
import type { StackFrame } from './events.ts';
import { fingerprint, normalizeFile, normalizeMessage } from './fingerprint.ts';

const frame = (fn: string, file: string, line = 1, column = 1, inApp = true): StackFrame => ({
  function: fn,
  file,
  line,
  column,
  inApp,
});
const bug = {
  type: 'TypeError',
  message: "Cannot read properties of undefined (reading 'amount')",
  frames: [
    frame('dealValue', 'https://crm.example.com/assets/app-3f9a1c.js', 12, 34),
    frame('render', 'https://crm.example.com/assets/app-3f9a1c.js', 40, 2),
  ],
};

describe('normalizeMessage', () => {
  it.each([
    ['Contact 123 not found', 'Contact <n> not found'],
    ['Deal 0190a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b missing', 'Deal <uuid> missing'],
    ["Cannot read properties of undefined (reading 'amount')", 'Cannot read properties of undefined (reading <str>)'],
    ['Failed to fetch https://api.example.com/contacts/9?x=1', 'Failed to fetch <url>'],
    ['object 5f2b8c9e1a3d at 0x7ffe', 'object <n> at <n>'],
    ['  many\n  spaces ', 'many spaces'],
  ])('%s', (message, expected) => {
    expect(normalizeMessage(message)).toBe(expected);
  });
});

describe('normalizeFile', () => {
  it.each([
    ['https://crm.example.com/assets/app-3f9a1c.js', 'app.js'],
    ['https://crm.example.com/assets/app.3f9a1c2d.js?v=2', 'app.js'],
    ['https://crm.example.com/assets/pipeline-board.js', 'pipeline-board.js'],
    ['/demo/app.js', 'app.js'],
    [undefined, ''],
  ])('%s → %s', (file, expected) => {
    expect(normalizeFile(file)).toBe(expected);
  });
});

describe('fingerprint', () => {
  const base = fingerprint(bug);
  it.each([
    [
      'other lines and columns (a new deploy)',
      { ...bug, frames: bug.frames.map((f) => ({ ...f, line: f.line! + 7, column: 3 })) },
    ],
    [
      'another build hash in the file name',
      { ...bug, frames: bug.frames.map((f) => ({ ...f, file: 'https://crm.example.com/assets/app-99ee0b.js' })) },
    ],
    [
      'another origin',
      { ...bug, frames: bug.frames.map((f) => ({ ...f, file: 'https://staging.example.com/assets/app-3f9a1c.js' })) },
    ],
    [
      'a vendor frame on top',
      {
        ...bug,
        frames: [frame('lodashGet', 'https://cdn.example.com/node_modules/lodash.js', 1, 1, false), ...bug.frames],
      },
    ],
  ])('stays the same for %s', (_case, variant) => {
    expect(fingerprint(variant)).toBe(base);
  });

  it('ignores frames deeper than the top three in-app ones', () => {
    const three = { ...bug, frames: [...bug.frames, frame('main', 'https://crm.example.com/assets/app-3f9a1c.js')] };
    expect(fingerprint({ ...three, frames: [...three.frames, frame('a', 'x.js'), frame('b', 'y.js')] })).toBe(
      fingerprint(three),
    );
  });

  it('stays the same when only ids in the message differ', () => {
    const one = { type: 'Error', message: 'Contact 123 not found', frames: bug.frames };
    expect(fingerprint(one)).toBe(fingerprint({ ...one, message: 'Contact 98765 not found' }));
  });

  it.each([
    ['another error type', { ...bug, type: 'RangeError' }],
    ['another message', { ...bug, message: 'deal.stage is not a function' }],
    [
      'another function',
      {
        ...bug,
        frames: [frame('contactName', 'https://crm.example.com/assets/app-3f9a1c.js', 12, 34), bug.frames[1]!],
      },
    ],
    [
      'another file',
      { ...bug, frames: [frame('dealValue', 'https://crm.example.com/assets/reports.js'), bug.frames[1]!] },
    ],
  ])('changes for %s', (_case, variant) => {
    expect(fingerprint(variant)).not.toBe(base);
  });

  it('uses a custom fingerprint instead of the computed parts', () => {
    const custom = fingerprint({ ...bug, custom: ['checkout', 'payment-declined'] });
    expect(custom).toMatch(/^[0-9a-f]{16}$/);
    expect(custom).not.toBe(base);
    expect(fingerprint({ type: 'Other', message: 'other', frames: [], custom: ['checkout', 'payment-declined'] })).toBe(
      custom,
    );
  });

  it('is 16 hex digits', () => {
    expect(base).toMatch(/^[0-9a-f]{16}$/);
  });
});
