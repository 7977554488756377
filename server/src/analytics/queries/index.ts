import { alertErrorsQuery } from './alert-errors.ts';
import { alertExposuresQuery } from './alert-exposures.ts';
import { alertNpsQuery } from './alert-nps.ts';
import { alertVitalsQuery } from './alert-vitals.ts';
import { apiPerformanceQuery } from './api-performance.ts';
import { errorGroupQuery, errorGroupsQuery } from './error-groups.ts';
import { errorImpactQuery } from './error-impact.ts';
import { experimentResultsQuery } from './experiment-results.ts';
import { funnelQuery } from './funnel.ts';
import { incidentSessionsQuery } from './incident-sessions.ts';
import { longFrameScriptsQuery } from './long-frame-scripts.ts';
import { npsQuery } from './nps.ts';
import { overviewQuery } from './overview.ts';
import { retentionQuery } from './retention.ts';
import { revenueQuery } from './revenue.ts';
import { trendsQuery } from './trends.ts';
import { vitalsQuery } from './vitals.ts';

/** Every analytics read by name: the engine dispatches `run(name, params)` on this map and nothing else. */
export const ANALYTICS_QUERIES = {
  funnel: funnelQuery,
  retention: retentionQuery,
  experimentResults: experimentResultsQuery,
  vitals: vitalsQuery,
  errorGroups: errorGroupsQuery,
  errorGroup: errorGroupQuery,
  errorImpact: errorImpactQuery,
  nps: npsQuery,
  apiPerformance: apiPerformanceQuery,
  longFrameScripts: longFrameScriptsQuery,
  trends: trendsQuery,
  overview: overviewQuery,
  revenue: revenueQuery,
  alertErrors: alertErrorsQuery,
  alertVitals: alertVitalsQuery,
  alertNps: alertNpsQuery,
  alertExposures: alertExposuresQuery,
  incidentSessions: incidentSessionsQuery,
} as const;

/** The name of an analytics read. */
export type AnalyticsQueryName = keyof typeof ANALYTICS_QUERIES;
