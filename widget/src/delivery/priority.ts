import type { EventType } from '../../../shared/protocol.ts';

/** Analytics goes first when the outbox is full; errors next; what a person typed (feedback, bug reports) last. */
export const PRIORITY = { analytics: 0, error: 1, report: 2 } as const;

/** Event types that are not analytics; every other type is. */
const PRIORITY_OF: Partial<Record<EventType, number>> = {
  error: PRIORITY.error,
  nps: PRIORITY.report,
  feedback: PRIORITY.report,
  feature_request: PRIORITY.report,
  bug_report: PRIORITY.report,
  client_report: PRIORITY.report,
};

/** The default priority of an event type. */
export function priorityOf(type: EventType): number {
  return PRIORITY_OF[type] ?? PRIORITY.analytics;
}
