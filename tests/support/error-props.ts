import type { ErrorProps, StackFrame } from '../../shared/events.ts';

/**
 * Props of an `error` event that ingest takes (they match `ErrorPropsSchema`), with `patch` over them: for tests that
 * send errors through the API and care only about a few of the fields.
 */
export function errorProps(patch: Partial<ErrorProps> = {}): ErrorProps {
  return {
    kind: 'js',
    type: 'TypeError',
    message: 'x is undefined',
    fingerprint: 'fp-test',
    count: 1,
    handled: false,
    frames: [],
    breadcrumbs: [],
    ...patch,
  };
}

let nextId = 1;

/**
 * An `error` event of `release` that ingest takes, with `frames` and `patch` over its props; each call has an id of
 * its own, so no two are taken for one event sent twice.
 */
export function errorEvent(release: string, frames: StackFrame[], patch: Partial<ErrorProps> = {}) {
  return {
    id: `0190a000-0000-7000-8000-${String(nextId++).padStart(12, '0')}`,
    type: 'error',
    name: 'TypeError',
    ts: Date.now(),
    sessionId: '0190a000-0000-7000-8000-aaaaaaaaaaaa',
    anonymousId: '0190a000-0000-7000-8000-bbbbbbbbbbbb',
    context: { release },
    props: errorProps({ frames, ...patch }),
  };
}
