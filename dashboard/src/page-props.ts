import type { SessionRole } from './use-session.ts';
import type { DashboardLocation } from './use-location.ts';
import type { TimeRange } from './time-range.ts';

/** What every page is given: where it is, the chosen range and who is signed in. */
export interface PageProps {
  location: DashboardLocation;
  range: TimeRange;
  role: SessionRole;
}
