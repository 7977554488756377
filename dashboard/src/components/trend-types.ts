/** `GET /api/analytics/trends`: one series' points, each dated by its hour or UTC day. */
export interface TrendsAnswer<P> {
  series: string;
  since: number;
  until: number;
  bucket: 'hour' | 'day';
  points: P[];
}

/** A point of `series=events`: events of one type and name in an hour (and a breakdown value when split). */
export interface EventPoint {
  hour: string;
  type: string;
  name: string | null;
  value?: string | null;
  events: number;
}

/** A point of `series=active-users`: people active that day, over 7 and over 30 days ending that day. */
export interface ActivePoint {
  day: string;
  dau: number;
  wau: number;
  mau: number;
}

/** A point of `series=errors`: one error group's occurrences in an hour. */
export interface ErrorPoint {
  hour: string;
  fingerprint: string;
  events: number;
  occurrences: number;
}

/** A point of `series=vitals`: p75 of one metric on one route template on one UTC day. */
export interface VitalPoint {
  day: string;
  route: string;
  metric: string;
  count: number;
  p75: number;
}
