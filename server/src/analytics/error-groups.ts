import type { StoredEvent } from '../storage/types.ts';

/** What a group's owner decided; `regressed` is derived, not stored. */
export const ERROR_STATUSES = ['open', 'resolved', 'ignored'] as const;
export type ErrorStatus = (typeof ERROR_STATUSES)[number];

/** The stored decision for one fingerprint. */
export interface ErrorStatusRow {
  fingerprint: string;
  status: ErrorStatus;
  statusChangedAt: number;
}

/** One error group as the API answers it. */
export interface ErrorGroup {
  fingerprint: string;
  type: string;
  kind: string;
  /** The message of the latest occurrence. */
  message: string;
  /** Occurrences, including those the widget folded into one event (`props.count`). */
  count: number;
  /** Distinct people (user id, else anonymous id). */
  users: number;
  sessions: number;
  firstSeen: number;
  lastSeen: number;
  status: ErrorStatus;
  /** Resolved, then seen again after it was resolved. */
  regressed: boolean;
  /** The frames of the latest occurrence. */
  frames: unknown[];
}

/**
 * Groups `error` events by `props.fingerprint` (events without one group by type and message), newest
 * activity first, joining each owner's decision; a group resolved before its last occurrence is regressed.
 */
export function groupErrors(events: readonly StoredEvent[], statuses: readonly ErrorStatusRow[]): ErrorGroup[] {
  const decided = new Map(statuses.map((row) => [row.fingerprint, row]));
  const groups = new Map<string, { group: ErrorGroup; users: Set<string>; sessions: Set<string> }>();
  for (const event of events) {
    const props = event.props ?? {};
    const fingerprint = fingerprintOf(event);
    const entry = groups.get(fingerprint) ?? {
      group: {
        fingerprint,
        type: '',
        kind: '',
        message: '',
        count: 0,
        users: 0,
        sessions: 0,
        firstSeen: event.correctedTs,
        lastSeen: -1,
        status: 'open' as ErrorStatus,
        regressed: false,
        frames: [],
      },
      users: new Set<string>(),
      sessions: new Set<string>(),
    };
    const { group } = entry;
    group.count += typeof props.count === 'number' && props.count >= 1 ? props.count : 1;
    entry.users.add(event.userId ?? event.anonymousId);
    entry.sessions.add(event.sessionId);
    group.firstSeen = Math.min(group.firstSeen, event.correctedTs);
    if (event.correctedTs >= group.lastSeen) {
      group.lastSeen = event.correctedTs;
      group.type = typeof props.type === 'string' ? props.type : (event.name ?? 'Error');
      group.kind = typeof props.kind === 'string' ? props.kind : 'js';
      group.message = typeof props.message === 'string' ? props.message : '';
      group.frames = Array.isArray(props.frames) ? props.frames : [];
    }
    groups.set(fingerprint, entry);
  }
  return [...groups.values()]
    .map(({ group, users, sessions }) => {
      const decision = decided.get(group.fingerprint);
      const status = decision?.status ?? 'open';
      return {
        ...group,
        users: users.size,
        sessions: sessions.size,
        status,
        regressed: status === 'resolved' && group.lastSeen > decision!.statusChangedAt,
      };
    })
    .sort((a, b) => b.lastSeen - a.lastSeen || a.fingerprint.localeCompare(b.fingerprint));
}

/** The group key of an error event. */
export function fingerprintOf(event: StoredEvent): string {
  const props = event.props ?? {};
  if (typeof props.fingerprint === 'string' && props.fingerprint) return props.fingerprint;
  return `${event.name ?? 'Error'}: ${typeof props.message === 'string' ? props.message : ''}`;
}
