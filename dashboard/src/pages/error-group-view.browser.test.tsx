import { describe, expect, it } from 'vitest';
import { renderedText } from '../../../tests/support/render-text.ts';
import { LatestStack, Occurrences } from './error-group-view.tsx';

// An `error` event stored before ingest checked props against the error schema may hold any JSON object, and the
// groups take `props.frames` whenever it is an array.
const odd = JSON.parse('[null, "at x", 7, {"function": {"toString": 1}, "file": {"toString": 1}, "line": 3}]');

describe('the error group view', () => {
  it('shows a stack whose frames are not frame objects instead of throwing', () => {
    const text = renderedText(
      <LatestStack frames={[...odd, { function: 'save', file: 'app.js', line: 1, inApp: true }]} />,
    );
    expect(text).toContain('(anonymous) 3');
    expect(text).toContain('save app.js:1');
  });

  it('shows occurrences whose breadcrumbs are not a list of breadcrumbs instead of throwing', () => {
    const event = (id: string, breadcrumbs: unknown) => ({
      id,
      type: 'error',
      sessionId: `session-${id}`,
      correctedTs: Date.UTC(2026, 0, 5),
      props: { fingerprint: 'f1', breadcrumbs },
    });
    const events = [
      event('a', 'clicked'),
      event('b', { length: 2 }),
      event('c', [null, { category: 'click', message: 'Save' }]),
    ];
    const state = { status: 'ok', data: { events } } as unknown as Parameters<typeof Occurrences>[0]['events'];
    const text = renderedText(<Occurrences fingerprint="f1" events={state} />);
    expect(text).toContain('session-a');
    expect(text).toContain('session-b');
    expect(text).toContain('click Save');
  });
});
