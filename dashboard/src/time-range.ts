/** The ranges the picker offers; `custom` takes `since` and `until` dates from the URL. */
export const RANGES = [
  { key: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { key: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { key: '30d', label: 'Last 30 days', ms: 30 * 86_400_000 },
] as const;
const DEFAULT_RANGE = '7d';

/** A resolved time range in epoch milliseconds, plus the picker's choice it came from. */
export interface TimeRange {
  key: string;
  since: number;
  until: number;
}

const MINUTE = 60_000;

/**
 * Reads the range from the URL: `range=24h|7d|30d`, or `range=custom&since=YYYY-MM-DD&until=YYYY-MM-DD`
 * (until inclusive, UTC days) or epoch milliseconds. Relative ranges end at the next whole minute, so every
 * panel of one page view asks about the same span.
 */
export function rangeFromParams(params: URLSearchParams, now: number = Date.now()): TimeRange | { error: string } {
  const key = params.get('range') ?? DEFAULT_RANGE;
  if (key === 'custom') {
    const since = parseDay(params.get('since'), false);
    const until = parseDay(params.get('until'), true);
    if (since === undefined || until === undefined)
      return { error: 'a custom range needs since and until dates (YYYY-MM-DD)' };
    if (since >= until) return { error: 'the custom range must start before it ends' };
    return { key, since, until };
  }
  const preset = RANGES.find((range) => range.key === key);
  if (!preset) return { error: `unknown range "${key}": choose 24h, 7d, 30d or custom` };
  const until = Math.ceil(now / MINUTE) * MINUTE;
  return { key, since: until - preset.ms, until };
}

function parseDay(value: string | null, endOfDay: boolean): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const start = Date.parse(`${value}T00:00:00Z`);
  if (!Number.isFinite(start)) return undefined;
  return endOfDay ? start + 86_400_000 : start;
}

/** The date input value (YYYY-MM-DD, UTC) of an epoch-ms time. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
