// Kept free of imports so the dashboard can show the kinds and their defaults without the validator.

/** What a rule watches. See docs/operations.md ("Alert kinds") for each one's condition and defaults. */
export const ALERT_KINDS = [
  'error.new',
  'error.spike',
  'error.regression',
  'vitals.p75',
  'nps.drop',
  'experiment.srm',
  'client.drops',
  'ingest.errors',
  'health.score',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** The defaults each kind uses when a rule leaves them out. */
export const KIND_DEFAULTS: Record<
  AlertKind,
  { threshold: number; windowMinutes: number; minCount: number; unit: string }
> = {
  'error.new': { threshold: 0, windowMinutes: 5, minCount: 1, unit: 'occurrences' },
  'error.spike': { threshold: 3, windowMinutes: 5, minCount: 10, unit: 'x baseline' },
  'error.regression': { threshold: 0, windowMinutes: 5, minCount: 1, unit: 'occurrences' },
  'vitals.p75': { threshold: 2500, windowMinutes: 60, minCount: 5, unit: 'ms' },
  'nps.drop': { threshold: 10, windowMinutes: 7 * 24 * 60, minCount: 10, unit: 'points' },
  'experiment.srm': { threshold: 0.001, windowMinutes: 24 * 60, minCount: 100, unit: 'p-value' },
  'client.drops': { threshold: 100, windowMinutes: 5, minCount: 1, unit: 'events/min' },
  'ingest.errors': { threshold: 0.05, windowMinutes: 5, minCount: 1, unit: 'share of ingest requests' },
  'health.score': { threshold: 70, windowMinutes: 5, minCount: 1, unit: 'score' },
};
