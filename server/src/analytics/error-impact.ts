import { ratio } from './funnel.ts';
import { percentile } from './vitals-summary.ts';

/** Vitals and conversion of one set of sessions. */
export interface SessionSetStats {
  sessions: number;
  /** Sessions with the conversion event / sessions. */
  conversion: number;
  /** p75 per metric over the vitals recorded in these sessions. */
  vitalsP75: Record<string, number>;
}

/** Affected sessions (with the error) against the unaffected ones in the same period. */
export interface ErrorImpact {
  fingerprint: string;
  conversionEvent: string;
  affected: SessionSetStats;
  unaffected: SessionSetStats;
}

/**
 * Compares sessions that hit an error with those that did not: share of sessions that reached the conversion
 * event, and each vital's p75. `sessions` is every session seen in the period.
 */
export function errorImpact(input: {
  fingerprint: string;
  conversionEvent: string;
  sessions: readonly string[];
  affectedSessions: ReadonlySet<string>;
  convertedSessions: ReadonlySet<string>;
  vitals: readonly { sessionId: string; name: string; value: number }[];
}): ErrorImpact {
  const stats = (inSet: (session: string) => boolean): SessionSetStats => {
    const sessions = input.sessions.filter(inSet);
    const values = new Map<string, number[]>();
    for (const vital of input.vitals) {
      if (!inSet(vital.sessionId)) continue;
      values.set(vital.name, [...(values.get(vital.name) ?? []), vital.value]);
    }
    return {
      sessions: sessions.length,
      conversion: ratio(sessions.filter((session) => input.convertedSessions.has(session)).length, sessions.length),
      vitalsP75: Object.fromEntries(
        [...values.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([name, list]) => [name, percentile(list, 75)]),
      ),
    };
  };
  return {
    fingerprint: input.fingerprint,
    conversionEvent: input.conversionEvent,
    affected: stats((session) => input.affectedSessions.has(session)),
    unaffected: stats((session) => !input.affectedSessions.has(session)),
  };
}
