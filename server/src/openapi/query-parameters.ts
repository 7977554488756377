import * as v from 'valibot';
import { QUERY_TIME_PATTERN, TIME_FORMAT_MESSAGE } from '../query-params.ts';

// Query parameters as the document shows them: strings with the bounds `query-params.ts` enforces, so the
// document states the same limits (and the same words) as the 400s the parser answers with.

/** A time parameter (`since`, `until`, `before`), read by `queryTime`. */
export const TimeParam = (meaning: string) =>
  v.optional(v.pipe(v.string(), v.regex(QUERY_TIME_PATTERN), v.description(`${meaning}: ${TIME_FORMAT_MESSAGE}.`)));

/** An integer parameter from `min` to `max`, read by `queryInteger`/`queryLimit`. */
export const IntegerParam = (meaning: string, fallback: number, min: number, max: number) =>
  v.optional(
    v.pipe(
      v.string(),
      v.regex(/^-?\d{1,16}$/),
      v.description(`${meaning}: an integer from ${min} to ${max}, default ${fallback}.`),
    ),
  );

/** `limit`, read by `queryLimit`. */
export const LimitParam = (fallback = 100, max = 1000) => IntegerParam('Page size', fallback, 1, max);

/** A free-text parameter the route compares as it is; read by `queryText` when `maxLength` is given. */
export const TextParam = (meaning: string, maxLength?: number) =>
  v.optional(
    maxLength === undefined
      ? v.pipe(v.string(), v.description(meaning))
      : v.pipe(v.string(), v.maxLength(maxLength), v.description(`${meaning} At most ${maxLength} characters.`)),
  );

/** A web origin (`https://crm.example.com`: scheme, host and port, no path), read by `queryOrigin`. */
export const OriginParam = (meaning: string) =>
  v.optional(v.pipe(v.string(), v.regex(/^https?:\/\/[^/?#]+$/), v.description(meaning)));

/** A parameter that takes one of a few words. */
export const ChoiceParam = <const T extends readonly [string, ...string[]]>(choices: T, meaning: string) =>
  v.optional(v.pipe(v.picklist(choices), v.description(meaning)));

/** The `since`/`until` pair most reads take; `defaultSince` says where a range without `since` starts. */
export const RangeParams = (defaultSince: string) => ({
  since: TimeParam(`Start of the range, inclusive (default ${defaultSince})`),
  until: TimeParam('End of the range, exclusive (default now)'),
});

/** A parameter that may be given more than once (`?metric=a&metric=b`). */
export const RepeatedParam = (meaning: string) => v.optional(v.pipe(v.array(v.string()), v.description(meaning)));
