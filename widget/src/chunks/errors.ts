// The errors chunk: stack parsing (Chrome, Firefox, Safari), fingerprints, deduplication and the per-session cap.
// The script tag's core loads it on the page's first error (see capture/lazy-error-reporter.ts).
export { createErrorReporter } from '../capture/error-reporter.ts';
