import type { LiveEvent } from '../../shared/bridge.ts';
import type { PropsOf } from '../../shared/events.ts';
import type { EventType } from '../../shared/wire.ts';

/** The Live tab's type filters; `other` is everything the named ones do not cover. */
export const LIVE_FILTERS = ['all', 'vital', 'error', 'api', 'track', 'page', 'other'] as const;
export type LiveFilter = (typeof LIVE_FILTERS)[number];

const NAMED = new Set<string>(LIVE_FILTERS);

/**
 * A live event's props as the event union (shared/events.ts) types them, every field optional: this is what the page
 * says, not checked, so readers below still coerce what they print.
 */
function propsOf<T extends EventType>(event: LiveEvent, _type: T): Partial<PropsOf<T>> {
  return (event.props ?? {}) as Partial<PropsOf<T>>;
}

/** One line of text for an event: what a person scans the list for. */
export function summarizeEvent(event: LiveEvent): string {
  switch (event.type) {
    case 'vital': {
      const { value, rating } = propsOf(event, 'vital');
      const name = String(event.name ?? event.props?.name);
      return `${name} ${formatVital(name, Number(value))} ${rating ? `(${String(rating)})` : ''}`.trim();
    }
    case 'error':
      return String(propsOf(event, 'error').message ?? event.name ?? 'error');
    case 'api': {
      const { method, route, status, duration } = propsOf(event, 'api');
      const url = event.props?.url;
      const outcome = status ?? (event.props?.error ? 'failed' : '?');
      const took = typeof duration === 'number' ? ` in ${Math.round(duration)} ms` : '';
      return `${String(method ?? 'GET')} ${String(route ?? url ?? '')} → ${String(outcome)}${took}`;
    }
    default:
      return `${event.name ?? ''}`;
  }
}

/** Events of the chosen type whose type, name or JSON contains `search` (case-insensitive). */
export function filterEvents(events: readonly LiveEvent[], filter: LiveFilter, search: string): LiveEvent[] {
  const needle = search.trim().toLowerCase();
  return events.filter((event) => {
    if (filter === 'other' ? NAMED.has(event.type) : filter !== 'all' && event.type !== filter) return false;
    return (
      !needle ||
      `${event.type} ${summarizeEvent(event)} ${JSON.stringify(event.props ?? {})}`.toLowerCase().includes(needle)
    );
  });
}

/** A vital's value as people read it: CLS unitless to 3 places, the rest in ms. */
export function formatVital(name: string, value: number): string {
  if (!Number.isFinite(value)) return '?';
  return name === 'CLS' ? value.toFixed(3) : `${Math.round(value)} ms`;
}

/** Each vital's updates in order (the last is its current value), by name. */
export function vitalSeries(events: readonly LiveEvent[]): Map<string, LiveEvent[]> {
  const series = new Map<string, LiveEvent[]>();
  for (const event of events) {
    if (event.type !== 'vital') continue;
    const name = String(event.name ?? event.props?.name);
    series.set(name, [...(series.get(name) ?? []), event]);
  }
  return series;
}

/**
 * Items the outbox dropped without delivery, summed from the widget's `client_report` events, by reason. The
 * widget sends each report's counts under `dropped` (`{ dropped: { overflow: 3 } }`, see shared/events.ts);
 * anything else in the props is not a count.
 */
export function countDrops(events: readonly LiveEvent[]): Record<string, number> {
  const drops: Record<string, number> = {};
  for (const event of events) {
    if (event.type !== 'client_report' || event.name !== 'dropped') continue;
    const counts = event.props?.dropped;
    if (typeof counts !== 'object' || counts === null || Array.isArray(counts)) continue;
    for (const [reason, count] of Object.entries(counts))
      if (typeof count === 'number' && Number.isFinite(count) && count > 0)
        drops[reason] = (drops[reason] ?? 0) + count;
  }
  return drops;
}
