import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InsightEvent } from '../../../shared/protocol.ts';
import { createBreadcrumbs } from './breadcrumbs.ts';
import { createErrorReporter, describe as describeError } from './error-reporter.ts';

type Captured = Parameters<(event: Omit<InsightEvent, 'id' | 'ts' | 'sessionId' | 'anonymousId'>) => void>[0];

/** A Storage over a Map, as sessionStorage behaves. */
function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
    clear: () => map.clear(),
    key: () => null,
    get length() {
      return map.size;
    },
  };
}

function setup(options: { dedupWindow?: number; maxErrorsPerSession?: number } = {}, sessionStorage = memoryStorage()) {
  const sent: Captured[] = [];
  const breadcrumbs = createBreadcrumbs(() => 1000);
  const reporter = createErrorReporter(
    { capture: (event) => sent.push(event), getSessionId: () => 'session-1' },
    breadcrumbs,
    options,
    { now: () => 1000, setTimeout: (run, ms) => setTimeout(run, ms), sessionStorage },
  );
  const props = (index: number) => sent[index]!.props as Record<string, unknown>;
  return { sent, reporter, breadcrumbs, props };
}

const bug = () => {
  const error = new TypeError("Cannot read properties of undefined (reading 'amount')");
  error.stack = `TypeError: Cannot read properties of undefined (reading 'amount')\n    at dealValue (https://crm.example.com/app.js:12:34)\n    at render (https://crm.example.com/app.js:40:2)`;
  return error;
};

