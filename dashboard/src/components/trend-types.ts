import type { TrendsAnswer as ServerTrendsAnswer } from '../../../server/src/analytics/queries/trends.ts';

/** `GET /api/analytics/trends`: the server's answer, with the points of the series the page asked for typed. */
export type TrendsAnswer<P> = Omit<ServerTrendsAnswer, 'points'> & { points: P[] };

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
