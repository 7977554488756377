import type { ErrorProps } from '../../shared/events.ts';

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
