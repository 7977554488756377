import type { SqlDatabase } from '../storage/sql-database.ts';
import { createBugReportRepository } from './bug-report-repository.ts';
import type { BugReportRepository } from './bug-report-repository.ts';
import { createBugRoutingRepository } from './bug-routing-repository.ts';
import type { BugRoutingRepository } from './bug-routing-repository.ts';
import { createFeatureRequestRepository } from './feature-request-repository.ts';
import type { FeatureRequestRepository } from './feature-request-repository.ts';

export { FEATURE_REQUEST_STATUSES } from './feature-request-repository.ts';
export type { FeatureRequestStatus, RankedFeatureRequest } from './feature-request-repository.ts';
export type { BugReportSummary, BugReportTriage, StoredBugReport } from './bug-report-repository.ts';

/**
 * Storage of feature requests, votes, bug reports and routing rules (webhook attempts live in the outbound
 * delivery log).
 */
export interface FeedbackRepository extends FeatureRequestRepository, BugReportRepository, BugRoutingRepository {}

/** The repository over the shared SQL seam; the same queries run on SQLite and PostgreSQL. */
export function createFeedbackRepository(db: SqlDatabase): FeedbackRepository {
  return {
    ...createFeatureRequestRepository(db),
    ...createBugReportRepository(db),
    ...createBugRoutingRepository(db),
  };
}
