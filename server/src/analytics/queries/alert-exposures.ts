import { HOUR_MS } from '../projection/schema.ts';
import type { AnalyticsDb } from './analytics-db.ts';
import { bucketRange } from './bucket-range.ts';

/** Distinct exposed units per experiment and variation over an alert window. */
export interface ExposureUnits {
  experiment: string;
  variation: string;
  units: number;
}

/**
 * The inputs of a sample-ratio check: distinct units (the experiment's hash attribute) per variation of every
 * experiment exposed in the window (whole hours), forced and overridden exposures left out, from the hourly units rollup.
 */
export async function alertExposuresQuery(
  db: AnalyticsDb,
  { since, until }: { since: number; until: number },
): Promise<ExposureUnits[]> {
  const [first, end] = bucketRange(since, until, HOUR_MS);
  return db.all<ExposureUnits>(
    'SELECT experiment, variation, count(DISTINCT unit) AS units FROM rollup_exposure_units_hourly WHERE hour >= ? AND hour < ? GROUP BY ALL ORDER BY ALL',
    [first, end],
  );
}
