import type { EventType } from '../../../shared/protocol.ts';

/** Analytics goes first when the outbox is full; errors next; what a person typed (feedback, bug reports) last. */
export const PRIORITY = { analytics: 0, error: 1, report: 2 } as const;

/** The default priority of an event type. */
export function priorityOf(type: EventType): number {
  switch (type) {
    case 'error':
      return PRIORITY.error;
    case 'nps':
    case 'feedback':
    case 'feature_request':
    case 'bug_report':
    case 'client_report':
      return PRIORITY.report;
    default:
      return PRIORITY.analytics;
  }
}
