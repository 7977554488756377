import type { ANALYTICS_QUERIES } from './index.ts';

/**
 * Reads that answer from what the rollups hold without waiting for the projector to catch up first (it keeps them
 * within seconds of the record; the overview says how fresh): the dashboard's first screen and the alert checks.
 */
export const ROLLUP_READS: ReadonlySet<string> = new Set([
  'overview',
  'alertErrors',
  'alertVitals',
  'alertNps',
  'alertExposures',
] satisfies (keyof typeof ANALYTICS_QUERIES)[]);
