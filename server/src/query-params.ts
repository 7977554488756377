import { HttpError } from './http-errors.ts';

/** Parses an optional time query parameter (epoch milliseconds or an ISO date), or answers 400. */
export function queryTime(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const time = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(time)) throw new HttpError(400, `${name} must be epoch milliseconds or an ISO date`);
  return time;
}

/** Parses a page size from 1 to 1000, or answers 400. */
export function queryLimit(value: string | undefined, fallback = 100): number {
  const limit = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new HttpError(400, 'limit must be an integer from 1 to 1000');
  return limit;
}
