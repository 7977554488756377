import type { StoredEvent } from '../../../server/src/storage/types.ts';

/** Thrown, rejected and captured values in the shapes a page really produces, each with a marker in its message. */
export const ERROR_MARKERS = [
  'odd-thrown-error',
  'odd-thrown-string',
  '4242',
  'odd-thrown-object',
  'Uncaught null',
  'odd-no-stack',
  'odd-long-message',
  'odd-deep-stack',
  'odd-long-function',
  'odd-long-file',
  'odd-long-name',
  'odd-rejected-string',
  '"odd-rejected-object"',
  'undefined',
  'odd-rejected-error',
  'odd-dom-exception',
  'odd-captured-string',
  'odd-captured-object',
  'odd-numeric-name',
  'odd-kind-validation',
  'odd-kind-unknown',
  'odd-fingerprint-string',
  'odd-fingerprint-list',
  'odd-fingerprint-number',
  'odd-fingerprint-empty',
  'odd-fingerprint-long',
  'odd-context',
  'odd-fake-stack',
  'odd-null-context',
] as const;

/**
 * A page script (same origin, so its errors have real frames) that throws, rejects and captures values in the shapes
 * a page really produces, each with a marker from `ERROR_MARKERS` in its message.
 */
export const ODD_ERRORS = `
const later = (run) => setTimeout(run);
later(function throwsError() { throw new Error('odd-thrown-error'); });
later(function throwsString() { throw 'odd-thrown-string'; });
later(function throwsNumber() { throw 4242; });
later(function throwsObject() { throw { code: 'odd-thrown-object' }; });
later(function throwsNull() { throw null; });
const stackless = new Error('odd-no-stack');
stackless.stack = undefined;
later(function throwsStackless() { throw stackless; });
later(function throwsLongMessage() { throw new Error('odd-long-message ' + 'x'.repeat(100000)); });
Error.stackTraceLimit = 1000;
function deep(depth) {
  if (!depth) throw new RangeError('odd-deep-stack');
  deep(depth - 1);
}
later(() => deep(400));
const longName = 'handler_' + 'n'.repeat(300);
const holder = { [longName]() { throw new TypeError('odd-long-function'); } };
later(() => holder[longName]());
class LongNamed extends Error {
  name = 'Long' + 'N'.repeat(300) + 'Error';
}
later(function throwsLongName() { throw new LongNamed('odd-long-name'); });
// A script at a URL of some 900 characters: its frames' files are that long.
const script = document.createElement('script');
script.src = URL.createObjectURL(
  new Blob(["setTimeout(function fromLongUrl() { throw new Error('odd-long-file') }) //" + 'q'.repeat(900)], {
    type: 'text/javascript',
  }),
);
document.head.append(script);
void Promise.reject('odd-rejected-string');
void Promise.reject({ code: 'odd-rejected-object' });
void Promise.reject(undefined);
void Promise.reject(null);
void Promise.reject(new SyntaxError('odd-rejected-error'));
void Promise.reject(new DOMException('odd-dom-exception', 'AbortError'));
const { captureError } = window.crmInsights;
function captureOdd() {
  captureError('odd-captured-string');
  captureError({ message: 'odd-captured-object' });
  captureError({ name: 42, message: 'odd-numeric-name' });
  captureError(undefined);
  captureError(12345);
  captureError(new Error('odd-kind-validation'), { kind: 'validation' });
  captureError(new Error('odd-kind-unknown'), { kind: 'bogus' });
  captureError(new Error('odd-fingerprint-string'), { fingerprint: 'checkout' });
  captureError(new Error('odd-fingerprint-list'), { fingerprint: ['checkout', 'step-2'] });
  captureError(new Error('odd-fingerprint-number'), { fingerprint: 42 });
  captureError(new Error('odd-fingerprint-empty'), { fingerprint: [] });
  captureError(new Error('odd-fingerprint-long'), { fingerprint: 'f'.repeat(5000) });
  captureError(new Error('odd-context'), { dealId: 7, nested: { stages: ['won', 'lost'] }, note: null });
  captureError({
    name: 'Error',
    message: 'odd-fake-stack',
    stack: 'Error: odd-fake-stack\\n    at huge (https://cdn.example.test/app.js:123456789:987654321)',
  });
  captureError(new Error('odd-null-context'), null);
}
captureOdd();
`;

/** The markers no stored error's message contains. */
export function missingMarkers(stored: StoredEvent[], markers: readonly string[]): string[] {
  const messages = stored
    .filter((event) => event.type === 'error')
    .map((event) => String((event.props as { message?: unknown }).message));
  return markers.filter((marker) => !messages.some((message) => message.includes(marker)));
}
