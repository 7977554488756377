import type { Storage, StoredEvent } from '../../storage/types.ts';
import { fingerprintOf } from '../error-groups.ts';
import type { VitalRow } from '../vitals-summary.ts';

/** A row of the vitals read model, with the session and time the legacy reads filter it on. */
type LegacyVitalRow = VitalRow & { sessionId: string; ts: number };

/** The events the legacy reads loop over: each call loads the whole record again, as the old routes did. */
export interface LegacyEvents {
  /** Every event, in record order (rowid). */
  all(): Promise<StoredEvent[]>;
  /** The errors in [since, until), of one fingerprint when given, by time. */
  errors(since: number, until: number, fingerprint?: string): Promise<StoredEvent[]>;
  /** The vitals read model as ingest kept it, in [since, until) and on one path when given. */
  vitals(since: number, until: number, path?: string): Promise<LegacyVitalRow[]>;
}

/** Whether an event happened in [since, until). */
export const inRange = (event: StoredEvent, since: number, until: number) =>
  event.correctedTs >= since && event.correctedTs < until;

/** Oldest first; events at the same time by id. */
export const byTime = (a: StoredEvent, b: StoredEvent) =>
  a.correctedTs - b.correctedTs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The legacy reads' view of a store's events. */
export function legacyEvents(storage: Storage): LegacyEvents {
  const all = async (): Promise<StoredEvent[]> =>
    (await storage.db.all<{ body: string }>('SELECT body FROM events ORDER BY rowid')).map(
      (row) => JSON.parse(row.body) as StoredEvent,
    );
  return {
    all,
    errors: async (since, until, fingerprint) =>
      (await all())
        .filter(
          (event) =>
            event.type === 'error' &&
            inRange(event, since, until) &&
            (fingerprint === undefined || fingerprintOf(event) === fingerprint),
        )
        .sort(byTime),
    vitals: async (since, until, path) =>
      [...latestVitals(await all()).values()].filter(
        (row) => row.ts >= since && row.ts < until && (path === undefined || row.path === path),
      ),
  };
}

/** The last report of each metric id, in record order: a later report of the same metric replaces the earlier. */
function latestVitals(events: readonly StoredEvent[]): Map<string, LegacyVitalRow> {
  const latest = new Map<string, LegacyVitalRow>();
  for (const event of events) {
    const props = event.props ?? {};
    if (event.type !== 'vital' || !event.name || typeof props.value !== 'number') continue;
    const rating = typeof props.rating === 'string' ? props.rating : null;
    latest.set(typeof props.id === 'string' && props.id ? props.id : event.id, {
      path: event.page?.path ?? '',
      name: event.name,
      value: props.value,
      rating,
      sessionId: event.sessionId,
      ts: event.correctedTs,
    });
  }
  return latest;
}