describe('the error reporter', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends an error with parsed frames, a fingerprint and the breadcrumbs so far', () => {
    const { sent, reporter, breadcrumbs, props } = setup();
    breadcrumbs.add('click', 'button[aria-label="Sum"]');
    reporter.report(bug());
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ type: 'error', name: 'TypeError' });
    expect(props(0)).toMatchObject({
      kind: 'js',
      handled: false,
      count: 1,
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(props(0).frames).toEqual([
      { function: 'dealValue', file: 'https://crm.example.com/app.js', line: 12, column: 34, inApp: true },
      { function: 'render', file: 'https://crm.example.com/app.js', line: 40, column: 2, inApp: true },
    ]);
    expect(props(0).breadcrumbs).toEqual([{ ts: 1000, category: 'click', message: 'button[aria-label="Sum"]' }]);
  });

  it('keeps every part of an email in a message out of the frames and the message, whatever the engine', () => {
    const { sent, reporter, props } = setup();
    const chrome = new Error('lookup failed for jane.doe@example.com');
    chrome.stack = 'Error: lookup failed for jane.doe@example.com\n    at lookup (https://crm.example.com/app.js:3:9)';
    const firefox = new Error('lookup failed for jane.doe@example.com:8080');
    firefox.stack = 'lookup@https://crm.example.com/app.js:3:9\n@https://crm.example.com/app.js:9:1';
    const multiline = new Error('no contact\njane.doe@example.com:42\n    at fake (https://evil.example/x.js:1:1)');
    multiline.stack = `Error: ${multiline.message}\n    at lookup (https://crm.example.com/app.js:3:9)`;
    for (const error of [chrome, firefox, multiline]) reporter.report(error);
    expect(sent).toHaveLength(3);
    for (const index of [0, 1, 2]) {
      expect(JSON.stringify(props(index))).not.toMatch(/jane|doe|@example/);
      expect(JSON.stringify(props(index).frames)).not.toMatch(/evil|example\.com:/);
      expect(
        (props(index).frames as { function?: string; file?: string }[]).every((frame) =>
          frame.file?.startsWith('https://crm.example.com/'),
        ),
      ).toBe(true);
    }
    expect(props(0).message).toBe('lookup failed for [email]');
    expect(props(0).frames).toEqual([
      { function: 'lookup', file: 'https://crm.example.com/app.js', line: 3, column: 9, inApp: true },
    ]);
    // The same failure for another user groups with it: the fingerprint is of the scrubbed message.
    const other = new Error('lookup failed for john.roe@example.org');
    other.stack = 'Error: lookup failed for john.roe@example.org\n    at lookup (https://crm.example.com/app.js:3:9)';
    reporter.report(other);
    expect(sent).toHaveLength(3);
  });

  it('folds identical errors within the window into one more event with their count', () => {
    const { sent, reporter, props } = setup({ dedupWindow: 5000 });
    for (let index = 0; index < 4; index++) reporter.report(bug());
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(5000);
    expect(sent).toHaveLength(2);
    expect(props(1).count).toBe(3);
    expect(props(1).fingerprint).toBe(props(0).fingerprint);
    // After the window, the same error is new again.
    reporter.report(bug());
    expect(sent).toHaveLength(3);
  });

  it('stops at the per-session cap, across pages of the session', () => {
    const storage = memoryStorage();
    const first = setup({ maxErrorsPerSession: 3, dedupWindow: 1 }, storage);
    for (let index = 0; index < 2; index++) first.reporter.report(new Error(`bug number ${'x'.repeat(index + 1)}`));
    const second = setup({ maxErrorsPerSession: 3, dedupWindow: 1 }, storage);
    for (let index = 0; index < 5; index++) second.reporter.report(new Error(`other bug ${'y'.repeat(index + 1)}`));
    expect(first.sent.length + second.sent.length).toBe(3);
  });

  it('never reports an error thrown inside the widget as the app’s', () => {
    const { sent, reporter } = setup();
    const own = new Error('boom');
    own.stack =
      'Error: boom\n    at flush (https://crm.example.com/insights.js:1:900)\n    at https://crm.example.com/app.js:3:3';
    reporter.report(own);
    expect(sent).toHaveLength(0);
  });

  it('keeps captureError details and a custom fingerprint', () => {
    const { reporter, props } = setup({ dedupWindow: 5000 });
    reporter.report(new Error('card declined'), {
      kind: 'validation',
      handled: true,
      fingerprint: ['checkout', 'declined'],
      context: { step: 'payment' },
    });
    reporter.report(new Error('card expired'), {
      kind: 'validation',
      handled: true,
      fingerprint: ['checkout', 'declined'],
    });
    expect(props(0)).toMatchObject({ kind: 'validation', handled: true, context: { step: 'payment' } });
    // Different messages, one custom group: the second is a repeat of the first.
    vi.advanceTimersByTime(5000);
    expect(props(1)).toMatchObject({ message: 'card expired', count: 1, fingerprint: props(0).fingerprint });
  });

  it('reports a kind a plain JS caller made up as the default kind', () => {
    const { reporter, props } = setup();
    reporter.report(new Error('odd kind'), { kind: 'fatal' as never, handled: true });
    expect(props(0)).toMatchObject({ kind: 'js', handled: true });
  });

  it('groups by a fingerprint given as a number, and never throws a value it cannot describe into the page', () => {
    const { reporter, sent, props } = setup();
    expect(() => reporter.report(new Error('not found'), { fingerprint: 404 as never })).not.toThrow();
    expect(() => reporter.report({ message: Object.create(null) })).not.toThrow();
    expect(sent).toHaveLength(1);
    expect(props(0)).toMatchObject({ message: 'not found', fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });

  it.each([
    [new RangeError('bad length'), { type: 'RangeError', message: 'bad length' }],
    ['plain string', { type: 'Error', message: 'plain string' }],
    [{ code: 42 }, { type: 'Error', message: '{"code":42}' }],
    [
      { name: 'AbortError', message: 'aborted' },
      { type: 'AbortError', message: 'aborted' },
    ],
    [undefined, { type: 'Error', message: 'undefined' }],
    [
      { name: 42, message: 'numeric name' },
      { type: 'Error', message: 'numeric name' },
    ],
    [{ name: `Long${'N'.repeat(300)}`, message: 'long name' }, { type: `Long${'N'.repeat(196)}` }],
  ])('describes %j', (thrown, expected) => {
    expect(describeError(thrown)).toMatchObject(expected);
  });
});
