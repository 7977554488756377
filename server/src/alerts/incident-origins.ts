import { fingerprintOf } from '../analytics/error-groups.ts';
import { routeTemplate } from '../analytics/projection/route-template.ts';
import type { StoredEvent } from '../storage/types.ts';
import { KIND_DEFAULTS } from './alert-rule.ts';
import type { AlertRule } from './alert-rule.ts';

/** Most origins an incident records; a condition true on more sites than this concerns them all anyway. */
export const MAX_INCIDENT_ORIGINS = 20;

/**
 * Which stored events can have made a rule's condition true for one key: their type, name and time window, and
 * the key as the analytics engine filters it (the error's fingerprint, or the vital's route template).
 */
export interface OriginSource {
  type: 'error' | 'vital';
  name?: string;
  fingerprint?: string;
  route?: string;
  since: number;
  /** Whether one of those events belongs to the incident's key (its error fingerprint, or its route template). */
  matches(event: StoredEvent): boolean;
}

/**
 * Where to look for the sites an incident concerns: the error events of its fingerprint (error kinds) or the
 * vitals of its metric on its route template (`vitals.p75`), within the rule's window before it opened. Other
 * kinds (NPS, SRM, client drops, ingest, health) watch the whole service: undefined, the incident names no site.
 */
export function originSource(
  rule: Pick<AlertRule, 'kind' | 'windowMinutes'>,
  key: string,
  openedAt: number,
): OriginSource | undefined {
  const since = openedAt - (rule.windowMinutes ?? KIND_DEFAULTS[rule.kind].windowMinutes) * 60_000;
  if (rule.kind.startsWith('error.'))
    return { type: 'error', fingerprint: key, since, matches: (event) => fingerprintOf(event) === key };
  if (rule.kind === 'vitals.p75') {
    // The key is `${metric} ${route template}` (alert-conditions.ts); a template never holds a space before its path.
    const space = key.indexOf(' ');
    const metric = key.slice(0, space);
    const route = key.slice(space + 1);
    return {
      type: 'vital',
      name: metric,
      route,
      since,
      matches: (event) => (routeTemplate(event.page?.path) ?? '') === route,
    };
  }
  return undefined;
}

/** The distinct page origins (`https://crm.example.com`) of the events that match, in first-seen order, capped. */
export function originsOf(events: readonly StoredEvent[], source: OriginSource): string[] {
  const origins = new Set<string>();
  for (const event of events) {
    if (origins.size >= MAX_INCIDENT_ORIGINS) break;
    const origin = pageOrigin(event.page?.url);
    if (origin && source.matches(event)) origins.add(origin);
  }
  return [...origins];
}

function pageOrigin(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}
