import type { MiddlewareHandler } from 'hono';
import { HttpError } from './http-errors.ts';

/** Earliest time a query may name: 1970-01-01. */
const QUERY_TIME_MIN = 0;
/** Latest time a query may name: 2200-01-01, far beyond any stored event yet inside what `Date` can print. */
export const QUERY_TIME_MAX = Date.UTC(2200, 0, 1);

// Strict ISO 8601 (the subset `Date` reads the same in every engine): a date, optionally a time with optional
// seconds and fraction, and a zone (Z or ±hh:mm) whenever a time is given, so no reading depends on the server's zone.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;
const EPOCH_MS = /^\d{1,15}$/;
/** What `parseTime` reads, as one pattern (epoch milliseconds or strict ISO 8601): the API document shows it. */
export const QUERY_TIME_PATTERN = new RegExp(`${EPOCH_MS.source}|${ISO_8601.source}`);

/**
 * Reads a time as epoch milliseconds or strict ISO 8601 (`2026-01-31`, `2026-01-31T09:30:00Z`,
 * `2026-01-31T09:30:00.000+01:00`), within 1970–2200; anything else is undefined. There is deliberately no
 * `Date.parse` fallback: it reads free text such as `' OR '1'='1` as a date.
 */
export function parseTime(value: string): number | undefined {
  let time: number;
  if (EPOCH_MS.test(value)) time = Number(value);
  else if (ISO_8601.test(value)) {
    time = Date.parse(value);
    // Date.parse rolls 2026-02-31 over into March: the calendar date is checked on its own.
    if (!Number.isFinite(time) || !sameCalendarDate(value)) return undefined;
  } else return undefined;
  return time >= QUERY_TIME_MIN && time <= QUERY_TIME_MAX ? time : undefined;
}

/** What a 400 for a bad time says, so every route words it the same way. */
export const TIME_FORMAT_MESSAGE =
  'must be epoch milliseconds or an ISO 8601 date (2026-01-31 or 2026-01-31T09:30:00Z), between 1970 and 2200';

/** Parses an optional time query parameter (see `parseTime`), or answers 400. */
export function queryTime(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const time = parseTime(value);
  if (time === undefined) throw new HttpError(400, `${name} ${TIME_FORMAT_MESSAGE}`);
  return time;
}

/** Parses an optional integer query parameter within bounds, or answers 400 saying what is allowed. */
export function queryInteger(
  value: string | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined || value === '') return fallback;
  const number = /^-?\d{1,16}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(number) || number < min || number > max)
    throw new HttpError(400, `${name} must be an integer from ${min} to ${max}`);
  return number;
}

/** Parses a page size from 1 to `max` (1000 unless a route allows less), or answers 400. */
export function queryLimit(value: string | undefined, fallback = 100, max = 1000): number {
  return queryInteger(value, 'limit', fallback, 1, max);
}

/** Parses an optional query parameter that must be one of `choices`, or answers 400 listing them. */
export function queryChoice<T extends string>(
  value: string | undefined,
  name: string,
  choices: readonly T[],
): T | undefined {
  if (value === undefined || value === '') return undefined;
  if (!choices.includes(value as T)) throw new HttpError(400, `${name} must be one of ${choices.join(', ')}`);
  return value as T;
}

/** Parses an optional free-text query parameter (an id or a name) of at most `maxLength` characters, or answers 400. */
export function queryText(value: string | undefined, name: string, maxLength = 200): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.length > maxLength) throw new HttpError(400, `${name} is longer than ${maxLength} characters`);
  return value;
}

/** Parses an optional web origin (`https://crm.example.com`, scheme and host and port only), or answers 400. */
export function queryOrigin(value: string | undefined, name: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  let origin: string | undefined;
  try {
    origin = new URL(value).origin;
  } catch {
    origin = undefined;
  }
  if (origin !== value || !/^https?:/.test(value))
    throw new HttpError(
      400,
      `${name} must be a web origin such as https://crm.example.com (no path, no trailing slash)`,
    );
  return origin;
}

function sameCalendarDate(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Refuses with 400 a URL whose path or query holds a NUL character (`%00`): no id, name or filter contains one,
 * and PostgreSQL refuses it in any text parameter.
 */
export const refuseNulInUrl: MiddlewareHandler = async (context, next) => {
  if (/%00|\u0000/i.test(context.req.url))
    throw new HttpError(400, 'the URL contains a NUL character (%00), which no parameter may hold');
  return next();
};
